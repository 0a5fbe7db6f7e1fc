"""Specialties ranked by interest fit and by their outlook in the pupil's region: the adapter
between the registry's catalogue, planning's outlook and the pure guidance engine. A
specialty's RIASEC profile is the mean of its linked ISCO-08 occupations' profiles
(O*NET-derived, 1..7); the fit is Pearson's r, as O*NET matches. The outlook is the openings
planning projects in the pupil's region the year they would graduate."""

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils import timezone

from qadam.engines.guidance import blend, occupation_fit, outlook_index, top_fits, top_values
from qadam.guidance import rules
from qadam.guidance.models import DiagnosticSession
from qadam.guidance.rules import OUTLOOK_WEIGHT
from qadam.planning.outlook import outlook_current, pupil_outlook
from qadam.registry.models import Specialty

CATALOGUE_SECONDS = 300.0  # the catalogue is reference data: re-read every few minutes
RIASEC_FIELDS = ("riasec_r", "riasec_i", "riasec_a", "riasec_s", "riasec_e", "riasec_c")


@dataclass(frozen=True, eq=False)
class Catalogue:
    specialty_ids: np.ndarray  # int64 (n,)
    profiles: np.ndarray  # float64 (n, 6), specialties with at least one profiled occupation
    # their codes and names: a pupil's result names its picks without a query
    specialties: dict[int, Specialty]


@dataclass(frozen=True)
class Recommendation:
    specialty_id: int
    fit: float


_cached: tuple[float, Catalogue] | None = None


def _build_catalogue() -> Catalogue:
    sums: dict[int, np.ndarray] = {}
    counts: dict[int, int] = {}
    links = Specialty.occupations.through.objects.values_list(
        "specialty_id", *(f"occupation__{field}" for field in RIASEC_FIELDS)
    )
    for specialty_id, *profile in links:
        if any(value is None for value in profile):
            continue
        sums[specialty_id] = sums.get(specialty_id, np.zeros(6)) + np.array(profile, dtype=float)
        counts[specialty_id] = counts.get(specialty_id, 0) + 1
    ids = sorted(sums)
    profiles = np.array([sums[i] / counts[i] for i in ids], dtype=float).reshape(-1, 6)
    named = Specialty.objects.only("code", "name_kk", "name_ru", "name_en").in_bulk(ids)
    return Catalogue(
        specialty_ids=np.array(ids, dtype=np.int64), profiles=profiles, specialties=named
    )


def catalogue() -> Catalogue:
    global _cached
    now = time.monotonic()
    if _cached is None or now - _cached[0] > CATALOGUE_SECONDS:
        _cached = (now, _build_catalogue())
    return _cached[1]


def forget_catalogue() -> None:
    """After the catalogue changes (tests, reference-data loads)."""
    global _cached
    _cached = None


def specialty_names(ids: list[int]) -> dict[int, tuple[str, str]]:
    """Code and name (in the active language) of each specialty: the catalogue's from
    memory, any other (picked before the catalogue changed) read from the registry."""
    known = catalogue().specialties
    missing = [pk for pk in ids if pk not in known]
    found = {**known, **Specialty.objects.in_bulk(missing)} if missing else known
    return {pk: (found[pk].code, found[pk].name) for pk in ids if pk in found}


def recommend(scores: np.ndarray, k: int = 5) -> list[Recommendation]:
    """The k specialties whose profiles best fit the pupil's six scale scores."""
    current = catalogue()
    best = top_fits(scores, current.profiles, k)
    fits = occupation_fit(scores, current.profiles[best]) if best.size else np.empty(0)
    return [
        Recommendation(int(current.specialty_ids[i]), round(float(fit), 3))
        for i, fit in zip(best, fits, strict=True)
    ]


def session_intake_year(session: DiagnosticSession) -> int:
    """The pupil's first college intake, from their age when they took the diagnostic."""
    on = timezone.localdate(session.completed_at) if session.completed_at else timezone.localdate()
    return rules.intake_year(age=session.age or rules.COLLEGE_INTAKE_AGE, on=on)


