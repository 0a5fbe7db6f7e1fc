"""The round's quotas page: each quota with what it placed and cost, and for the ministry the
form that adds one and the buttons that remove one (ADR 0013)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.errors import ApplicationError
from qadam.common.forms import apply_service_errors
from qadam.common.http import get_or_404
from qadam.placements import policies, selectors, services
from qadam.placements.forms import QuotaForm


@login_required
def round_quotas(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    placement_round = get_or_404(selectors.round_get, request.user, round_id=round_id)
    may_set = policies.may_set_quotas(request.user, placement_round)
    form = QuotaForm(request.POST or None)
    if request.method == "POST":
        policies.require_quota_setter(request.user)
        if form.is_valid():
            try:
                services.quota_create(
                    actor=request.user, placement_round=placement_round, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The quota is set; it applies from the next match."))
                return redirect("placements:round_quotas", round_id=round_id)
    rows, overall = selectors.quota_rows(user=request.user, placement_round=placement_round)
    context = {
        "round": placement_round,
        "rows": rows,
        "overall": overall,
        "may_set": may_set,
        "form": form,
    }
    return render(request, "placements/round_quotas.html", context)


@login_required
@require_POST
def quota_delete(request: AuthenticatedHttpRequest, round_quota_id: int) -> HttpResponse:
    quota = get_or_404(selectors.quota_get, request.user, quota_id=round_quota_id)
    try:
        services.quota_delete(actor=request.user, quota=quota)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The quota is removed; it stops applying at the next match."))
    return redirect("placements:round_quotas", round_id=quota.round_id)
