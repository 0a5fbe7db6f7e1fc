"""Labour demand: regional openings from employment, megaproject hires from headcount.

* ``regional_openings``: openings per group of jobs (K groups, e.g. sectors) and region for
  each year after the base year, from retirements and net employment growth.
* ``split``: spread group values over the items (specialties, occupations, ...) of each group.
* ``hires_from_headcount``: new hires a project needs from the staff it plans each year.

Pure numpy: no Django, no other Qadam module.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qadam.engines.checks import fail_at

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.integer[Any]]


def regional_openings(
    employment: FloatArray, replacement_rate: FloatArray, growth_rate: FloatArray, horizon: int
) -> FloatArray:
    """Openings (K, R, horizon) in years 1..horizon after the base year.

    ``employment`` (K, R) counts the jobs needing the qualification in the base year;
    ``replacement_rate`` (K,) is the share of jobholders retiring (or otherwise leaving) each
    year, ``growth_rate`` (K,) the yearly employment growth, so ``E_t = E_0 (1 + g)^t``.
    Openings in year t are the replacements ``replacement_rate * E_{t-1}`` plus the net growth
    ``E_t - E_{t-1}``, i.e. ``(replacement_rate + g) * E_{t-1}``, clipped at 0: a sector
    shrinking faster than its staff retire hires nobody (the people it sheds are not counted
    as supply).
    """
    employment = _floats("employment", employment, ("n_groups", "n_regions"))
    fail_at("employment", employment, employment < 0, "is negative")
    k = employment.shape[0]
    replacement = _floats("replacement_rate", replacement_rate, (k,))
    fail_at("replacement_rate", replacement, (replacement < 0) | (replacement > 1),
             "is outside [0, 1]")  # fmt: skip
    growth = _floats("growth_rate", growth_rate, (k,))
    fail_at("growth_rate", growth, (growth <= -1) | (growth >= 1), "is outside (-1, 1)")
    if isinstance(horizon, bool) or not isinstance(horizon, int | np.integer) or horizon < 1:
        raise ValueError(f"horizon = {horizon!r} must be a whole number of years >= 1")
    before = employment[:, :, None] * (1.0 + growth[:, None, None]) ** np.arange(horizon)
    openings: FloatArray = np.maximum((replacement + growth)[:, None, None] * before, 0.0)
    return openings


def split(values: FloatArray, group_of_item: IntArray, item_weight: FloatArray) -> FloatArray:
    """Spread ``values`` (K, ...) over items (I,): item i gets its group's value times its
    share of the group's ``item_weight``; the items of a group with zero total weight share
    it equally. Returns (I, ...); each group's items sum to its value.

    Raises ValueError for a bad group index or weight, and for a group with a nonzero value
    but no items (its value would be lost).
    """
    values = _floats("values", values, None)
    k = values.shape[0]
    group = np.asarray(group_of_item)
    if group.ndim != 1 or not np.issubdtype(group.dtype, np.integer):
        raise ValueError(
            f"group_of_item must be a 1-D integer array, got shape {group.shape}, {group.dtype}"
        )
    fail_at("group_of_item", group, (group < 0) | (group >= k), f"is outside [0, {k})")
    weight = _floats("item_weight", item_weight, (group.shape[0],))
    fail_at("item_weight", weight, weight < 0, "is negative")
    count = np.bincount(group, minlength=k)
    lost = np.flatnonzero((count == 0) & np.any(values.reshape(k, -1) != 0, axis=1))
    if lost.size:
        raise ValueError(f"values[{lost[0]}] is nonzero but no item belongs to group {lost[0]}")
    total = np.bincount(group, weight, minlength=k)[group]
    equal = 1.0 / count[group]
    share = np.divide(weight, total, out=equal, where=total > 0)
    out: FloatArray = values[group] * share.reshape(-1, *[1] * (values.ndim - 1))
    return out


def hires_from_headcount(headcount: FloatArray, turnover: float = 0.0) -> FloatArray:
    """New hires (..., H) from the staff (..., H) a project needs in each of H years.

    ``hires_t = max(0, headcount_t - headcount_{t-1}) + turnover * headcount_{t-1}`` with
    ``headcount_{-1} = 0``, so the first year's staff are all hired in the first year. Staff
    released when a phase winds down are not counted as supply for anyone else: a planning
    simplification that can only overstate the hires other employers need from graduates.
    """
    headcount = _floats("headcount", headcount, None)
    fail_at("headcount", headcount, headcount < 0, "is negative")
    if headcount.shape[-1] == 0:
        raise ValueError("headcount has no years (its last axis is empty)")
    if not (math.isfinite(turnover) and 0.0 <= turnover <= 1.0):
        raise ValueError(f"turnover = {turnover} is not a number in [0, 1]")
    start = np.zeros((*headcount.shape[:-1], 1))
    previous = np.concatenate([start, headcount[..., :-1]], axis=-1)
    hires: FloatArray = np.maximum(headcount - previous, 0.0) + turnover * previous
    return hires


def _floats(name: str, arr: Any, expected: tuple[int | str, ...] | None) -> FloatArray:
    """``arr`` as floats once it is a finite numeric array of the expected shape (a str names
    an axis of any size; None: any shape with at least one axis)."""
    if not isinstance(arr, np.ndarray) or not _fits(arr.shape, expected):
        raise ValueError(f"{name} has shape {getattr(arr, 'shape', type(arr).__name__)}, "
                         f"expected {_show(expected)}")  # fmt: skip
    if not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise ValueError(f"{name} must be a numeric array, got dtype {arr.dtype}")
    fail_at(name, arr, ~np.isfinite(arr), "is not a finite number")
    return arr.astype(np.float64, copy=False)


def _fits(shape: tuple[int, ...], expected: tuple[int | str, ...] | None) -> bool:
    if expected is None:
        return len(shape) >= 1
    if len(shape) != len(expected):
        return False
    return all(isinstance(e, str) or n == e for n, e in zip(shape, expected, strict=True))


def _show(expected: tuple[int | str, ...] | None) -> str:
    if expected is None:
        return "at least one axis"
    return "(" + ", ".join(str(e) for e in expected) + ("," if len(expected) == 1 else "") + ")"
