"""Specialties ranked by interest fit: the adapter between the registry's catalogue and the
pure guidance engine. A specialty's RIASEC profile is the mean of its linked ISCO-08
occupations' profiles (O*NET-derived, 1..7); the fit is Pearson's r, as O*NET matches."""

import time
from dataclasses import dataclass

import numpy as np

from qadam.engines.guidance import occupation_fit, top_fits
from qadam.registry.models import Specialty

CATALOGUE_SECONDS = 300.0  # the catalogue is reference data: re-read every few minutes
RIASEC_FIELDS = ("riasec_r", "riasec_i", "riasec_a", "riasec_s", "riasec_e", "riasec_c")


@dataclass(frozen=True, eq=False)
class Catalogue:
    specialty_ids: np.ndarray  # int64 (n,)
    profiles: np.ndarray  # float64 (n, 6), specialties with at least one profiled occupation


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
    return Catalogue(specialty_ids=np.array(ids, dtype=np.int64), profiles=profiles)


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


def recommend(scores: np.ndarray, k: int = 5) -> list[Recommendation]:
    """The k specialties whose profiles best fit the pupil's six scale scores."""
    current = catalogue()
    best = top_fits(scores, current.profiles, k)
    fits = occupation_fit(scores, current.profiles[best]) if best.size else np.empty(0)
    return [
        Recommendation(int(current.specialty_ids[i]), round(float(fit), 3))
        for i, fit in zip(best, fits, strict=True)
    ]
