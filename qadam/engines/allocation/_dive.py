"""Whole seats by diving: fix the seats nearest a whole number, re-solve, repeat.

Programs whose relaxed seats are whole keep them; the fractional ones stay between their
floor and ceiling. Each round fixes most of the fractional programs, those nearest a whole
number (rounded to it), and re-solves the relaxation from the last basis, so the others absorb
the rounding: the flows re-route and the seat rules (total, budget, share, minimums) stay
exact.
A round the rest cannot absorb is undone and retried with half as many programs.
"""

from __future__ import annotations

import highspy
import numpy as np

from qadam.engines.allocation import _model as mdl
from qadam.engines.allocation.problem import AllocationProblem, FloatArray, IntArray

_FRACTIONAL = 1e-6
_FIX_SHARE = 0.8  # of the fractional programs fixed per round (0.5-0.9 round as well)
_NEAR = 0.1  # programs this close to a whole number are fixed in any round
_MAX_SOLVES = 30
_MARGIN = 2.0  # seats of slack kept in the total, the budget and the share while diving
# Left fractional for the rounder: the binding rules keep about one fractional program each,
# and fixing them one round at a time only moves the fraction to another program.
_LEFT = 30


def _solve(h: highspy.Highs) -> bool:
    h.run()
    return bool(h.getModelStatus() == highspy.HighsModelStatus.kOptimal)


def _fix(h: highspy.Highs, cols: np.ndarray, lo: FloatArray, hi: FloatArray) -> None:
    h.changeColsBounds(cols.shape[0], cols.astype(np.int32), lo, hi)


class _Margins:
    """The total, the budget and the share kept two seats stricter while diving.

    The dive leaves a few fractional programs for the rounder, whose repair adds seats where
    flooring broke a region's minimum or the share; with the budget or the total binding
    exactly it could not. Released at the first round that fails, and at the end.
    """

    def __init__(self, p: AllocationProblem, model: mdl.Model, h: highspy.Highs) -> None:
        self.h, self.rows = h, np.arange(model.policy_row, model.policy_row + 3)
        self.lower = model.row_lower[self.rows]
        self.upper = model.row_upper[self.rows]
        seat_cost = float(np.mean(p.cost)) if p.n_programs else 0.0
        upper = self.upper - _MARGIN * np.array([1.0, seat_cost / model.budget_scale, 0.0])
        lower = self.lower + np.array([0.0, 0.0, _MARGIN * (1.0 - p.min_technical_share)])
        self.active = True
        self._set(np.minimum(lower, upper), upper)

    def _set(self, lower: FloatArray, upper: FloatArray) -> None:
        for row, lo, hi in zip(self.rows.tolist(), lower, upper, strict=True):
            self.h.changeRowBounds(int(row), float(lo), float(hi))

    def release(self) -> bool:
        """Back to the exact rules; False if they were already."""
        if not self.active:
            return False
        self.active = False
        self._set(self.lower, self.upper)
        return True


def _nearest_keeping_minimums(
    p: AllocationProblem, model: mdl.Model, x: FloatArray, pick: IntArray
) -> FloatArray:
    """``x[pick]`` rounded to the nearest whole seat, except that in a region whose minimum
    the roundings down would break, the programs nearest their ceiling round up instead."""
    target = np.round(x[pick])
    region = p.region[pick]
    slack = np.bincount(p.region, x, p.n_regions) - model.row_lower[model.policy_row + 3 :]
    lost = np.bincount(region, x[pick] - target, p.n_regions)
    need = np.ceil(np.maximum(lost - np.maximum(slack, 0.0), 0.0) - _FRACTIONAL)
    down = np.flatnonzero(target < x[pick])
    if not np.any(need > 0) or not down.size:
        return target
    down = down[np.lexsort((target[down] - x[pick][down], region[down]))]  # nearest ceiling first
    first = np.searchsorted(region[down], region[down])
    rank = np.arange(down.size) - first
    up = down[rank < need[region[down]]]
    target[up] += 1.0
    return target


def dive(
    p: AllocationProblem, model: mdl.Model, h: highspy.Highs, capacity: FloatArray
) -> FloatArray | None:
    """Seats from the relaxation solved in ``h`` with at most ``_LEFT`` still fractional,
    keeping every seat rule; None if a round cannot be undone. Changes bounds in ``h``."""
    x = np.asarray(h.getSolution().col_value)[: model.n].copy()
    # Fractional seats between floor and ceiling; whole ones stay, until a round fails: then
    # they may move by one (from the start, that took twice the rounds and rounded worse).
    lo = np.minimum(np.floor(x + _FRACTIONAL), capacity)
    hi = np.minimum(np.ceil(x - _FRACTIONAL), capacity)
    whole = np.flatnonzero(lo == hi)
    _fix(h, np.arange(model.n), lo, hi)
    margins = _Margins(p, model, h)
    solves = 0
    while solves < _MAX_SOLVES:
        solves += 1
        if _solve(h):
            break
        if not margins.release():
            return None
    x = np.asarray(h.getSolution().col_value)[: model.n].copy()
    while solves < _MAX_SOLVES:
        near = np.abs(x - np.round(x))
        fr = np.flatnonzero((hi > lo) & (near > _FRACTIONAL))
        if fr.size <= _LEFT:
            break
        near = near[fr]
        order = np.argsort(near, kind="stable")
        count = max(1, int(_FIX_SHARE * fr.size), int(np.sum(near < _NEAR)))
        pick = fr[order[:count]]
        while True:
            target = _nearest_keeping_minimums(p, model, x, pick)
            _fix(h, pick, target, target)
            solves += 1
            if _solve(h):
                lo[pick] = hi[pick] = target
                break
            _fix(h, pick, lo[pick], hi[pick])  # undo
            if margins.release():
                continue  # the same round again, with the seat of slack
            if whole.size:  # the same round again, whole seats free to move by one
                lo[whole] = np.maximum(lo[whole] - 1, 0.0)
                hi[whole] = np.minimum(hi[whole] + 1, capacity[whole])
                _fix(h, whole, lo[whole], hi[whole])
                whole = whole[:0]
                continue
            if pick.size == 1 or solves >= _MAX_SOLVES:
                return None
            pick = pick[: pick.size // 2]
        x = np.asarray(h.getSolution().col_value)[: model.n].copy()
    margins.release()
    return x
