"""Appeals: a student appeals their published result from their placement page; the
round's coordinator reads the round's appeals and upholds or rejects each."""

from typing import Any

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
from qadam.common.pagination import paginate
from qadam.placements import policies, selectors, services
from qadam.placements.forms import AppealDecisionForm, AppealForm
from qadam.placements.models import Appeal


@login_required
@require_POST
def appeal_create(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """From the student's placement page; errors come back there as messages."""
    placement_round = get_or_404(selectors.round_get, request.user, round_id=round_id)
    form = AppealForm(request.POST)
    if not form.is_valid():
        for name in form.errors:
            for message in form.errors[name]:
                messages.error(request, str(message))
        return redirect("placements:my_ranking", round_id=round_id)
    try:
        services.appeal_submit(
            actor=request.user,
            placement_round=placement_round,
            ground=form.cleaned_data["ground"],
            offer_id=form.cleaned_data["offer"],
            rank=form.cleaned_data["rank"],
            statement=form.cleaned_data["statement"],
        )
        messages.success(request, _("Your appeal is submitted; the coordinator will decide it."))
    except ApplicationError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("placements:my_ranking", round_id=round_id)


@login_required
def appeal_list(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    placement_round = get_or_404(selectors.round_get, request.user, round_id=round_id)
    appeals = selectors.appeal_list(user=request.user, placement_round=placement_round)
    context = {"round": placement_round, "page": paginate(request, appeals), "query": {}}
    return render(request, "placements/appeal_list.html", context)


def _detail(
    request: AuthenticatedHttpRequest, appeal: Appeal, form: AppealDecisionForm | None = None
) -> HttpResponse:
    may_decide = (
        policies.may_coordinate_round(request.user, appeal.round)
        and appeal.status == Appeal.Status.SUBMITTED
    )
    context: dict[str, Any] = {
        "appeal": appeal,
        "round": appeal.round,
        "may_decide": may_decide,
        "form": form or (AppealDecisionForm() if may_decide else None),
        "changes": selectors.appeal_changes(user=request.user, appeal=appeal),
        "may_see_job": appeal.job is not None and appeal.job.owner_id == request.user.pk,
    }
    return render(request, "placements/appeal_detail.html", context)


@login_required
def appeal_detail(request: AuthenticatedHttpRequest, appeal_id: int) -> HttpResponse:
    return _detail(request, get_or_404(selectors.appeal_get, request.user, appeal_id=appeal_id))


@login_required
@require_POST
def appeal_decide(request: AuthenticatedHttpRequest, appeal_id: int) -> HttpResponse:
    """Upholding queues the re-run: the job page follows it and links back here."""
    appeal = get_or_404(selectors.appeal_get, request.user, appeal_id=appeal_id)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, appeal, form)
    try:
        decided = services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            uphold=form.cleaned_data["decision"] == "uphold",
            reason=form.cleaned_data["reason"],
            corrected_score=form.cleaned_data["corrected_score"],
            language=request.LANGUAGE_CODE,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("placements:appeal_detail", appeal_id=appeal_id)
    except ValidationError as error:
        apply_service_errors(form, error)
        return _detail(request, appeal, form)
    if decided.job_id is not None:
        return redirect("dashboard:job_detail", job_id=decided.job_id)
    messages.success(request, _("The appeal is rejected."))
    return redirect("placements:appeal_detail", appeal_id=appeal_id)
