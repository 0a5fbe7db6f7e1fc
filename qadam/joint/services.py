"""Every write to joint programmes: atomic, judged by rules.py, saved through
qadam.common.audit (students' cohort memberships are people's records: every change is in
the audit log). Only the ministry writes (policies.py): anyone else gets PermissionDenied.
A broken rule is a ValidationError naming the field.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.agreements.models import Mobility
from qadam.common.audit import audited_create, audited_delete, audited_update, row_of
from qadam.common.rules import FieldErrors
from qadam.joint import rules
from qadam.joint.models import (
    Cohort,
    CohortMember,
    JointProgramme,
    Participant,
    ProgrammeMobility,
    Quota,
)
from qadam.joint.policies import require_manager
from qadam.registry.models import Institution, Student

PROGRAMME_FIELDS = frozenset(
    {
        "code",
        "name",
        "name_kk",
        "name_en",
        "description",
        "status",
        "starts_on",
        "ends_on",
        "agreement",
        "agreement_id",
    }
)
QUOTA_FIELDS = frozenset(
    {"year", "region", "region_id", "ru_region", "specialty", "specialty_id", "seats"}
)
COHORT_FIELDS = frozenset(
    {
        "intake_year",
        "institution",
        "institution_id",
        "partner",
        "partner_id",
        "specialty",
        "specialty_id",
        "region",
        "region_id",
        "ru_region",
    }
)


def _known(fields: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    return {
        name: "" if value is None and name == "ru_region" else value
        for name, value in fields.items()
    }


def _programme_check(programme: JointProgramme, changed: set[str]) -> FieldErrors:
    return rules.programme_errors(row_of(programme))


def _normalise(programme: JointProgramme) -> None:
    programme.code = (programme.code or "").strip().upper()
    programme.name = (programme.name or "").strip()


@transaction.atomic
def programme_create(*, actor: User, **fields: Any) -> JointProgramme:
    require_manager(actor)
    programme = JointProgramme(**_known(fields, PROGRAMME_FIELDS))
    _normalise(programme)
    return audited_create(actor=actor, instance=programme, check=_programme_check)


@transaction.atomic
def programme_update(
    *,
    actor: User,
    programme: JointProgramme,
    seen: Mapping[str, Any] | None = None,
    **changes: Any,
) -> JointProgramme:
    """Change a programme's facts; `seen`: the values the editor saw (ADR 0001)."""
    require_manager(actor)
    return audited_update(
        actor=actor,
        instance=programme,
        changes=_known(changes, PROGRAMME_FIELDS),
        derive=_normalise,
        check=_programme_check,
        seen=seen,
    )


def _locked(programme: JointProgramme) -> JointProgramme:
    """The programme locked, so quotas and cohorts are judged against its current period."""
    return JointProgramme.objects.select_for_update().get(pk=programme.pk)


@transaction.atomic
def participant_add(
    *, actor: User, programme: JointProgramme, institution: Institution, role: str
) -> Participant:
    require_manager(actor)
    _locked(programme)
    participant = Participant(programme=programme, institution=institution, role=role)

    def check(record: Participant, changed: set[str]) -> FieldErrors:
        return rules.participant_errors(kind=institution.kind, country=institution.country)

    return audited_create(actor=actor, instance=participant, check=check)


@transaction.atomic
def participant_remove(*, actor: User, participant: Participant) -> None:
    """Take an institution out of a programme, unless a cohort of it trains there."""
    require_manager(actor)
    cohorts = Cohort.objects.filter(programme_id=participant.programme_id)
    used = cohorts.filter(institution_id=participant.institution_id) | cohorts.filter(
        partner_id=participant.institution_id
    )
    if used.exists():
        raise ValidationError(
            {"institution": [_("A cohort of this institution belongs to the programme.")]}
        )
    audited_delete(actor=actor, instance=participant)


