"""Every read of career guidance, scoped to who may see it.

A pupil's results are seen with their resume code (the pupil's own secret), by the account
they linked them to, by a parent they gave the code to, and by their school's counsellor
when they agreed to it. Organisers, the ministry and analysts see events in aggregate only
(events.py).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from django.db.models import Count, Q, QuerySet, Sum

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.breakdown import Breakdown, breakdown_of
from qadam.common.collation import in_reader_order
from qadam.engines.placement_scoring import distances_km
from qadam.guidance import rules
from qadam.guidance.models import SCALES, DiagnosticSession, GuidanceEvent, Instrument, Item
from qadam.guidance.recommend import Pick, picks_of, recommend_ahead, session_intake_year
from qadam.guidance.selectors.events import (
    EventDashboard,
    ScaleReliability,
    event_by_code,
    event_dashboard,
    event_get,
    event_list,
)
from qadam.placements.models import Offer, PlacementRound
from qadam.registry.models import Enterprise, Institution, Program, Region, Specialty
from qadam.registry.selectors import student_visible

# the events' reads live in selectors/events.py; every read is reached from here
__all__ = [
    "NEARBY_COLLEGES",
    "College",
    "EventDashboard",
    "Results",
    "ScaleReliability",
    "ScaleScore",
    "SpecialtyOutlook",
    "event_by_code",
    "event_dashboard",
    "event_get",
    "event_list",
    "festival_diagnostics_breakdown",
    "instrument_items",
    "school_list",
    "session_by_code",
    "session_get",
    "session_picks",
    "session_results",
    "sessions_visible",
    "student_sessions",
    "students_followed",
]

NEARBY_COLLEGES = 3


def school_list(*, region_id: int | None) -> QuerySet[Institution]:
    """The schools of a region, for the consent screen (public reference data)."""
    if region_id is None:
        return Institution.objects.none()
    # in the reader's order, numbers by value: school No. 2 before No. 10
    return in_reader_order(Institution.objects.filter(kind="school", region_id=region_id))


def instrument_items(*, instrument: Instrument) -> list[Item]:
    return list(instrument.items.order_by("position"))


def session_by_code(*, resume_code: str) -> DiagnosticSession:
    return DiagnosticSession.objects.select_related("instrument", "region", "school", "event").get(
        resume_code=resume_code.strip().upper()
    )


def sessions_visible(*, user: User) -> QuerySet[DiagnosticSession]:
    """Completed sessions a signed-in user may open: their own, their children's (parent),
    their school's consenting pupils (counsellor)."""
    sessions = DiagnosticSession.objects.filter(completed_at__isnull=False).select_related(
        "region", "school"
    )
    if not user.is_authenticated:
        return sessions.none()
    visible = Q(user=user)
    if user.role == Role.PARENT:
        visible |= Q(parent_links__parent=user)
    if user.role == Role.SCHOOL_COUNSELLOR and user.institution_id:
        visible |= Q(school_id=user.institution_id, share_with_counsellor=True)
    return sessions.filter(visible).distinct().order_by("-completed_at")


def session_get(*, user: User, session_id: int) -> DiagnosticSession:
    return sessions_visible(user=user).get(pk=session_id)


def student_sessions(*, student_id: int) -> QuerySet[DiagnosticSession]:
    """The completed diagnostics of one student: linked to their student account by the
    pupil, or to their record by their college at enrolment. The caller has already been
    allowed to read the student (the learner's record asks after its scoped read)."""
    return (
        DiagnosticSession.objects.filter(completed_at__isnull=False)
        .filter(Q(student_id=student_id) | Q(user__student_id=student_id))
        .select_related("event", "top_specialty", "region", "user")
        .distinct()
        .order_by("completed_at", "id")
    )


def students_followed(*, user: User) -> set[int]:
    """The student records whose results a parent follows: the sessions they linked with a
    child's code, once the child (or the child's college) tied them to a student record."""
    if not user.is_authenticated or user.role != Role.PARENT:
        return set()
    linked = DiagnosticSession.objects.filter(parent_links__parent=user)
    by_college = linked.filter(student__isnull=False).values_list("student_id", flat=True)
    by_pupil = linked.filter(user__student__isnull=False).values_list("user__student", flat=True)
    return {*by_college, *by_pupil}


