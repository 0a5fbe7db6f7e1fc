"""Placement pages: parse the request, call one service or selector, render.

Reads of what a user may not see are 404 (selectors raise DoesNotExist); forbidden actions
are 403 (services raise PermissionDenied); a broken domain rule (ApplicationError) or a
service's ValidationError is shown as a message or beside the form's field.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.common.errors import ApplicationError
from qadam.common.forms import apply_service_errors, positive_id, search_text
from qadam.common.http import get_or_404
from qadam.common.localized import localized
from qadam.common.pagination import list_template, paginate
from qadam.placements import charts, policies, selectors, services
from qadam.placements.explain_text import explanation_sentence, score_text
from qadam.placements.filters import OfferFilters
from qadam.placements.forms import (
    AppealForm,
    AssessmentUploadForm,
    ContractAdvanceForm,
    DeclineForm,
    OfferForm,
    RankingChangeForm,
    RoundForm,
)
from qadam.placements.models import Offer, PlacementRound, TrainingContract
from qadam.registry import selectors as registry_selectors
from qadam.registry.models import Enterprise, Institution

T = TypeVar("T")
Status = PlacementRound.Status
ROUNDS_PER_PAGE = 20


def _attempt(request: AuthenticatedHttpRequest, call: Callable[[], T]) -> tuple[bool, T | None]:
    """Call a service; its domain errors become messages. PermissionDenied goes on (403)."""
    try:
        return True, call()
    except ApplicationError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return False, None


# --------------------------------------------------------------------------- rounds


def _round_institutions(request: AuthenticatedHttpRequest) -> QuerySet[Institution]:
    return registry_selectors.institution_list_writable(user=request.user)


@login_required
def round_institution_options(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The round form's institution select, filled with the institutions matching its
    search box (htmx); the institution already chosen stays chosen."""
    chosen = positive_id(request.GET.get("institution"))
    options, more = registry_selectors.institution_options(
        institutions=_round_institutions(request),
        q=search_text(request.GET.get("q")),
        chosen=chosen,
    )
    context = {
        "options": options,
        "more": more,
        "chosen": chosen,
        "empty_label": _("— national round —"),
    }
    return render(request, "common/partials/search_options.html", context)


@login_required
def round_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = user_scope(user=request.user)
    form = None
    if scope.all_people or scope.institution_ids:
        form = RoundForm(
            request.POST if request.method == "POST" else None,
            institutions=_round_institutions(request),
            national=scope.all_people,
            initial={"institution": request.user.institution_id},
        )
    elif request.method == "POST":
        raise PermissionDenied
    if form is not None and form.is_bound and form.is_valid():
        try:
            placement_round = services.round_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The round is created as a draft."))
            return redirect("placements:round_detail", round_id=placement_round.pk)
    rounds = selectors.round_list_with_counts(user=request.user)
    page = paginate(request, rounds, per_page=ROUNDS_PER_PAGE)
    return render(request, "placements/round_list.html", {"page": page, "form": form})


def _round_context(request: AuthenticatedHttpRequest, placement_round: PlacementRound) -> dict:
    user = request.user
    scope = user_scope(user=user)
    is_enterprise = user.role == Role.ENTERPRISE_HR and user.enterprise_id is not None
    context: dict[str, Any] = {
        "round": placement_round,
        "steps": [(value, label) for value, label in Status.choices],
        "step_index": Status.values.index(placement_round.status),
        "counts": selectors.round_counts(user=user, placement_round=placement_round),
        "is_coordinator": policies.may_coordinate_round(user, placement_round),
        "certificate": selectors.round_certificate(user=user, placement_round=placement_round),
        "is_student": scope.student_id is not None,
        "is_enterprise": is_enterprise,
        "may_offer": is_enterprise or scope.all_people,
        "sees_placements": scope.all_people or bool(scope.institution_ids),
        "regions": registry_selectors.region_list(),
        "specialties": registry_selectors.specialty_list(),
        "kind_choices": Offer.Kind.choices,
        **charts.round_charts(
            selectors.round_statistics(user=user, placement_round=placement_round)
        ),
    }
    rows, overall = selectors.quota_rows(user=user, placement_round=placement_round)
    context.update(
        quota_rows=rows,
        quotas_overall=overall,
        may_set_quotas=policies.may_set_quotas(user, placement_round),
    )
    if is_enterprise:
        context["own_offers"] = selectors.offer_list(
            user=user,
            placement_round=placement_round,
            filters=OfferFilters(enterprise=user.enterprise_id),
        )
    return context