def _quota_check(programme: JointProgramme) -> Any:
    def check(quota: Quota, changed: set[str]) -> FieldErrors:
        return rules.quota_errors(row_of(quota), programme=row_of(programme))

    return check


@transaction.atomic
def quota_create(*, actor: User, programme: JointProgramme, **fields: Any) -> Quota:
    """A year's seats for a region of either country and a specialty."""
    require_manager(actor)
    locked = _locked(programme)
    quota = Quota(programme=locked, **_known(fields, QUOTA_FIELDS))
    return audited_create(actor=actor, instance=quota, check=_quota_check(locked))


@transaction.atomic
def quota_update(
    *, actor: User, quota: Quota, seen: Mapping[str, Any] | None = None, **changes: Any
) -> Quota:
    require_manager(actor)
    locked = _locked(quota.programme)
    return audited_update(
        actor=actor,
        instance=quota,
        changes=_known(changes, QUOTA_FIELDS),
        check=_quota_check(locked),
        seen=seen,
    )


@transaction.atomic
def quota_remove(*, actor: User, quota: Quota) -> None:
    require_manager(actor)
    audited_delete(actor=actor, instance=quota)


def _participants(programme: JointProgramme) -> dict[int, str]:
    return dict(programme.participants.values_list("institution_id", "institution__country"))


@transaction.atomic
def cohort_create(*, actor: User, programme: JointProgramme, **fields: Any) -> Cohort:
    """A year's intake at a participating institution, for one region."""
    require_manager(actor)
    locked = _locked(programme)
    cohort = Cohort(programme=locked, **_known(fields, COHORT_FIELDS))
    participants = _participants(locked)
    specialties = set(locked.quotas.values_list("specialty_id", flat=True))

    def check(record: Cohort, changed: set[str]) -> FieldErrors:
        return rules.cohort_errors(
            row_of(record),
            programme=row_of(locked),
            participants=participants,
            specialties=specialties,
        )

    return audited_create(actor=actor, instance=cohort, check=check)


@transaction.atomic
def member_add(*, actor: User, cohort: Cohort, student: Student, joined_on: date) -> CohortMember:
    """A student joins a cohort of their own institution (one cohort per programme)."""
    require_manager(actor)
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    institutions = {
        locked.institution_id,
        *Institution.objects.filter(parent_id=locked.institution_id).values_list("id", flat=True),
    }
    other = (
        CohortMember.objects.filter(student=student, cohort__programme_id=locked.programme_id)
        .exclude(cohort=locked)
        .exists()
    )
    member = CohortMember(cohort=locked, student=student, joined_on=joined_on)

    def check(record: CohortMember, changed: set[str]) -> FieldErrors:
        return rules.member_errors(
            student_institution_id=student.institution_id,
            cohort_institution_ids=institutions,
            other_cohort=other,
        )

    return audited_create(actor=actor, instance=member, check=check)


@transaction.atomic
def member_set_status(*, actor: User, member: CohortMember, status: str) -> CohortMember:
    """A student graduates from or withdraws from a cohort (or returns to it)."""
    require_manager(actor)
    return audited_update(actor=actor, instance=member, changes={"status": status})


@transaction.atomic
def mobility_link(
    *, actor: User, programme: JointProgramme, mobility: Mobility
) -> ProgrammeMobility:
    """An exchange belongs to the programme: its sending or host institution takes part."""
    require_manager(actor)
    locked = _locked(programme)
    link = ProgrammeMobility(programme=locked, mobility=mobility)
    participants = set(_participants(locked))
    sides = {
        pk for pk in (mobility.home_institution_id, mobility.host_institution_id) if pk is not None
    }

    def check(record: ProgrammeMobility, changed: set[str]) -> FieldErrors:
        return rules.mobility_link_errors(institution_ids=sides, participants=participants)

    return audited_create(actor=actor, instance=link, check=check)


@transaction.atomic
def mobility_unlink(*, actor: User, link: ProgrammeMobility) -> None:
    require_manager(actor)
    audited_delete(actor=actor, instance=link)
