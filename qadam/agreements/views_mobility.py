"""Academic-mobility pages: parse the request, call the selectors or a service, render.

Records a user may not read are 404; writes by a role that may not write are 403. Analysts
get the list page's figures and charts but no table, no names and no export (the list's
export is `agreements.mobility` of qadam.agreements.exporters).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.agreements import charts_mobility, policies, services
from qadam.agreements import selectors_mobility as selectors
from qadam.agreements.choices import Direction, MobilityFunding, MobilityStatus, PersonKind
from qadam.agreements.filters import MobilityFilters
from qadam.agreements.forms_mobility import MobilityForm, MobilityReturnForm
from qadam.agreements.models import Mobility
from qadam.agreements.scope import visible_agreements
from qadam.common.forms import apply_service_errors
from qadam.common.http import get_or_404
from qadam.common.pagination import list_template, paginate
from qadam.common.selectors import audit_history
from qadam.registry import selectors as registry_selectors
from qadam.registry.choices import InstitutionKind

LIST_PAGE = "agreements/mobility_list.html"
RESULTS = "agreements/mobility_results.html"


def _mobility(request: AuthenticatedHttpRequest, mobility_id: int) -> Mobility:
    return get_or_404(selectors.mobility_get, request.user, mobility_id=mobility_id)


@login_required
def mobility_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    filters = MobilityFilters.from_query(request.GET)
    sees_names = selectors.mobility_sees_names(user=user)
    template = list_template(request, LIST_PAGE, RESULTS)
    russia: dict[str, Any] | None = None
    if template == LIST_PAGE:  # the whole page shows Russia's summary beside the figures
        figures, russia = selectors.mobility_figures_and_russia(user=user, filters=filters)
    else:
        figures = selectors.mobility_figures(user=user, filters=filters)
    context: dict[str, Any] = {
        "filters": filters,
        "query": filters.as_query(),
        "sees_names": sees_names,
        "figures": figures,
        "charts": charts_mobility.mobility_charts(figures),
        "may_create": policies.may_create_mobility(user),
        "may_export": selectors.mobility_reads_records(user=user),
    }
    if sees_names:
        context["page"] = paginate(request, selectors.mobility_list(user=user, filters=filters))
    if russia is not None:
        context.update(
            selectors.mobility_filter_choices(user=user),
            russia=russia,
            direction_choices=Direction.choices,
            person_kind_choices=PersonKind.choices,
            funding_choices=MobilityFunding.choices,
            status_choices=MobilityStatus.choices,
        )
    return render(request, template, context)


@login_required
def mobility_detail(request: AuthenticatedHttpRequest, mobility_id: int) -> HttpResponse:
    mobility = _mobility(request, mobility_id)
    return _render_detail(request, mobility, MobilityReturnForm())


def _render_detail(
    request: AuthenticatedHttpRequest, mobility: Mobility, return_form: MobilityReturnForm
) -> HttpResponse:
    can_edit = policies.may_write_mobility(request.user, mobility)
    context = {
        "mobility": mobility,
        "status_label": dict(MobilityStatus.choices).get(
            mobility.mobility_status,  # type: ignore[attr-defined]
            "",
        ),
        "can_edit": can_edit,
        "return_form": return_form,
        "history": audit_history(user=request.user, instance=mobility) if can_edit else [],
    }
    return render(request, "agreements/mobility_detail.html", context)


def _form(
    request: AuthenticatedHttpRequest, instance: Mobility | None, initial: dict[str, Any]
) -> MobilityForm:
    user = request.user
    return MobilityForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        initial=initial,
        institutions=registry_selectors.institution_list(user=user).exclude(
            kind=InstitutionKind.SCHOOL
        ),
        students=registry_selectors.student_list(user=user),
        educators=registry_selectors.educator_list(user=user),
        agreements=visible_agreements(user=user),
    )


def _render_form(request: AuthenticatedHttpRequest, form: MobilityForm, title: str) -> HttpResponse:
    return render(request, "agreements/mobility_form.html", {"form": form, "title": title})


@login_required
def mobility_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_create_mobility(request.user):
        raise PermissionDenied
    # an institution's administrator most often sends their own people
    initial = {"home_institution": request.user.institution_id, "home_country": "KZ"}
    form = _form(request, None, initial)
    if request.method == "POST" and form.is_valid():
        try:
            mobility = services.mobility_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The mobility record is saved."))
            return redirect("agreements:mobility_detail", mobility_id=mobility.pk)
    return _render_form(request, form, _("New mobility record"))


@login_required
def mobility_edit(request: AuthenticatedHttpRequest, mobility_id: int) -> HttpResponse:
    mobility = _mobility(request, mobility_id)
    if not policies.may_write_mobility(request.user, mobility):
        raise PermissionDenied
    form = _form(request, mobility, {})
    if request.method == "POST" and form.is_valid():
        try:
            services.mobility_update(
                actor=request.user, mobility=mobility, seen=form.seen(), **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The mobility record is saved."))
            return redirect("agreements:mobility_detail", mobility_id=mobility_id)
    return _render_form(request, form, mobility.full_name)


@login_required
@require_POST
def mobility_return(request: AuthenticatedHttpRequest, mobility_id: int) -> HttpResponse:
    """Record the person's return; errors are shown beside the date on the detail page."""
    mobility = _mobility(request, mobility_id)
    if not policies.may_write_mobility(request.user, mobility):
        raise PermissionDenied
    form = MobilityReturnForm(request.POST)
    if form.is_valid():
        try:
            services.mobility_record_return(
                actor=request.user, mobility=mobility, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The return on %(date)s is recorded.")
                % {"date": form.cleaned_data["returned_on"].isoformat()},
            )
            return redirect("agreements:mobility_detail", mobility_id=mobility_id)
    return _render_detail(request, mobility, form)