def journey_visible(*, user: User, student_id: int) -> bool:
    """Whether `user` may open the student's journey (learners' page asks the same): a
    parent the child they follow, anyone else a student their registry scope shows."""
    if student_id in students_followed(user=user):
        return True
    return student_visible(user=user, student_id=student_id)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ScaleScore:
    code: str
    name: str
    nickname: str
    description: str
    score: float


@dataclass(frozen=True)
class College:
    name: str
    region: str
    languages: list[str]
    state_funded_seats: int
    distance_km: float


@dataclass(frozen=True)
class SpecialtyOutlook:
    specialty: Specialty
    fit: float  # interest fit, Pearson's r
    score: float  # fit and outlook weighed, 0..1 (rules.OUTLOOK_WEIGHT)
    graduation_year: int
    projected_openings: float  # a year in the pupil's region, in the graduation year
    state_funded_seats: int  # first-year, in the pupil's region, this year (planning's)
    dual_places: int  # seats offered in the latest published placement round, in the region
    enterprises: int  # enterprises of the specialty's sector in the region
    colleges: list[College] = field(default_factory=list)


@dataclass(frozen=True)
class Results:
    session: DiagnosticSession
    scales: list[ScaleScore]  # in the order of SCALES
    top_scales: list[ScaleScore]  # the Holland code's letters, best first
    recommendations: list[SpecialtyOutlook]
    attribution: str
    interest_only: bool = False  # ranked by interest fit alone (the page's switch)


def _localized(values: dict[str, str], language: str) -> str:
    return str(values.get(language) or values.get("en") or "")


def _scales(session: DiagnosticSession, language: str) -> list[ScaleScore]:
    meta = {s["code"]: s for s in session.instrument.metadata.get("scales", [])}
    return [
        ScaleScore(
            code=code,
            name=_localized(meta.get(code, {}).get("name", {}), language),
            nickname=_localized(meta.get(code, {}).get("nickname", {}), language),
            description=_localized(meta.get(code, {}).get("description", {}), language),
            score=float(value or 0.0),
        )
        for code, value in zip(SCALES, session.scores, strict=True)
    ]


def _colleges(
    specialty_ids: list[int], region: Region, regions: dict[int, Region], language: str
) -> dict[int, list[College]]:
    """Per specialty, the colleges teaching it: in the pupil's region first, then the
    nearest. One query for all the recommended specialties."""
    programs = Program.objects.filter(
        specialty_id__in=specialty_ids, institution__kind="college"
    ).values_list(
        "specialty_id",
        "institution_id",
        "institution__name_ru",
        "institution__name_kk",
        "institution__name_en",
        "institution__region_id",
        "language",
        "state_funded_seats",
    )
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for specialty_id, institution_id, ru, kk, en, region_id, taught_in, seats in programs:
        college = found.setdefault(
            (specialty_id, institution_id),
            {
                "names": {"ru": ru, "kk": kk, "en": en},
                "region": regions[region_id],
                "languages": set(),
                "seats": 0,
            },
        )
        college["languages"].add(taught_in)
        college["seats"] += seats
    by_specialty: dict[int, list[College]] = {pk: [] for pk in specialty_ids}
    km = {other.pk: _km(region, other) for other in regions.values()}  # one per region
    for (specialty_id, _institution), college in found.items():
        by_specialty[specialty_id].append(
            College(
                name=college["names"].get(language) or college["names"]["ru"],
                region=college["region"].name,
                languages=sorted(college["languages"]),
                state_funded_seats=college["seats"],
                distance_km=km[college["region"].pk],
            )
        )
    return {
        pk: sorted(colleges, key=lambda c: (c.distance_km, -c.state_funded_seats, c.name))[
            :NEARBY_COLLEGES
        ]
        for pk, colleges in by_specialty.items()
    }


