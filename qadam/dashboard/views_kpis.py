"""The national dashboard's pages: targets beside actuals with the map and the trend, a
region's colleges, and the ministry's edit of a target. Other roles: 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.forms import apply_service_errors
from qadam.common.http import get_or_404
from qadam.dashboard import policies, services
from qadam.dashboard.forms import KpiTargetForm
from qadam.dashboard.kpis.definitions import BY_KEY
from qadam.dashboard.selectors_kpis import kpi_board, kpi_region_detail, kpi_target_get


@login_required
def kpi_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    board = get_or_404(kpi_board, request.user)
    chosen = request.GET.get("kpi", "")
    kpi = next((k for k in board.kpis if k["key"] == chosen), board.kpis[0])
    map_data = [
        {
            "key": k["key"],
            "label": k["label"],
            "unit": k["unit_label"],
            "share": BY_KEY[k["key"]].is_share,
            "regions": [
                {"iso": r["region"], "name": r["name"], "actual": r["actual"]}
                for r in k["by_region"]
            ],
            "trend": k["trend"],
        }
        for k in board.kpis
    ]
    context = {
        "board": board,
        "kpi": kpi,
        "map_data": map_data,
        "may_edit": policies.may_edit_kpi_targets(request.user),
        "export_query": "",
    }
    return render(request, "dashboard/kpis.html", context)


@login_required
def kpi_region(request: AuthenticatedHttpRequest, iso_code: str) -> HttpResponse:
    key = request.GET.get("kpi", "state_funded_seats")
    detail = get_or_404(kpi_region_detail, request.user, iso_code=iso_code, key=key)
    return render(request, "dashboard/kpi_region.html", detail)


@login_required
def kpi_target_edit(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    target = get_or_404(kpi_target_get, request.user, key=key)
    form = KpiTargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_target_update(
                actor=request.user, target=target, changes=form.changes(), seen=form.seen()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The target is saved."))
            return redirect("dashboard:kpis")
    context = {"form": form, "target": target, "indicator": BY_KEY.get(key)}
    return render(request, "dashboard/kpi_target_form.html", context)