@login_required
def round_detail(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    placement_round = get_or_404(selectors.round_get, request.user, round_id=round_id)
    filters = OfferFilters.from_query(request.GET)
    offers = selectors.offer_list(
        user=request.user, placement_round=placement_round, filters=filters
    )
    context = {
        "round": placement_round,  # the partial's export names the round
        "page": paginate(request, offers),
        "filters": filters,
        "query": filters.as_query(),
    }
    template = list_template(
        request, "placements/round_detail.html", "placements/partials/offer_table.html"
    )
    if template == "placements/round_detail.html":
        context.update(_round_context(request, placement_round))
    return render(request, template, context)


STATUS_SERVICES: dict[str, Callable[..., PlacementRound]] = {
    "open": services.round_open,
    "close": services.round_close,
    "publish": services.round_publish,
}


@login_required
@require_POST
def round_action(request: AuthenticatedHttpRequest, round_id: int, action: str) -> HttpResponse:
    """open, close, publish; match and follow_up run as jobs (then the job page)."""
    placement_round = get_or_404(selectors.round_get, request.user, round_id=round_id)
    actor = request.user
    if action == "match":
        done, job = _attempt(
            request,
            lambda: services.round_match_start(
                actor=actor, placement_round=placement_round, language=request.LANGUAGE_CODE
            ),
        )
        if done and job is not None:
            return redirect("dashboard:job_detail", job_id=job.pk)
    elif action == "follow_up":
        done, job = _attempt(
            request,
            lambda: services.round_follow_up_start(
                actor=actor, previous=placement_round, language=request.LANGUAGE_CODE
            ),
        )
        if done and job is not None:  # the job page links to the new round when it is made
            return redirect("dashboard:job_detail", job_id=job.pk)
    else:
        service = STATUS_SERVICES[action]
        done, changed = _attempt(
            request, lambda: service(actor=actor, placement_round=placement_round)
        )
        if done and changed is not None:
            messages.success(
                request,
                _("The round is now %(status)s.") % {"status": changed.get_status_display()},
            )
    return redirect("placements:round_detail", round_id=round_id)


@login_required
def round_placements(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    placement_round = get_or_404(selectors.round_get, request.user, round_id=round_id)
    placements = selectors.placement_list(user=request.user, placement_round=placement_round)
    context = {"round": placement_round, "page": paginate(request, placements), "query": {}}
    return render(request, "placements/round_placements.html", context)


# --------------------------------------------------------------------------- offers


def _offer_enterprises(request: AuthenticatedHttpRequest) -> QuerySet[Enterprise] | None:
    """The ministry picks the enterprise; enterprise HR offers for its own; others may not."""
    if user_scope(user=request.user).all_people:
        return registry_selectors.enterprise_list(user=request.user)
    if request.user.role == Role.ENTERPRISE_HR and request.user.enterprise_id is not None:
        return None
    raise PermissionDenied


@login_required
def offer_create(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    placement_round = get_or_404(selectors.round_get, request.user, round_id=round_id)
    enterprise = request.user.enterprise  # HR's own region is the likely one
    form = OfferForm(
        request.POST or None,
        enterprises=_offer_enterprises(request),
        initial={"region": enterprise.region_id if enterprise else None},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("enterprise", None)
        specialties = list(data.pop("specialties"))
        enterprise_id = chosen.pk if chosen else request.user.enterprise_id
        if enterprise_id is None:  # unreachable: _offer_enterprises refused the request
            raise PermissionDenied
        try:
            offer = services.offer_create(
                actor=request.user,
                placement_round=placement_round,
                enterprise_id=enterprise_id,
                specialties=specialties,
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The offer is published in the round."))
            return redirect("placements:offer_detail", offer_id=offer.pk)
    context = {"form": form, "round": placement_round}
    return render(request, "placements/offer_form.html", context)


@login_required
def offer_edit(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    """Change an offer while its round is a draft or open: only the fields the user changed
    are sent, with the values they saw, so a change someone made meanwhile is not lost."""
    offer = get_or_404(selectors.offer_get, request.user, offer_id=offer_id)
    if not policies.may_speak_for_enterprise(request.user, offer.enterprise_id):
        raise PermissionDenied
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(
                actor=request.user, offer=offer, seen=form.seen(), **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The offer is saved."))
            return redirect("placements:offer_detail", offer_id=offer.pk)
    context = {"form": form, "round": offer.round, "offer": offer}
    return render(request, "placements/offer_form.html", context)


def _offer_context(
    request: AuthenticatedHttpRequest, offer: Offer, upload_form: AssessmentUploadForm
) -> dict[str, Any]:
    placement_round = offer.round
    can_manage = policies.may_speak_for_enterprise(request.user, offer.enterprise_id)
    matched = placement_round.status in (Status.MATCHED, Status.PUBLISHED)
    context: dict[str, Any] = {
        "offer": offer,
        "round": placement_round,
        "specialties": offer.specialties.all(),
        "can_manage": can_manage,
        "can_edit": can_manage and placement_round.status in (Status.DRAFT, Status.OPEN),
        "can_upload": can_manage and placement_round.status in (Status.OPEN, Status.CLOSED),
        "can_decide": can_manage and placement_round.status == Status.PUBLISHED,
        "matched": matched,
        "cutoff_text": "" if offer.cutoff is None else score_text(offer.cutoff, offer.scoring_rule),
        "upload_form": upload_form,
        "query": {},
    }
    if can_manage:
        applicants = selectors.offer_applicants(user=request.user, offer=offer)
        context["applicants"] = paginate(request, applicants)
    if matched:
        context["trainees"] = selectors.placement_list(
            user=request.user, placement_round=placement_round, offer=offer
        )
    return context


@login_required
def offer_detail(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = get_or_404(selectors.offer_get, request.user, offer_id=offer_id)
    context = _offer_context(request, offer, AssessmentUploadForm())
    return render(request, "placements/offer_detail.html", context)


@login_required
@require_POST
def offer_upload(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = get_or_404(selectors.offer_get, request.user, offer_id=offer_id)
    form = AssessmentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = services.offer_assessments_import(
                actor=request.user,
                offer=offer,
                csv_text=form.cleaned_data["file"],
                column=form.cleaned_data["column"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Loaded %(count)s applicant's result.",
                    "Loaded the results of %(count)s applicants.",
                    count,
                )
                % {"count": count},
            )
            return redirect("placements:offer_detail", offer_id=offer_id)
    context = _offer_context(request, offer, form)
    return render(request, "placements/offer_detail.html", context)


@login_required
@require_POST
def placement_decide(
    request: AuthenticatedHttpRequest, placement_id: int, decision: str
) -> HttpResponse:
    """Accept or decline a trainee: htmx swaps the row; without JS, back to the offer."""
    placement = get_or_404(selectors.placement_get, request.user, placement_id=placement_id)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    error = ""
    try:
        if decision == "accept":
            placement = services.placement_accept(actor=request.user, placement=placement)
        else:
            placement = services.placement_decline(
                actor=request.user, placement=placement, reason=reason
            )
    except ValidationError as failure:
        error = " ".join(failure.messages)
    except ApplicationError as failure:
        error = failure.message
    if request.htmx:
        # read again through the selector: the row shows the IIN only once accepted
        placement = selectors.placement_get(user=request.user, placement_id=placement.pk)
        context = {"p": placement, "can_decide": True, "row_error": error}
        return render(request, "placements/partials/trainee_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("Saved: %(status)s.") % {"status": placement.get_status_display()}
        )
    if placement.offer_id is None:
        return redirect("placements:round_placements", round_id=placement.round_id)
    return redirect("placements:offer_detail", offer_id=placement.offer_id)


# --------------------------------------------------------------------------- a student's list


def _explanations(request: AuthenticatedHttpRequest, placement_round: PlacementRound) -> dict:
    placement = selectors.student_placement(user=request.user, placement_round=placement_round)
    if placement is None:
        return {"published_without_placement": True}
    reasons = [
        (
            item.offer,
            explanation_sentence(
                item.explanation,
                offer_title=localized(item.offer, "title"),
                scoring_rule=item.offer.scoring_rule,
                lottery=placement.lottery,
            ),
        )
        for item in selectors.placement_explanations(placement=placement)
    ]
    certificate = selectors.round_certificate(user=request.user, placement_round=placement_round)
    appeals = list(selectors.appeal_list(user=request.user, placement_round=placement_round))
    may_appeal = selectors.appeal_window_open(placement_round=placement_round) and not any(
        a.status == a.Status.SUBMITTED for a in appeals
    )
    return {
        "placement": placement,
        "reasons": reasons,
        "certificate": certificate,
        "appeals": appeals,
        "appeal_form": AppealForm() if may_appeal else None,
    }


@login_required
def my_ranking(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    placement_round = get_or_404(selectors.round_get, request.user, round_id=round_id)
    student = request.user.student if user_scope(user=request.user).student_id else None
    if student is None:
        raise PermissionDenied
    filters = OfferFilters.from_query(request.GET).model_copy(update={"compatible": True})
    context: dict[str, Any] = {"round": placement_round, "filters": filters}
    if placement_round.status == Status.OPEN:
        offers = selectors.offer_list(
            user=request.user, placement_round=placement_round, filters=filters
        )
        context.update(
            page=paginate(request, offers),
            query=filters.as_query(),
            not_eligible=services.student_may_apply(student, placement_round),
        )
    applications = list(
        selectors.student_applications(user=request.user, placement_round=placement_round)
    )
    context.update(
        applications=applications,
        chosen={a.offer_id for a in applications},
        help=selectors.ranking_help(user=request.user, placement_round=placement_round),
    )
    template = list_template(
        request, "placements/my_ranking.html", "placements/partials/compatible_table.html"
    )
    if placement_round.status == Status.PUBLISHED and template == "placements/my_ranking.html":
        context.update(_explanations(request, placement_round))
    return render(request, template, context)


RANKING_SERVICES: dict[str, Callable[..., None]] = {
    "add": services.application_add,
    "remove": services.application_remove,
    "move": services.application_move,
}


@login_required
@require_POST
def my_ranking_change(
    request: AuthenticatedHttpRequest, round_id: int, change: str
) -> HttpResponse:
    placement_round = get_or_404(selectors.round_get, request.user, round_id=round_id)
    form = RankingChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an offer."))
        return redirect("placements:my_ranking", round_id=round_id)
    arguments: dict[str, Any] = {
        "actor": request.user,
        "placement_round": placement_round,
        "offer_id": form.cleaned_data["offer"],
    }
    if change == "move":
        arguments["steps"] = form.cleaned_data["steps"] or 0
    done, _result = _attempt(request, lambda: RANKING_SERVICES[change](**arguments))
    if done:
        messages.success(request, _("Your list is saved."))
    return redirect("placements:my_ranking", round_id=round_id)


# --------------------------------------------------------------------------- contracts


@login_required
def contract_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.contract_list(user=request.user))
    return render(request, "placements/contract_list.html", {"page": page, "query": {}})


@login_required
def contract_detail(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    contract = get_or_404(selectors.contract_get, request.user, contract_id=contract_id)
    form = ContractAdvanceForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_advance(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The contract is updated."))
            return redirect("placements:contract_detail", contract_id=contract_id)
    can_advance = policies.may_speak_for_enterprise(request.user, contract.enterprise_id) and (
        contract.status in (TrainingContract.Status.TRAINING, TrainingContract.Status.EMPLOYED)
    )
    context = {"contract": contract, "form": form, "can_advance": can_advance}
    return render(request, "placements/contract_detail.html", context)