def _km(a: Region, b: Region) -> float:
    if a.pk == b.pk:
        return 0.0
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return float("inf")
    return float(
        distances_km(
            np.array([a.latitude]),
            np.array([a.longitude]),
            np.array([b.latitude]),
            np.array([b.longitude]),
        )[0]
    )


def session_picks(*, session: DiagnosticSession, interest_only: bool = False) -> list[Pick]:
    """The session's recommendations with their outlook in the pupil's region: as stored
    at completion (fit and outlook weighed); by interest fit alone, ranked now from the
    stored scores; results stored before the outlook existed get today's outlook."""
    if session.completed_at is None or any(value is None for value in session.scores):
        return []
    scores = np.array(session.scores, dtype=np.float64)
    intake = session_intake_year(session)
    stored = session.recommendations or []
    if interest_only:
        k = len(stored) or rules.RECOMMENDATIONS
        return recommend_ahead(
            scores, region_id=session.region_id, intake_year=intake, k=k, interest_only=True
        )
    if all("outlook" in pick for pick in stored):
        return [Pick.from_json(pick) for pick in stored]
    now = picks_of(
        scores, [p["specialty"] for p in stored], region_id=session.region_id, intake_year=intake
    )
    return [
        Pick.from_json(pick) if "outlook" in pick else now[pick["specialty"]]
        for pick in stored
        if "outlook" in pick or pick["specialty"] in now
    ]


def _outlooks(
    session: DiagnosticSession, language: str, picks: list[Pick]
) -> list[SpecialtyOutlook]:
    ids = [pick.specialty_id for pick in picks]
    specialties = Specialty.objects.in_bulk(ids)
    region = session.region
    latest = (
        PlacementRound.objects.filter(
            status=PlacementRound.Status.PUBLISHED, institution__isnull=True
        )
        .order_by("-published_at", "-id")
        .first()
    )
    places = (
        dict(
            Offer.objects.filter(round=latest, region=region, specialties__in=ids)
            .values_list("specialties")
            .annotate(total=Sum("seats"))
            .values_list("specialties", "total")
        )
        if latest
        else {}
    )
    sectors = {s.sector for s in specialties.values()}
    enterprises = dict(
        Enterprise.objects.filter(region=region, sector__in=sectors)
        .values_list("sector")
        .annotate(n=Count("id"))
        .values_list("sector", "n")
    )
    regions = {r.pk: r for r in Region.objects.all()}
    colleges = _colleges(ids, region, regions, language)
    return [
        SpecialtyOutlook(
            specialty=specialties[pick.specialty_id],
            fit=pick.fit,
            score=pick.score,
            graduation_year=pick.graduation_year,
            projected_openings=pick.projected_openings,
            state_funded_seats=pick.state_funded_seats,
            dual_places=int(places.get(pick.specialty_id) or 0),
            enterprises=int(enterprises.get(specialties[pick.specialty_id].sector, 0)),
            colleges=colleges.get(pick.specialty_id, []),
        )
        for pick in picks
        if pick.specialty_id in specialties
    ]


def session_results(
    *, session: DiagnosticSession, language: str, interest_only: bool = False
) -> Results:
    """Everything the results page shows; the caller has already been allowed to see it.
    `interest_only`: the specialties that fit the interests best, whatever the outlook."""
    scales = _scales(session, language)
    by_code = {s.code: s for s in scales}
    picks = session_picks(session=session, interest_only=interest_only)
    return Results(
        session=session,
        scales=scales,
        top_scales=[by_code[letter] for letter in session.holland_code],
        recommendations=_outlooks(session, language, picks),
        attribution=_localized(session.instrument.metadata.get("attribution", {}), language),
        interest_only=interest_only,
    )


def festival_diagnostics_breakdown(*, starts: date, ends: date) -> Breakdown:
    """Diagnostics completed at festivals between `starts` and `ends`, nationally and by the
    pupil's region: a national aggregate (pupils belong to no college)."""
    sessions = DiagnosticSession.objects.filter(
        event__kind=GuidanceEvent.Kind.FESTIVAL,
        completed_at__date__gte=starts,
        completed_at__date__lte=ends,
    )
    return breakdown_of(sessions, Count("id"), region="region__iso_code")
