"""Cohort-flow supply: hand-computed cohorts, lead time, aggregation and validation."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qadam.engines.forecast import (
    SupplyInputs,
    aggregate,
    cell_supply,
    gap,
    graduation_year,
    project_supply,
    seat_yield,
    shortage,
)


def inputs(**overrides: Any) -> SupplyInputs:
    """One 3-year program (max duration 4): 50/40/30 students in years 1-3, 100 admitted now."""
    base: dict[str, Any] = {
        "enrolled": np.array([[50.0, 40.0, 30.0, 0.0]]),
        "duration": np.array([3]),
        "progression": np.array([0.9]),
        "intake": np.array([[100.0, 0.0, 0.0, 0.0, 0.0]]),
    }
    return SupplyInputs(**(base | overrides))


def test_seat_funded_in_year_t_graduates_in_t_plus_duration() -> None:
    p = project_supply(inputs(enrolled=np.zeros((1, 4))), start_year=2025, horizon=5)
    np.testing.assert_array_equal(p.years, [2025, 2026, 2027, 2028, 2029])
    # 100 admitted in autumn 2025, 90% pass each of 3 years: 72.9 graduate in summer 2028.
    np.testing.assert_allclose(p.graduates, [[0.0, 0.0, 0.0, 72.9, 0.0]])
    assert graduation_year(2025, np.array([3]))[0] == 2028


def test_students_in_the_pipeline_graduate_by_their_year_of_study() -> None:
    p = project_supply(inputs(intake=np.zeros((1, 5))), start_year=2025, horizon=5)
    # Final-year students graduate now, second-years next year, first-years the year after.
    np.testing.assert_allclose(p.graduates, [[30 * 0.9, 40 * 0.81, 50 * 0.729, 0.0, 0.0]])
    np.testing.assert_allclose(p.enrolled_after, 0.0)


def test_repeaters_graduate_a_year_later() -> None:
    # 80% pass, 10% drop out, 10% repeat the (only) year of a 1-year program.
    one_year = SupplyInputs(
        enrolled=np.array([[100.0]]),
        duration=np.array([1]),
        progression=np.array([0.8]),
        dropout=np.array([0.1]),
        intake=np.zeros((1, 3)),
    )
    p = project_supply(one_year, start_year=2025, horizon=3)
    np.testing.assert_allclose(p.graduates, [[80.0, 8.0, 0.8]])
    np.testing.assert_allclose(p.enrolled_after, [[0.1]])
    assert seat_yield(one_year)[0] == pytest.approx(0.8 / 0.9)  # eventually 8 in 9 graduate


def test_rates_per_year_of_study() -> None:
    p = project_supply(
        inputs(progression=np.array([[0.5, 0.8, 1.0, 1.0]]), enrolled=np.zeros((1, 4))),
        start_year=2025,
        horizon=5,
    )
    np.testing.assert_allclose(p.graduates[0, 3], 100 * 0.5 * 0.8 * 1.0)


def test_labour_market_share_and_regional_retention() -> None:
    inp = inputs(labour_market_share=np.array([0.8]), retention=np.array([0.5]))
    p = project_supply(inp, start_year=2025, horizon=5)
    np.testing.assert_allclose(p.labour_market, 0.8 * p.graduates)
    np.testing.assert_allclose(p.retained, 0.4 * p.graduates)
    assert seat_yield(inp)[0] == pytest.approx(0.729 * 0.8)
    assert seat_yield(inp, retained=True)[0] == pytest.approx(0.729 * 0.4)


def test_programs_of_different_lengths() -> None:
    two = SupplyInputs(
        enrolled=np.array([[10.0, 20.0, 0.0], [1.0, 2.0, 3.0]]),
        duration=np.array([2, 3]),
        progression=np.array([1.0, 1.0]),
        intake=np.array([[5.0, 6.0, 7.0], [8.0, 9.0, 0.0]]),
    )
    p = project_supply(two, start_year=2030, horizon=3)
    # Program 0: year 2 now, year 1 next year, then the 2030 intake (2 years later).
    np.testing.assert_allclose(p.graduates[0], [20.0, 10.0, 5.0])
    np.testing.assert_allclose(p.graduates[1], [3.0, 2.0, 1.0])


def test_cells_add_extra_flows() -> None:
    two = SupplyInputs(
        enrolled=np.array([[0.0, 10.0], [0.0, 20.0], [4.0, 0.0]]),
        duration=np.array([2, 2, 1]),
        progression=np.array([1.0, 1.0, 1.0]),
        intake=np.zeros((3, 2)),
    )
    p = project_supply(two, start_year=2025, horizon=2)
    foreign = np.array([[1.0, 1.0, 9.0], [0.0, 2.0, 9.0]])  # the third year is past the horizon
    abroad = np.array([[0.5, 0.5], [0.0, 0.0]])
    supply = cell_supply(
        p, np.array([1, 1, 0]), 2, foreign_branch_graduates=foreign, returning_from_abroad=abroad
    )
    np.testing.assert_allclose(supply, [[4.0 + 1.0 + 0.5, 1.5], [30.0, 2.0]])
    np.testing.assert_allclose(gap(np.array([[5.0, 5.0], [10.0, 10.0]]), supply),
                               [[-0.5, 3.5], [-20.0, 8.0]])  # fmt: skip
    np.testing.assert_allclose(shortage(np.array([[5.0, 5.0], [10.0, 10.0]]), supply),
                               [[0.0, 3.5], [0.0, 8.0]])  # fmt: skip


def test_aggregate_sums_rows_by_group() -> None:
    out = aggregate(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([2, 0, 2]), 3)
    np.testing.assert_allclose(out, [[3.0, 4.0], [0.0, 0.0], [6.0, 8.0]])
    with pytest.raises(ValueError, match=r"index\[1\] = 3 is outside \[0, 3\)"):
        aggregate(np.ones((2, 1)), np.array([0, 3]), 3)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"progression": np.array([[0.9, 1.0, 1.3, 1.0]])},
            r"progression\[0, 2\] = 1.3 is outside",
        ),
        ({"progression": np.array([-0.1])}, r"progression\[0\] = -0.1 is negative"),
        ({"enrolled": np.array([[50.0, -1.0, 30.0, 0.0]])}, r"enrolled\[0, 1\] = -1.0 is negative"),
        ({"enrolled": np.array([[1.0, 1.0, 1.0, 1.0]])}, r"enrolled\[0, 3\] .* beyond"),
        ({"enrolled": np.array([[np.nan, 0, 0, 0]])}, r"enrolled\[0, 0\] = nan is not a finite"),
        ({"duration": np.array([5])}, r"duration\[0\] = 5 is outside \[0, 4\]"),
        ({"duration": np.array([0])}, r"duration\[0\] = 0 is not a whole number of years"),
        ({"duration": np.array([3, 3])}, r"duration has shape \(2,\), expected \(1,\)"),
        ({"intake": np.array([100.0])}, r"intake has shape \(1,\), expected \(1, n_years\)"),
        ({"intake": np.array([[100.0, -5.0]])}, r"intake\[0, 1\] = -5.0 is negative"),
        ({"dropout": np.array([0.2])}, r"progression \+ dropout\[0, 0\] = 1.1 exceeds 1"),
        ({"retention": np.array([1.5])}, r"retention\[0\] = 1.5 is outside \[0, 1\]"),
        ({"labour_market_share": np.array([0.5, 0.5])}, "labour_market_share has shape"),
    ],
)
def test_invalid_inputs_name_the_field_and_index(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        inputs(**overrides)


def test_horizon_needs_intake_for_every_year() -> None:
    with pytest.raises(
        ValueError, match="intake covers 5 years from 2025, but the horizon needs 6"
    ):
        project_supply(inputs(), start_year=2025, horizon=6)
    with pytest.raises(ValueError, match="horizon = 0"):
        project_supply(inputs(), start_year=2025, horizon=0)


def test_extra_flows_must_cover_the_horizon() -> None:
    p = project_supply(inputs(), start_year=2025, horizon=5)
    with pytest.raises(ValueError, match=r"returning_from_abroad has shape \(1, 4\)"):
        cell_supply(p, np.array([0]), 1, returning_from_abroad=np.zeros((1, 4)))
    with pytest.raises(ValueError, match=r"demand has shape \(1, 4\) but supply has \(1, 5\)"):
        gap(np.zeros((1, 4)), np.zeros((1, 5)))


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 6),
    horizon=st.integers(1, 8),
)
def test_students_are_conserved(seed: int, n: int, horizon: int) -> None:
    """Without drop-outs, start + admitted = graduated + still enrolled (repeaters included);
    drop-outs only ever remove students and graduates."""
    rng = np.random.default_rng(seed)
    duration = rng.integers(1, 5, n)
    enrolled = rng.integers(0, 100, (n, 4)) * (np.arange(4) < duration[:, None])
    progression = rng.uniform(0.0, 1.0, (n, 4))
    dropout = rng.uniform(0.0, 1.0, (n, 4)) * (1.0 - progression)
    intake = rng.integers(0, 100, (n, horizon)).astype(np.float64)
    inp = SupplyInputs(enrolled.astype(np.float64), duration, progression, intake, dropout)
    p = project_supply(inp, start_year=2025, horizon=horizon)
    # The same pipeline with every would-be drop-out repeating instead.
    kept = SupplyInputs(enrolled.astype(np.float64), duration, progression, intake,
                        np.zeros((n, 4)))  # fmt: skip
    q = project_supply(kept, start_year=2025, horizon=horizon)
    assert q.graduates.sum() + q.enrolled_after.sum() == pytest.approx(
        enrolled.sum() + intake.sum()
    )
    assert p.graduates.sum() + p.enrolled_after.sum() <= enrolled.sum() + intake.sum() + 1e-6
    assert np.all(p.graduates <= q.graduates + 1e-9)


def test_seat_yield_matches_a_long_projection() -> None:
    inp = SupplyInputs(
        enrolled=np.zeros((2, 3)),
        duration=np.array([2, 3]),
        progression=np.array([0.7, 0.8]),
        dropout=np.array([0.1, 0.15]),
        intake=np.array([[1.0] + [0.0] * 199, [1.0] + [0.0] * 199]),
        labour_market_share=np.array([0.9, 0.6]),
    )
    p = project_supply(inp, start_year=2025, horizon=200)
    np.testing.assert_allclose(p.labour_market.sum(axis=1), seat_yield(inp))
    np.testing.assert_allclose(seat_yield(inp), [(0.7 / 0.8) ** 2 * 0.9, (0.8 / 0.95) ** 3 * 0.6])
