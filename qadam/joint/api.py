"""The joint programmes' API under /api/v1/joint/: parse, call a selector or a service.

A programme or cohort out of the user's sight is 404; a write by anyone but the ministry is
403; a broken rule is 422 naming the field. Analysts read programmes and their progress
("<5" for counts from 1 to 4), never a cohort's students.
"""

from typing import Any

from django.http import Http404
from ninja import Router, Status

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.agreements.scope import visible_mobility
from qadam.joint import selectors, services
from qadam.joint.models import Cohort
from qadam.joint.schemas import (
    CohortMemberIn,
    CohortMemberOut,
    CohortMemberStatusIn,
    JointCohortIn,
    JointCohortOut,
    JointExchangeIn,
    JointExchangeOut,
    JointParticipantIn,
    JointParticipantOut,
    JointProgrammeIn,
    JointProgrammeOut,
    JointProgrammePatch,
    JointProgrammeRowOut,
    JointProgressOut,
    JointQuotaIn,
    JointQuotaOut,
)
from qadam.registry.models import Institution, Student
from qadam.registry.schemas import ErrorOut

router = Router(tags=["joint programme"])
READ = {404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PROGRAMME = "/programmes/{programme_id}"


@router.get("/programmes", response=list[JointProgrammeRowOut])
def list_programmes(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The programmes the user may read, with their participants, seats and students."""
    return selectors.programme_list(user=request.user)


@router.get(PROGRAMME, response={200: JointProgrammeOut, **READ})
def get_programme(request: AuthenticatedHttpRequest, programme_id: int) -> object:
    return selectors.programme_get(user=request.user, programme_id=programme_id)


@router.post("/programmes", response={201: JointProgrammeOut, **WRITE})
def create_programme(request: AuthenticatedHttpRequest, payload: JointProgrammeIn) -> object:
    return Status(201, services.programme_create(actor=request.user, **payload.dict()))


@router.patch(PROGRAMME, response={200: JointProgrammeOut, **WRITE})
def update_programme(
    request: AuthenticatedHttpRequest, programme_id: int, payload: JointProgrammePatch
) -> object:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    return services.programme_update(
        actor=request.user, programme=programme, **payload.dict(exclude_unset=True)
    )


@router.get(f"{PROGRAMME}/progress", response={200: JointProgressOut, **READ})
def programme_progress(request: AuthenticatedHttpRequest, programme_id: int) -> object:
    """Each quota beside the students enrolled against it, by region, and the totals."""
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    return selectors.programme_progress(user=request.user, programme=programme)


@router.get(f"{PROGRAMME}/participants", response={200: list[JointParticipantOut], **READ})
def list_participants(request: AuthenticatedHttpRequest, programme_id: int) -> object:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    sides = selectors.programme_participants(programme=programme)
    return [participant for members in sides.values() for participant in members]


@router.post(f"{PROGRAMME}/participants", response={201: JointParticipantOut, **WRITE})
def add_participant(
    request: AuthenticatedHttpRequest, programme_id: int, payload: JointParticipantIn
) -> object:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    institution = Institution.objects.get(pk=payload.institution_id)
    participant = services.participant_add(
        actor=request.user, programme=programme, institution=institution, role=payload.role
    )
    return Status(201, participant)


@router.post(f"{PROGRAMME}/quotas", response={201: JointQuotaOut, **WRITE})
def add_quota(
    request: AuthenticatedHttpRequest, programme_id: int, payload: JointQuotaIn
) -> object:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    return Status(
        201, services.quota_create(actor=request.user, programme=programme, **payload.dict())
    )


@router.get(f"{PROGRAMME}/cohorts", response={200: list[JointCohortOut], **READ})
def list_cohorts(request: AuthenticatedHttpRequest, programme_id: int) -> object:
    """The cohorts whose students the user may read (none for analysts)."""
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    return selectors.cohort_list(user=request.user, programme=programme)


@router.post(f"{PROGRAMME}/cohorts", response={201: JointCohortOut, **WRITE})
def add_cohort(
    request: AuthenticatedHttpRequest, programme_id: int, payload: JointCohortIn
) -> object:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    return Status(
        201, services.cohort_create(actor=request.user, programme=programme, **payload.dict())
    )


def _cohort(request: AuthenticatedHttpRequest, cohort_id: int) -> Cohort:
    return selectors.cohort_get(user=request.user, cohort_id=cohort_id)


@router.get("/cohorts/{cohort_id}/members", response={200: list[CohortMemberOut], **READ})
def list_members(request: AuthenticatedHttpRequest, cohort_id: int) -> object:
    return selectors.cohort_members(cohort=_cohort(request, cohort_id))


@router.post("/cohorts/{cohort_id}/members", response={201: CohortMemberOut, **WRITE})
def add_member(
    request: AuthenticatedHttpRequest, cohort_id: int, payload: CohortMemberIn
) -> object:
    """A registry student of the cohort's institution joins it."""
    cohort = _cohort(request, cohort_id)
    student = Student.objects.filter(pk=payload.student_id).first()
    if student is None:
        raise Http404
    member = services.member_add(
        actor=request.user, cohort=cohort, student=student, joined_on=payload.joined_on
    )
    return Status(201, member)


@router.patch("/cohorts/{cohort_id}/members/{member_id}", response={200: CohortMemberOut, **WRITE})
def set_member_status(
    request: AuthenticatedHttpRequest, cohort_id: int, member_id: int, payload: CohortMemberStatusIn
) -> object:
    """A student graduates from or withdraws from the cohort (or returns to it)."""
    member = _cohort(request, cohort_id).members.select_related("student").get(pk=member_id)
    return services.member_set_status(actor=request.user, member=member, status=payload.status)


@router.post(f"{PROGRAMME}/exchanges", response={201: JointExchangeOut, **WRITE})
def add_exchange(
    request: AuthenticatedHttpRequest, programme_id: int, payload: JointExchangeIn
) -> object:
    """An academic-mobility record of a participating institution belongs to the programme."""
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    mobility = visible_mobility(user=request.user).get(pk=payload.mobility_id)
    return Status(
        201, services.mobility_link(actor=request.user, programme=programme, mobility=mobility)
    )
