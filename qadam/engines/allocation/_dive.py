"""Whole seats by diving: fix the seats nearest a whole number, re-solve, repeat.

Programs whose relaxed seats are whole keep them; the fractional ones stay between their
floor and ceiling. Each round fixes most of the fractional programs, those nearest a whole
number (rounded to it), and re-solves the relaxation from the last basis, so the others absorb
the rounding: the flows re-route and the seat rules (total, budget, share, minimums) stay
exact.
A round the rest cannot absorb is undone and retried without the margins below, then with the
whole seats free to move by one, then with half as many programs. The last few fractional
programs are left to the rounder (``_rounding.Rounder``), which repairs them by hand.
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


class _Diver:
    """The bounds of the seats in ``h`` as the dive fixes them, and how to loosen them."""

    def __init__(
        self, p: AllocationProblem, model: mdl.Model, h: highspy.Highs, capacity: FloatArray
    ) -> None:
        self.p, self.model, self.h, self.capacity = p, model, h, capacity
        self.x = self.seats()
        # Fractional seats between floor and ceiling; whole ones stay, until a round fails:
        # then they may move by one (from the start, that took twice the rounds and rounded
        # worse).
        self.lo = np.minimum(np.floor(self.x + _FRACTIONAL), capacity)
        self.hi = np.minimum(np.ceil(self.x - _FRACTIONAL), capacity)
        self.whole = np.flatnonzero(self.lo == self.hi)
        _fix(h, np.arange(model.n), self.lo, self.hi)
        self.margins = _Margins(p, model, h)
        self.solves = 0

    def seats(self) -> FloatArray:
        return np.asarray(self.h.getSolution().col_value)[: self.model.n].copy()

    def solve(self) -> bool:
        self.solves += 1
        return _solve(self.h)

    def loosen(self) -> bool:
        """Drop the margins, else free the whole seats by one; False if both are done."""
        if self.margins.release():
            return True
        w = self.whole
        if not w.size:
            return False
        self.lo[w] = np.maximum(self.lo[w] - 1, 0.0)
        self.hi[w] = np.minimum(self.hi[w] + 1, self.capacity[w])
        _fix(self.h, w, self.lo[w], self.hi[w])
        self.whole = w[:0]
        return True

    def fix(self, pick: IntArray) -> bool:
        """Fix ``pick`` (most of it if all cannot be) and re-solve; False if nothing fits."""
        while True:
            target = _nearest_keeping_minimums(self.p, self.model, self.x, pick)
            _fix(self.h, pick, target, target)
            if self.solve():
                self.lo[pick] = self.hi[pick] = target
                self.x = self.seats()
                return True
            _fix(self.h, pick, self.lo[pick], self.hi[pick])  # undo, retry the same round
            if self.loosen():
                continue
            if pick.size == 1 or self.solves >= _MAX_SOLVES:
                return False
            pick = pick[: pick.size // 2]


def dive(
    p: AllocationProblem, model: mdl.Model, h: highspy.Highs, capacity: FloatArray
) -> FloatArray | None:
    """Seats from the relaxation solved in ``h`` with at most ``_LEFT`` still fractional,
    keeping every seat rule; None if a round cannot be undone. Changes bounds in ``h``."""
    d = _Diver(p, model, h, capacity)
    while not d.solve():  # the margins may not fit
        if not d.loosen():
            return None
    d.x = d.seats()
    while d.solves < _MAX_SOLVES:
        near = np.abs(d.x - np.round(d.x))
        fr = np.flatnonzero((d.hi > d.lo) & (near > _FRACTIONAL))
        if fr.size <= _LEFT:
            break
        near = near[fr]
        count = max(1, int(_FIX_SHARE * fr.size), int(np.sum(near < _NEAR)))
        if not d.fix(fr[np.argsort(near, kind="stable")[:count]]):
            return None
    d.margins.release()
    return d.x
