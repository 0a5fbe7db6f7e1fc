"""Reads of joint programmes, scoped by scope.py.

Programmes, their participants, quotas and progress are organisations' figures: the
ministry and analysts read every programme, an institution's administrator those their
institution takes part in (analysts' counts from 1 to 4 are "<5"). Cohorts' students are
people: the ministry reads every cohort, an institution's administrator their own; analysts
get the cohorts' sizes within the progress figures only.
"""

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.agreements.models import Mobility
from qadam.agreements.scope import visible_mobility
from qadam.common.disclosure import cell, masks_small_counts, share_shown, total_shown
from qadam.common.localized import localized
from qadam.joint.choices import KAZAKHSTAN, RUSSIA, MemberStatus, RussianRegion
from qadam.joint.models import Cohort, CohortMember, JointProgramme, Participant, Quota
from qadam.joint.scope import visible_cohorts, visible_programmes
from qadam.registry.models import Region

COUNTED = ~Q(status=MemberStatus.WITHDRAWN)  # a withdrawn student no longer fills a seat
RU_REGIONS = dict(RussianRegion.choices)


def _masked(user: User) -> bool:
    return masks_small_counts(user_scope(user=user).role)


def _by_programme(queryset: QuerySet[Any], value: Any) -> dict[int, int]:
    return dict(queryset.values_list("programme_id").annotate(value=value).order_by())


