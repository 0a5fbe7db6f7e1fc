"""Demand: openings from employment, splitting group values, hires from headcount."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from qadam.engines.demand import hires_from_headcount, regional_openings, split

# ------------------------------------------------------------------------------ regional openings


def test_openings_are_replacements_plus_growth() -> None:
    # E = 100, 105, 110.25 -> openings 2 + 5, 2.1 + 5.25, 2.205 + 5.5125; region 1 is double.
    out = regional_openings(np.array([[100.0, 200.0]]), np.array([0.02]), np.array([0.05]), 3)
    assert out.shape == (1, 2, 3)
    np.testing.assert_allclose(out[0, 0], [7.0, 7.35, 7.7175])
    np.testing.assert_allclose(out[0, 1], 2 * out[0, 0])


def test_negative_growth_is_net_of_replacements_and_never_below_zero() -> None:
    employment = np.array([[100.0], [100.0], [50.0]])
    out = regional_openings(
        employment, np.array([0.03, 0.02, 0.0]), np.array([-0.01, -0.05, 0.0]), 2
    )
    # Sector 0 shrinks 1% a year but replaces 3%: 2 then 0.02 * 99. Sector 1 sheds more
    # jobs than retire: no openings. Sector 2 is static with no retirements.
    np.testing.assert_allclose(out[:, 0], [[2.0, 1.98], [0.0, 0.0], [0.0, 0.0]])


def test_openings_shape_with_several_groups_and_regions() -> None:
    out = regional_openings(np.ones((4, 20)), np.full(4, 0.03), np.zeros(4), 15)
    assert out.shape == (4, 20, 15)
    np.testing.assert_allclose(out, 0.03)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"employment": np.array([[1.0, -2.0]])}, r"employment\[0, 1\] = -2.0 is negative"),
        (
            {"employment": np.ones(2)},
            r"employment has shape \(2,\), expected \(n_groups, n_regions\)",
        ),
        ({"replacement_rate": np.array([1.5])}, r"replacement_rate\[0\] = 1.5 is outside \[0, 1\]"),
        (
            {"replacement_rate": np.array([0.1, 0.1])},
            r"replacement_rate has shape \(2,\), expected \(1,\)",
        ),
        ({"growth_rate": np.array([-1.0])}, r"growth_rate\[0\] = -1.0 is outside \(-1, 1\)"),
        ({"growth_rate": np.array([np.nan])}, r"growth_rate\[0\] = nan is not a finite number"),
        ({"horizon": 0}, r"horizon = 0 must be a whole number of years >= 1"),
        ({"horizon": 2.5}, r"horizon = 2.5 must be"),
    ],
)
def test_openings_validation(overrides: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {
        "employment": np.array([[10.0, 20.0]]),
        "replacement_rate": np.array([0.02]),
        "growth_rate": np.array([0.01]),
        "horizon": 3,
    }
    with pytest.raises(ValueError, match=message):
        regional_openings(**(args | overrides))


# -------------------------------------------------------------------------------------- split


def test_split_in_proportion_to_weight_and_equally_when_weights_are_zero() -> None:
    values = np.array([[8.0, 4.0], [9.0, 3.0]])  # (K = 2 groups, 2 years)
    group = np.array([0, 1, 0, 1, 1])
    weight = np.array([1.0, 0.0, 3.0, 0.0, 0.0])
    out = split(values, group, weight)
    assert out.shape == (5, 2)
    np.testing.assert_allclose(out, [[2, 1], [3, 1], [6, 3], [3, 1], [3, 1]])
    np.testing.assert_allclose(np.bincount(group, out[:, 0]), values[:, 0])


def test_split_one_dimensional_values_and_empty_groups_without_value() -> None:
    out = split(np.array([10.0, 0.0, 6.0]), np.array([2, 0, 2]), np.array([1.0, 5.0, 2.0]))
    np.testing.assert_allclose(out, [2.0, 10.0, 4.0])  # group 1 has no items and no value


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (np.array([1.0, 2.0]), np.array([0]), np.array([1.0])),
            r"values\[1\] is nonzero but no item belongs to group 1",
        ),
        (
            (np.array([1.0]), np.array([1]), np.array([1.0])),
            r"group_of_item\[0\] = 1 is outside \[0, 1\)",
        ),
        (
            (np.array([1.0]), np.array([0.0]), np.array([1.0])),
            r"group_of_item must be a 1-D integer",
        ),
        (
            (np.array([1.0]), np.array([0]), np.array([-1.0])),
            r"item_weight\[0\] = -1.0 is negative",
        ),
        (
            (np.array([1.0]), np.array([0, 0]), np.array([1.0])),
            r"item_weight has shape \(1,\), expected \(2,\)",
        ),
        (
            (np.array([[1.0, np.inf]]), np.array([0]), np.array([1.0])),
            r"values\[0, 1\] = inf is not a finite",
        ),
        (
            (np.float64(1.0), np.array([0]), np.array([1.0])),
            r"values has shape \(\), expected at least one axis",
        ),
    ],
)
def test_split_validation(args: tuple[Any, Any, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        split(*args)


# ------------------------------------------------------------------------------------ hires


def test_hires_are_growth_plus_turnover_of_last_years_staff() -> None:
    hires = hires_from_headcount(np.array([100.0, 150.0, 120.0, 0.0]), turnover=0.1)
    # The first year's staff are all new; the 30 released in year 2 are not reused.
    np.testing.assert_allclose(hires, [100.0, 60.0, 15.0, 12.0])


def test_hires_without_turnover_and_with_leading_axes() -> None:
    headcount = np.arange(24, dtype=np.float64).reshape(2, 3, 4)
    hires = hires_from_headcount(headcount)
    assert hires.shape == (2, 3, 4)
    np.testing.assert_allclose(hires[..., 0], headcount[..., 0])
    np.testing.assert_allclose(hires[..., 1:], 1.0)
    np.testing.assert_allclose(hires.sum(axis=-1), headcount[..., -1])  # growing: peak = hires


@pytest.mark.parametrize(
    ("headcount", "turnover", "message"),
    [
        (np.array([1.0, -1.0]), 0.0, r"headcount\[1\] = -1.0 is negative"),
        (np.array([[1.0, np.nan]]), 0.0, r"headcount\[0, 1\] = nan is not a finite number"),
        (np.zeros((2, 0)), 0.0, r"headcount has no years"),
        (np.ones(2), 1.5, r"turnover = 1.5 is not a number in \[0, 1\]"),
        (np.ones(2), float("nan"), r"turnover = nan"),
        ([1.0, 2.0], 0.0, r"headcount has shape list"),
    ],
)
def test_hires_validation(headcount: Any, turnover: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        hires_from_headcount(headcount, turnover)
