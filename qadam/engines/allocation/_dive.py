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
from qadam.engines.allocation.problem import AllocationProblem, FloatArray

_FRACTIONAL = 1e-6
_FIX_SHARE = 0.8  # of the fractional programs fixed per round (0.5-0.9 round as well)
_NEAR = 0.1  # programs this close to a whole number are fixed in any round
_MAX_SOLVES = 60


def _solve(h: highspy.Highs) -> bool:
    h.run()
    return bool(h.getModelStatus() == highspy.HighsModelStatus.kOptimal)


def _fix(h: highspy.Highs, cols: np.ndarray, lo: FloatArray, hi: FloatArray) -> None:
    h.changeColsBounds(cols.shape[0], cols.astype(np.int32), lo, hi)


def dive(
    p: AllocationProblem, model: mdl.Model, h: highspy.Highs, capacity: FloatArray
) -> mdl.Solution | None:
    """Whole seats keeping every seat rule, from the relaxation solved in ``h``; None if the
    dive runs out of solves or meets a round it cannot undo. Leaves the seats fixed in ``h``."""
    x = np.asarray(h.getSolution().col_value)[: model.n].copy()
    lo = np.minimum(np.floor(x + _FRACTIONAL), capacity)
    hi = np.minimum(np.ceil(x - _FRACTIONAL), capacity)
    _fix(h, np.arange(model.n), lo, hi)
    solves = 0
    while True:
        f = x - lo
        fr = np.flatnonzero((hi > lo) & (f > _FRACTIONAL) & (f < 1 - _FRACTIONAL))
        if fr.size == 0:
            break
        near = np.minimum(f[fr], 1 - f[fr])
        order = np.argsort(near, kind="stable")
        count = max(1, int(_FIX_SHARE * fr.size), int(np.sum(near < _NEAR)))
        pick = fr[order[:count]]
        while True:
            target = np.round(x[pick])
            _fix(h, pick, target, target)
            solves += 1
            if _solve(h):
                lo[pick] = hi[pick] = target
                break
            _fix(h, pick, lo[pick], hi[pick])  # undo
            if solves >= _MAX_SOLVES:
                return None
            if pick.size > 1:
                pick = pick[: pick.size // 2]
                continue
            other = np.where(target == lo[pick], hi[pick], lo[pick])
            _fix(h, pick, other, other)
            solves += 1
            if not _solve(h):
                return None
            lo[pick] = hi[pick] = other
            break
        x = np.asarray(h.getSolution().col_value)[: model.n].copy()
        if solves >= _MAX_SOLVES:
            return None
    # Fixed seats: the last solve's flows are the best for them.
    return mdl.finish(p, np.round(x), mdl.read_solution(p, model, h).flow)
