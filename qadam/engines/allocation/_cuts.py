"""Mixed-integer rounding cuts on the cell rows: a tighter relaxation and a higher bound.

A cell's demand row, with every flow into it bounded by its program's graduates, gives
``s_c + sum_j yield_j x_j >= demand_c`` for whole seats x_j. Divided by one fractional
program's yield and rounded (MIR), it cuts off the relaxation's habit of buying exactly
demand / yield seats: for a cell with one program it is the convex hull, ``s_c >= r (ceil(d/y)
- x)`` with r the demand left after floor(d/y) seats. The cuts are valid for every whole-seat
allocation, so the re-solved relaxation's optimum is still a lower bound, and a higher one.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from qadam.engines.allocation import _model as mdl
from qadam.engines.allocation.problem import AllocationProblem, FloatArray, IntArray

_FRACTIONAL = 1e-6
_MIN_VIOLATION = 1e-4  # in units of demand; smaller ones are not worth a row


@dataclass(frozen=True)
class Cuts:
    """Rows ``sum value * column >= lower`` in CSR form over the model's columns."""

    starts: IntArray
    index: IntArray
    value: FloatArray
    lower: FloatArray

    @property
    def count(self) -> int:
        return int(self.lower.shape[0])


def _ranges(starts: IntArray, lengths: IntArray) -> tuple[IntArray, IntArray]:
    """For each range, its number, and the positions starts[k] .. starts[k] + lengths[k]."""
    which = np.repeat(np.arange(lengths.shape[0]), lengths)
    offset = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return which, starts[which] + offset


def separate(p: AllocationProblem, model: mdl.Model, col: FloatArray) -> Cuts:
    """The most violated MIR cut per cell that a fractional program serves, at ``col``."""
    x, s = col[: model.n], col[model.n + model.m : model.n + model.m + model.c]
    owner = np.repeat(np.arange(p.n_programs), np.diff(p.serves_indptr))
    by_cell = np.argsort(p.serves_cell, kind="stable")
    cell_start = np.concatenate([[0], np.cumsum(np.bincount(p.serves_cell, minlength=p.n_cells))])
    # One candidate per (cell, fractional program serving it): divide by that program's yield.
    frac = np.abs(x - np.round(x)) > _FRACTIONAL
    pair = np.flatnonzero(frac[owner])
    cell, delta = p.serves_cell[pair], p.graduate_yield[owner[pair]]
    beta = p.demand[cell] / np.maximum(delta, 1e-12)
    f = beta - np.floor(beta)
    keep = (delta > 0) & (f > _FRACTIONAL) & (f < 1 - _FRACTIONAL)
    cell, delta, beta, f = cell[keep], delta[keep], beta[keep], f[keep]
    lengths = cell_start[cell + 1] - cell_start[cell]
    which, pos = _ranges(cell_start[cell], lengths)
    prog = owner[by_cell[pos]]
    q = p.graduate_yield[prog] / delta[which]
    coef = delta[which] * (f[which] * np.floor(q) + np.minimum(q - np.floor(q), f[which]))
    lower = delta * f * np.ceil(beta)
    violation = lower - s[cell] - np.bincount(which, coef * x[prog], cell.shape[0])
    # The most violated candidate of each cell.
    order = np.lexsort((-violation, cell))
    first = order[np.concatenate([[True], cell[order][1:] != cell[order][:-1]])[: order.size]]
    chosen = np.sort(first[violation[first] > _MIN_VIOLATION])
    take = np.isin(which, chosen)
    rows = np.searchsorted(chosen, which[take])
    index = np.concatenate([prog[take], model.n + model.m + cell[chosen]])
    value = np.concatenate([coef[take], np.ones(chosen.shape[0])])
    row_of = np.concatenate([rows, np.arange(chosen.shape[0])])
    order = np.argsort(row_of, kind="stable")
    starts = np.concatenate([[0], np.cumsum(np.bincount(row_of, minlength=chosen.shape[0]))])
    return Cuts(starts[:-1], index[order], value[order], lower[chosen])


def add(h: highspy.Highs, cuts: Cuts) -> None:
    """Append the cuts as rows; the basis stays valid, so the next solve is hot-started."""
    h.addRows(cuts.count, cuts.lower, np.full(cuts.count, np.inf), int(cuts.index.shape[0]),
              cuts.starts.astype(np.int32), cuts.index.astype(np.int32),
              cuts.value.astype(np.float64))  # fmt: skip
