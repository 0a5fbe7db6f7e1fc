"""The offers' scoring rules, checked by hand and by property."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from qadam.engines.placement_scoring import (
    UNRANKED_SCORE,
    Rule,
    ScoringInputs,
    distances_km,
    proximity_points,
    score_applications,
    specialty_fit,
)


def inputs(n: int = 1, **values: object) -> ScoringInputs:
    defaults: dict[str, object] = {
        "rule": np.full(n, Rule.GRADES, dtype=np.int8),
        "grade": np.full(n, 4.0),
        "fit": np.full(n, 100.0),
        "distance_km": np.zeros(n),
        "test": np.full(n, np.nan),
        "enterprise_rank": np.full(n, np.nan),
        "weights": np.zeros((n, 4)),
    }
    defaults.update(values)
    return ScoringInputs(**defaults)


def test_grade_rule_is_the_average_as_a_share_of_five() -> None:
    scores = score_applications(inputs(3, grade=np.array([4.25, 5.0, np.nan])))
    assert scores.tolist() == [85.0, 100.0, 0.0]


def test_weighted_rule_by_hand() -> None:
    # grades 4.0 -> 80, fit 50, 750 km -> proximity 50, test 90; weights 40/20/30/10
    scores = score_applications(
        inputs(
            rule=np.array([Rule.WEIGHTED]),
            fit=np.array([50.0]),
            distance_km=np.array([750.0]),
            test=np.array([90.0]),
            weights=np.array([[40, 20, 30, 10]]),
        )
    )
    assert scores.tolist() == [0.4 * 80 + 0.2 * 50 + 0.3 * 50 + 0.1 * 90]


def test_ranking_rule_prefers_the_first_ranked_and_puts_the_unranked_last() -> None:
    scores = score_applications(
        inputs(3, rule=np.full(3, Rule.RANKING), enterprise_rank=np.array([1, 7, np.nan]))
    )
    assert scores.tolist() == [-1.0, -7.0, UNRANKED_SCORE]


def test_missing_test_and_distance_count_as_the_worst() -> None:
    weights = np.array([[0, 0, 50, 50]])
    scores = score_applications(
        inputs(
            rule=np.array([Rule.WEIGHTED]),
            distance_km=np.array([np.nan]),
            test=np.array([np.nan]),
            weights=weights,
        )
    )
    assert scores.tolist() == [0.0]


def test_distances_between_astana_and_almaty() -> None:
    km = distances_km(np.array([51.13]), np.array([71.45]), np.array([43.22]), np.array([76.94]))
    assert 960 < km[0] < 980  # about 970 km as the crow flies


def test_specialty_fit_levels() -> None:
    fit = specialty_fit(
        np.array([True, False, False, False]),
        np.array([True, True, False, False]),
        np.array([True, True, True, False]),
    )
    assert fit.tolist() == [100.0, 50.0, 0.0, 100.0]


@given(
    st.lists(st.floats(2.0, 5.0), min_size=2, max_size=2),
    st.lists(st.floats(0, 3000), min_size=2, max_size=2),
)
def test_better_grades_and_nearer_places_never_score_lower(
    grades: list[float], distance: list[float]
) -> None:
    weights = np.array([[50, 0, 50, 0], [50, 0, 50, 0]])
    better = np.array([max(grades), min(grades)]), np.array([min(distance), max(distance)])
    scores = score_applications(
        inputs(
            2,
            rule=np.full(2, Rule.WEIGHTED),
            grade=better[0],
            distance_km=better[1],
            weights=weights,
        )
    )
    assert scores[0] >= scores[1]
    assert 0 <= proximity_points(np.array(distance)).min() <= 100
