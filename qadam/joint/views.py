"""The joint programme's pages: parse the request, call a selector or a service, render.

A programme or cohort out of the user's sight is 404; a write by anyone but the ministry is
403 (policies.py). A service's refusal is shown beside the field on the page it came from.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.agreements.scope import visible_agreements, visible_mobility
from qadam.common.forms import apply_service_errors
from qadam.common.http import get_or_404
from qadam.common.selectors import audit_history
from qadam.joint import charts, policies, selectors, services
from qadam.joint.forms import (
    CohortForm,
    MemberForm,
    MemberStatusForm,
    MobilityLinkForm,
    ParticipantForm,
    ProgrammeForm,
    QuotaForm,
)
from qadam.joint.models import Cohort, JointProgramme
from qadam.registry import selectors as registry_selectors
from qadam.registry.models import Institution, Specialty, Student


def _programme(request: AuthenticatedHttpRequest, programme_id: int) -> JointProgramme:
    return get_or_404(selectors.programme_get, request.user, programme_id=programme_id)


def _cohort(request: AuthenticatedHttpRequest, cohort_id: int) -> Cohort:
    return get_or_404(selectors.cohort_get, request.user, cohort_id=cohort_id)


def _child(queryset: QuerySet[Any], pk: int) -> Any:
    """A programme's or cohort's own record (a participant, a quota, a member), else 404."""
    try:
        return queryset.get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _require_manager(request: AuthenticatedHttpRequest) -> None:
    if not policies.may_manage_programmes(request.user):
        raise PermissionDenied


@login_required
def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "rows": selectors.programme_list(user=request.user),
        "may_manage": policies.may_manage_programmes(request.user),
    }
    return render(request, "joint/programme_list.html", context)


def _participant_institutions(request: AuthenticatedHttpRequest) -> Any:
    return registry_selectors.institution_list(user=request.user).exclude(kind="school")


def _participants(programme: JointProgramme) -> QuerySet[Institution]:
    return Institution.objects.filter(joint_participations__programme=programme).order_by("name_ru")


def _specialties(programme: JointProgramme) -> QuerySet[Specialty]:
    quoted = Specialty.objects.filter(pk__in=programme.quotas.values("specialty_id"))
    return quoted if quoted.exists() else Specialty.objects.all()


def _cohort_form(programme: JointProgramme, data: Any = None) -> CohortForm:
    return CohortForm(
        data, participants=_participants(programme), specialties=_specialties(programme)
    )


def _forms(request: AuthenticatedHttpRequest, programme: JointProgramme) -> dict[str, BaseForm]:
    linkable = visible_mobility(user=request.user).filter(joint_programme_link__isnull=True)
    return {
        "participant_form": ParticipantForm(institutions=_participant_institutions(request)),
        "quota_form": QuotaForm(),
        "cohort_form": _cohort_form(programme),
        "mobility_form": MobilityLinkForm(records=linkable),
    }


def _render_detail(
    request: AuthenticatedHttpRequest, programme: JointProgramme, **bound: BaseForm
) -> HttpResponse:
    user = request.user
    may_manage = policies.may_manage_programmes(user)
    progress = selectors.programme_progress(user=user, programme=programme)
    context: dict[str, Any] = {
        "programme": programme,
        "participants": selectors.programme_participants(programme=programme),
        "progress": progress,
        "chart": charts.progress_chart(progress),
        "cohorts": selectors.cohort_list(user=user, programme=programme),
        "exchanges": selectors.programme_mobility(user=user, programme=programme),
        "sees_cohorts": selectors.sees_cohorts(user=user),
        "may_manage": may_manage,
    }
    if may_manage:
        context |= {**_forms(request, programme), **bound}
        context["history"] = audit_history(user=user, instance=programme)
    status = 200 if not bound else 422
    return render(request, "joint/programme_detail.html", context, status=status)


@login_required
def programme_detail(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    return _render_detail(request, _programme(request, programme_id))


def _programme_form(
    request: AuthenticatedHttpRequest, instance: JointProgramme | None
) -> ProgrammeForm:
    data = request.POST if request.method == "POST" else None
    return ProgrammeForm(data, instance=instance, agreements=visible_agreements(user=request.user))


def _render_form(
    request: AuthenticatedHttpRequest, form: ProgrammeForm, title: str
) -> HttpResponse:
    return render(request, "joint/programme_form.html", {"form": form, "title": title})


@login_required
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_manager(request)
    form = _programme_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("joint:programme_detail", programme_id=programme.pk)
    return _render_form(request, form, _("New joint programme"))


@login_required
def programme_edit(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(request, programme_id)
    _require_manager(request)
    form = _programme_form(request, programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(
                actor=request.user, programme=programme, seen=form.seen(), **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("joint:programme_detail", programme_id=programme_id)
    return _render_form(request, form, str(programme))


def _done(request: AuthenticatedHttpRequest, programme_id: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("joint:programme_detail", programme_id=programme_id)


@login_required
@require_POST
def participant_add(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(request, programme_id)
    _require_manager(request)
    form = ParticipantForm(request.POST, institutions=_participant_institutions(request))
    if form.is_valid():
        try:
            services.participant_add(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _done(request, programme_id, _("The institution takes part."))
    return _render_detail(request, programme, participant_form=form)


@login_required
@require_POST
def participant_remove(
    request: AuthenticatedHttpRequest, programme_id: int, participant_id: int
) -> HttpResponse:
    programme = _programme(request, programme_id)
    _require_manager(request)
    participant = _child(programme.participants.all(), participant_id)
    try:
        services.participant_remove(actor=request.user, participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("joint:programme_detail", programme_id=programme_id)
    return _done(request, programme_id, _("The institution no longer takes part."))


@login_required
@require_POST
def quota_add(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(request, programme_id)
    _require_manager(request)
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            services.quota_create(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _done(request, programme_id, _("The quota is saved."))
    return _render_detail(request, programme, quota_form=form)


@login_required
@require_POST
def quota_remove(
    request: AuthenticatedHttpRequest, programme_id: int, quota_id: int
) -> HttpResponse:
    programme = _programme(request, programme_id)
    _require_manager(request)
    quota = _child(programme.quotas.all(), quota_id)
    services.quota_remove(actor=request.user, quota=quota)
    return _done(request, programme_id, _("The quota is removed."))


@login_required
@require_POST
def cohort_add(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(request, programme_id)
    _require_manager(request)
    form = _cohort_form(programme, request.POST)
    if form.is_valid():
        try:
            cohort = services.cohort_create(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The cohort is saved."))
            return redirect("joint:cohort_detail", cohort_id=cohort.pk)
    return _render_detail(request, programme, cohort_form=form)


@login_required
@require_POST
def mobility_link(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(request, programme_id)
    _require_manager(request)
    records = visible_mobility(user=request.user).filter(joint_programme_link__isnull=True)
    form = MobilityLinkForm(request.POST, records=records)
    if form.is_valid():
        try:
            services.mobility_link(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _done(request, programme_id, _("The exchange belongs to the programme."))
    return _render_detail(request, programme, mobility_form=form)


def _cohort_students(cohort: Cohort) -> Any:
    return Student.objects.filter(institution_id=cohort.institution_id) | Student.objects.filter(
        institution__parent_id=cohort.institution_id
    )


def _render_cohort(
    request: AuthenticatedHttpRequest, cohort: Cohort, form: MemberForm | None = None
) -> HttpResponse:
    may_manage = policies.may_manage_programmes(request.user)
    context: dict[str, Any] = {
        "cohort": cohort,
        "members": selectors.cohort_members(cohort=cohort),
        "may_manage": may_manage,
        "member_form": form or MemberForm(students=_cohort_students(cohort)),
        "status_form": MemberStatusForm(),
    }
    return render(request, "joint/cohort_detail.html", context, status=422 if form else 200)


@login_required
def cohort_detail(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    return _render_cohort(request, _cohort(request, cohort_id))


@login_required
@require_POST
def member_add(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    _require_manager(request)
    form = MemberForm(request.POST, students=_cohort_students(cohort))
    if form.is_valid():
        try:
            services.member_add(actor=request.user, cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The student joined the cohort."))
            return redirect("joint:cohort_detail", cohort_id=cohort_id)
    return _render_cohort(request, cohort, form)


@login_required
@require_POST
def member_status(
    request: AuthenticatedHttpRequest, cohort_id: int, member_id: int
) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    _require_manager(request)
    member = _child(cohort.members.all(), member_id)
    form = MemberStatusForm(request.POST)
    if form.is_valid():
        services.member_set_status(actor=request.user, member=member, **form.cleaned_data)
        messages.success(request, _("The student's status is saved."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("joint:cohort_detail", cohort_id=cohort_id)
