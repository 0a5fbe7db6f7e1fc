"""The allocation LP/MIP in HiGHS: column-wise arrays, solves, solution read-back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import highspy
import numpy as np
import scipy.sparse as sp

from qadam.engines.allocation.problem import (
    INF,
    AllocationInfeasible,
    AllocationProblem,
    FloatArray,
    Limits,
)

_STATUS = highspy.HighsModelStatus


@dataclass(frozen=True)
class Model:
    """Columns: seats x (n), flows z (m), shortfall s (c). Rows: one per program (graduates),
    one per cell (unmet demand), then total, budget, technical share, one per region."""

    n: int
    m: int
    c: int
    matrix: sp.csc_matrix
    col_cost: FloatArray
    col_upper: FloatArray
    row_lower: FloatArray
    row_upper: FloatArray
    budget_scale: float  # budget row is divided by this to keep HiGHS' coefficients near 1

    @property
    def policy_row(self) -> int:
        """Index of the total-seats row; budget, technical share and regions follow it."""
        return self.n + self.c

    @property
    def n_rows(self) -> int:
        return int(self.row_lower.shape[0])


def build(p: AllocationProblem, lim: Limits) -> Model:
    """The allocation model with seat limits ``lim``."""
    n, c, m, n_reg = p.n_programs, p.n_cells, int(p.serves_cell.shape[0]), p.n_regions
    scale = float(np.mean(p.cost)) if n and np.mean(p.cost) > 0 else 1.0
    pol = n + c
    programs = np.arange(n)
    owner = np.repeat(programs, np.diff(p.serves_indptr))
    rows = [programs, np.full(n, pol), np.full(n, pol + 1), np.full(n, pol + 2),
            pol + 3 + p.region.astype(np.int64), owner, n + p.serves_cell.astype(np.int64),
            n + np.arange(c)]  # fmt: skip
    cols = [programs] * 5 + [n + np.arange(m)] * 2 + [n + m + np.arange(c)]
    share = p.technical.astype(np.float64) - p.min_technical_share
    vals = [-p.graduate_yield, np.ones(n), p.cost / scale, share, np.ones(n), np.ones(2 * m),
            np.ones(c)]  # fmt: skip
    shape = (pol + 3 + n_reg, n + m + c)
    matrix = sp.csc_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=shape
    )
    return Model(
        n=n,
        m=m,
        c=c,
        matrix=matrix,
        col_cost=np.concatenate([p.cost_weight * p.cost, np.zeros(m), p.weight]),
        col_upper=np.concatenate([lim.capacity, np.full(m + c, INF)]),
        row_lower=np.concatenate([np.full(n, -INF), p.demand, [-INF, -INF, 0.0], lim.min_region]),
        row_upper=np.concatenate(
            [np.zeros(n), np.full(c, INF), [lim.total, p.budget / scale, INF], np.full(n_reg, INF)]
        ),
        budget_scale=scale,
    )


def highs(model: Model, time_limit: float, integer: bool = False) -> highspy.Highs:
    """A silent HiGHS instance holding ``model``; seats are integer when ``integer``."""
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", max(float(time_limit), 0.01))
    a = model.matrix
    ncol = int(a.shape[1])
    integrality = np.zeros(ncol, np.int32)  # highspy misreads an empty array
    integrality[: model.n] = int(integer)
    status = h.passModel(ncol, model.n_rows, int(a.nnz), 1, 1, 0.0, model.col_cost,
                         np.zeros(ncol), model.col_upper, model.row_lower, model.row_upper,
                         a.indptr.astype(np.int64), a.indices.astype(np.int64),
                         a.data.astype(np.float64), integrality)  # fmt: skip
    if status != highspy.HighsStatus.kOk:
        raise RuntimeError(f"HiGHS rejected the allocation model: {status}")
    return h


def run(h: highspy.Highs, what: str) -> None:
    """Solve; raise AllocationInfeasible or RuntimeError unless a usable solution exists."""
    h.run()
    status = h.getModelStatus()
    if status == _STATUS.kOptimal:
        return
    if status == _STATUS.kTimeLimit and h.getInfo().primal_solution_status == 2:
        return  # a feasible MIP incumbent
    if status in (_STATUS.kInfeasible, _STATUS.kUnboundedOrInfeasible):
        raise AllocationInfeasible(
            "total seats, budget, technical share, region minimums and capacities are jointly "
            f"infeasible ({what})"
        )
    raise RuntimeError(f"HiGHS {what} solve ended with status {h.modelStatusToString(status)}")


class Solution(NamedTuple):
    seats: FloatArray
    flow: FloatArray
    shortfall: FloatArray
    objective: float


def read_solution(p: AllocationProblem, model: Model, h: highspy.Highs) -> Solution:
    """Seats and flows from HiGHS, with shortfall and objective recomputed from them."""
    col = np.asarray(h.getSolution().col_value)
    seats = np.maximum(col[: model.n], 0.0)
    return finish(p, seats, np.maximum(col[model.n : model.n + model.m], 0.0))


def finish(p: AllocationProblem, seats: FloatArray, flow: FloatArray) -> Solution:
    """Shortfall is demand less inflow, never negative; the objective follows from it."""
    inflow = np.bincount(p.serves_cell, flow, p.n_cells)
    shortfall = np.maximum(p.demand - inflow, 0.0)
    objective = float(p.weight @ shortfall + p.cost_weight * (p.cost @ seats))
    return Solution(seats, flow, shortfall, objective)


def shadow_prices(model: Model, h: highspy.Highs) -> tuple[float, float, float, FloatArray]:
    """Total seats, budget, technical share and region prices; see AllocationResult."""
    dual = np.asarray(h.getSolution().row_dual)
    r = model.policy_row
    # HiGHS duals are d(objective)/d(row bound); flip the <= rows so relaxing reads positive.
    budget = -float(dual[r + 1]) / model.budget_scale
    return -float(dual[r]), budget, float(dual[r + 2]), dual[r + 3 :].copy()


def fix_seats(h: highspy.Highs, model: Model, seats: FloatArray) -> None:
    """Fix x to ``seats`` and free the seat-policy rows, leaving only the flows to optimise."""
    cols = np.arange(model.n, dtype=np.int32)
    h.changeColsBounds(model.n, cols, seats, seats)
    for row in range(model.policy_row, model.n_rows):  # a few dozen rows
        h.changeRowBounds(row, -INF, INF)


def flows_for(p: AllocationProblem, model: Model, h: highspy.Highs, seats: FloatArray) -> Solution:
    """Best flows for fixed ``seats``, hot-started from the last basis in ``h``."""
    fix_seats(h, model, seats)
    run(h, "flows for fixed seats")
    return finish(p, seats, read_solution(p, model, h).flow)


def seed_mip(h: highspy.Highs, sol: Solution) -> None:
    """Give a MIP a feasible starting point so it can prune from the root."""
    start = np.concatenate([sol.seats, sol.flow, sol.shortfall])
    h.setSolution(start.shape[0], np.arange(start.shape[0], dtype=np.int32), start)