def programme_list(*, user: User) -> list[dict[str, Any]]:
    """The programmes `user` may read, each with its participants by country, its seats
    over all quotas and its students (counted, not named), newest first."""
    programmes = list(visible_programmes(user=user).order_by("-starts_on", "code"))
    ids = [programme.pk for programme in programmes]
    participants = Participant.objects.filter(programme_id__in=ids)
    kz = _by_programme(participants.filter(institution__country=KAZAKHSTAN), Count("id"))
    ru = _by_programme(participants.filter(institution__country=RUSSIA), Count("id"))
    seats = _by_programme(Quota.objects.filter(programme_id__in=ids), Sum("seats"))
    students = dict(
        CohortMember.objects.filter(COUNTED, cohort__programme_id__in=ids)
        .values_list("cohort__programme_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    masked = _masked(user)
    rows = []
    for programme in programmes:
        quota, enrolled = seats.get(programme.pk, 0), students.get(programme.pk, 0)
        shown = cell(enrolled, masked=masked)
        rows.append(
            {
                "programme": programme,
                "kz_participants": kz.get(programme.pk, 0),
                "ru_participants": ru.get(programme.pk, 0),
                "seats": quota,
                "students": shown,
                "share": share_shown(shown, quota),
            }
        )
    return rows


def programme_get(*, user: User, programme_id: int) -> JointProgramme:
    """One programme `user` may read; JointProgramme.DoesNotExist for anyone else."""
    return visible_programmes(user=user).select_related("agreement").get(pk=programme_id)


def programme_participants(*, programme: JointProgramme) -> dict[str, list[Participant]]:
    """The programme's institutions by country (KZ, then RU), by name (the caller may read
    the programme)."""
    sides: dict[str, list[Participant]] = {KAZAKHSTAN: [], RUSSIA: []}
    rows = programme.participants.select_related("institution", "institution__region")
    for participant in rows:
        sides.setdefault(participant.institution.country, []).append(participant)
    for members in sides.values():
        members.sort(key=lambda p: localized(p.institution).casefold())
    return sides


def region_label(region: Region | None, ru_region: str) -> str:
    return localized(region) if region is not None else str(RU_REGIONS.get(ru_region, ru_region))


def _enrolled(programme: JointProgramme) -> dict[tuple[int, Any, int], int]:
    """Students counted per (intake year, region or Russian region, specialty)."""
    rows = (
        CohortMember.objects.filter(COUNTED, cohort__programme=programme)
        .values_list(
            "cohort__intake_year", "cohort__region_id", "cohort__ru_region", "cohort__specialty_id"
        )
        .annotate(count=Count("id"))
        .order_by()
    )
    return {(year, region or ru, specialty): n for year, region, ru, specialty, n in rows}


def programme_progress(*, user: User, programme: JointProgramme) -> dict[str, Any]:
    """Each quota beside the students enrolled against it (cohorts of its year, region and
    specialty), the same by region of either country, and the totals; students in cohorts
    no quota covers are `outside_quotas`. Analysts' counts from 1 to 4 are "<5"."""
    masked = _masked(user)
    enrolled = _enrolled(programme)
    quotas = programme.quotas.select_related("region", "specialty").order_by("year", "id")
    rows: list[dict[str, Any]] = []
    regions: defaultdict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {"seats": 0, "enrolled": 0}
    )
    covered = set()
    for quota in quotas:
        key = (quota.year, quota.region_id or quota.ru_region, quota.specialty_id)
        covered.add(key)
        count = enrolled.get(key, 0)
        label = region_label(quota.region, quota.ru_region)
        country = KAZAKHSTAN if quota.region_id else RUSSIA
        region = regions[(country, label)]
        region["seats"] += quota.seats
        region["enrolled"] += count
        shown = cell(count, masked=masked)
        rows.append(
            {
                "quota": quota,
                "year": quota.year,
                "country": country,
                "region": label,
                "specialty": quota.specialty,
                "seats": quota.seats,
                "enrolled": shown,
                "share": share_shown(shown, quota.seats),
            }
        )
    by_region = []
    for (country, label), figures in sorted(regions.items()):
        shown = cell(figures["enrolled"], masked=masked)
        by_region.append(
            {
                "country": country,
                "region": label,
                "seats": figures["seats"],
                "enrolled": shown,
                "share": share_shown(shown, figures["seats"]),
            }
        )
    counts = [enrolled.get(key, 0) for key in covered]
    outside = sum(n for key, n in enrolled.items() if key not in covered)
    seats = sum(row["seats"] for row in rows)
    total = total_shown([*counts, outside], masked=masked)
    return {
        "quotas": rows,
        "by_region": by_region,
        "seats": seats,
        "enrolled": total,
        "share": share_shown(total, seats),
        "outside_quotas": cell(outside, masked=masked),
    }


def cohort_list(*, user: User, programme: JointProgramme) -> QuerySet[Cohort]:
    """The programme's cohorts whose students `user` may read, each with `size` (students
    not withdrawn); none for analysts."""
    return (
        visible_cohorts(user=user)
        .filter(programme=programme)
        .select_related("institution", "partner", "specialty", "region")
        .annotate(size=Count("members", filter=~Q(members__status=MemberStatus.WITHDRAWN)))
        .order_by("-intake_year", "id")
    )


def sees_cohorts(*, user: User) -> bool:
    """Does `user` read cohorts' students by name? The ministry and institutions do;
    analysts get counts only."""
    scope = user_scope(user=user)
    return scope.all_people or bool(scope.institution_ids)


def cohort_get(*, user: User, cohort_id: int) -> Cohort:
    """One cohort `user` may read with its students; Cohort.DoesNotExist for anyone else."""
    return (
        visible_cohorts(user=user)
        .select_related("programme", "institution", "partner", "specialty", "region")
        .get(pk=cohort_id)
    )


def cohort_members(*, cohort: Cohort) -> QuerySet[CohortMember]:
    """The cohort's students by name (the caller may read the cohort: `cohort_get`)."""
    return cohort.members.select_related("student", "student__institution").order_by(
        "student__last_name", "student__first_name", "id"
    )


def programme_mobility(*, user: User, programme: JointProgramme) -> dict[str, Any]:
    """The exchanges that belong to the programme: how many, and the records `user` may
    read by name (none for analysts, whose count is "<5" from 1 to 4)."""
    linked = Mobility.objects.filter(joint_programme_link__programme=programme)
    records = (
        visible_mobility(user=user)
        .filter(pk__in=linked.values("pk"))
        .select_related("home_institution", "host_institution")
        .order_by("-starts_on", "-id")
    )
    return {"count": cell(linked.count(), masked=_masked(user)), "records": records}


def student_cohorts(*, student_id: int) -> QuerySet[CohortMember]:
    """A student's joint-programme cohorts, oldest first (the caller may read the student:
    the learner's record asks after its scoped read)."""
    return (
        CohortMember.objects.filter(student_id=student_id)
        .select_related(
            "cohort__programme",
            "cohort__institution",
            "cohort__partner",
            "cohort__specialty",
            "cohort__region",
        )
        .order_by("joined_on", "id")
    )


def joint_statistics() -> dict[str, int]:
    """The headline figures `qadam stats` adds: programmes, and students in their cohorts
    (each once, withdrawn ones left out)."""
    students = CohortMember.objects.filter(COUNTED).values("student_id").distinct().count()
    return {
        "joint_programmes": JointProgramme.objects.count(),
        "joint_programme_students": students,
    }
