"""How an offer scores its applicants: the rules a placement round ranks students by.

Every score is "higher is better". The grade and weighted rules give points from 0 to 100:

- grades: the grade average on the five-point scale as a share of 5 (4.25 -> 85.0);
- weighted: percentages of four components, each 0-100 points: grades (as above),
  specialty fit (100 when the student's specialty trains for the offer's occupation, 50 when
  it trains for one in the same ISCO-08 minor group, else 0; 100 when the offer names no
  occupation), proximity (100 in the same place, falling linearly to 0 at
  ``PROXIMITY_ZERO_KM``) and the enterprise's test (0-100; no result counts 0);
- ranking: the enterprise's own ranking, as ``-position`` (1st -> -1.0), and
  ``UNRANKED_SCORE`` for an applicant it did not rank.

Pure numpy; no Django.
"""

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

PROXIMITY_ZERO_KM = 1500.0
UNRANKED_SCORE = -1_000_000.0
EARTH_RADIUS_KM = 6371.0


class Rule(IntEnum):
    GRADES = 0
    WEIGHTED = 1
    RANKING = 2


@dataclass(frozen=True, eq=False)  # eq=False: arrays have no boolean equality
class ScoringInputs:
    """One entry per application.

    rule: int8, a ``Rule``; grade: float64, the five-point average (NaN when unknown);
    fit: float64, 0/50/100; distance_km: float64 (NaN when unknown, counted as far);
    test: float64, 0-100 or NaN; enterprise_rank: float64, 1-based or NaN when unranked;
    weights: float64 (n, 4), percentages of grades, fit, proximity and test.
    """

    rule: np.ndarray
    grade: np.ndarray
    fit: np.ndarray
    distance_km: np.ndarray
    test: np.ndarray
    enterprise_rank: np.ndarray
    weights: np.ndarray


def grade_points(grade: np.ndarray) -> np.ndarray:
    return np.nan_to_num(np.asarray(grade, dtype=np.float64) / 5.0 * 100.0, nan=0.0)


def proximity_points(distance_km: np.ndarray) -> np.ndarray:
    distance = np.nan_to_num(np.asarray(distance_km, dtype=np.float64), nan=PROXIMITY_ZERO_KM)
    return np.clip(100.0 * (1.0 - distance / PROXIMITY_ZERO_KM), 0.0, 100.0)


def score_applications(inputs: ScoringInputs) -> np.ndarray:
    """The score of every application under its offer's rule, rounded to 4 decimals so
    that equal inputs tie exactly (the lottery then decides)."""
    rule = np.asarray(inputs.rule)
    grades = grade_points(inputs.grade)
    components = np.column_stack(
        (
            grades,
            np.nan_to_num(np.asarray(inputs.fit, dtype=np.float64), nan=0.0),
            proximity_points(inputs.distance_km),
            np.nan_to_num(np.asarray(inputs.test, dtype=np.float64), nan=0.0),
        )
    )
    weighted = (components * np.asarray(inputs.weights, dtype=np.float64)).sum(axis=1) / 100.0
    rank = np.asarray(inputs.enterprise_rank, dtype=np.float64)
    ranking = np.where(np.isnan(rank), UNRANKED_SCORE, -rank)
    score = np.select([rule == Rule.WEIGHTED, rule == Rule.RANKING], [weighted, ranking], grades)
    rounded: np.ndarray = np.round(score, 4)
    return rounded


def distances_km(
    lat_a: np.ndarray, lon_a: np.ndarray, lat_b: np.ndarray, lon_b: np.ndarray
) -> np.ndarray:
    """Great-circle (haversine) distances between paired points, in km."""
    phi_a, phi_b = np.radians(lat_a), np.radians(lat_b)
    d_phi = phi_b - phi_a
    d_lambda = np.radians(np.asarray(lon_b) - np.asarray(lon_a))
    h = np.sin(d_phi / 2) ** 2 + np.cos(phi_a) * np.cos(phi_b) * np.sin(d_lambda / 2) ** 2
    result: np.ndarray = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return result


def specialty_fit(
    trains_for_occupation: np.ndarray,
    trains_for_minor_group: np.ndarray,
    has_occupation: np.ndarray,
) -> np.ndarray:
    """Fit points from boolean per-application facts (see the module docstring)."""
    points = np.where(trains_for_occupation, 100.0, np.where(trains_for_minor_group, 50.0, 0.0))
    return np.where(has_occupation, points, 100.0)