@dataclass(frozen=True)
class Pick:
    """A specialty recommended with its outlook in the pupil's region."""

    specialty_id: int
    fit: float  # interest fit, Pearson's r
    score: float  # 0..1: the fit and the outlook, weighed (rules.OUTLOOK_WEIGHT)
    graduation_year: int
    projected_openings: float  # a year, in the pupil's region, in the graduation year
    state_funded_seats: int  # first-year, in the pupil's region, this year

    @staticmethod
    def from_json(stored: dict[str, Any]) -> "Pick":
        outlook = stored["outlook"]
        return Pick(
            specialty_id=int(stored["specialty"]),
            fit=float(stored["fit"]),
            score=float(stored["score"]),
            graduation_year=int(outlook["graduation_year"]),
            projected_openings=float(outlook["projected_openings"]),
            state_funded_seats=int(outlook["state_funded_seats"]),
        )

    def as_json(self) -> dict[str, object]:
        """As a session stores it (`DiagnosticSession.recommendations`)."""
        return {
            "specialty": self.specialty_id,
            "fit": self.fit,
            "score": self.score,
            "outlook": {
                "graduation_year": self.graduation_year,
                "projected_openings": self.projected_openings,
                "state_funded_seats": self.state_funded_seats,
            },
        }


@dataclass(frozen=True, eq=False)
class _Ahead:
    """Over the whole catalogue, in its order, for one pupil."""

    fits: np.ndarray
    scores: np.ndarray
    graduation_year: np.ndarray
    openings: np.ndarray
    seats: np.ndarray

    def pick(self, specialty_id: int, i: int) -> Pick:
        return Pick(
            specialty_id=specialty_id,
            fit=round(float(self.fits[i]), 3),
            score=round(float(self.scores[i]), 3),
            graduation_year=int(self.graduation_year[i]),
            projected_openings=round(float(self.openings[i]), 1),
            state_funded_seats=int(self.seats[i]),
        )


def _ahead(current: Catalogue, scores: np.ndarray, region_id: int | None, intake: int) -> _Ahead:
    fits = occupation_fit(scores, current.profiles)
    outlook = pupil_outlook(
        outlook_current(), specialty_ids=current.specialty_ids, region_id=region_id or 0,
        intake_year=intake,
    )  # fmt: skip
    return _Ahead(
        fits=fits,
        scores=blend(fits, outlook_index(outlook.openings), OUTLOOK_WEIGHT),
        graduation_year=outlook.graduation_year,
        openings=outlook.openings,
        seats=outlook.seats,
    )


def recommend_ahead(
    scores: np.ndarray,
    *,
    region_id: int | None,
    intake_year: int,
    k: int = 5,
    interest_only: bool = False,
) -> list[Pick]:
    """The k best specialties for a pupil of `region_id` entering college in `intake_year`:
    by interest fit and outlook weighed (rules.OUTLOOK_WEIGHT), or by fit alone; each with
    its outlook in the region. The outlook compares the catalogue's specialties in the
    region, each in its own graduation year."""
    current = catalogue()
    ahead = _ahead(current, scores, region_id, intake_year)
    best = top_values(ahead.fits if interest_only else ahead.scores, k)
    return [ahead.pick(int(current.specialty_ids[i]), int(i)) for i in best]


def picks_of(
    scores: np.ndarray, specialty_ids: list[int], *, region_id: int | None, intake_year: int
) -> dict[int, Pick]:
    """Given specialties as picks (results stored before the outlook existed)."""
    current = catalogue()
    ahead = _ahead(current, scores, region_id, intake_year)
    position = {int(pk): i for i, pk in enumerate(current.specialty_ids)}
    return {pk: ahead.pick(pk, position[pk]) for pk in specialty_ids if pk in position}
