"""Seat allocation: share next year's state-funded seats among programs to close demand gaps.

Model (all quantities at the planning horizon)::

    choose   seats x_p (0 <= x_p <= capacity_p), flows z_k >= 0, shortfall s_c >= 0
    minimise sum_c weight_c * s_c + cost_weight * sum_p cost_p * x_p
    s.t.     sum_{k in serves(p)} z_k <= graduate_yield_p * x_p      (graduates of p)
             s_c >= demand_c - sum_{k: serves_cell_k = c} z_k        (unmet demand)
             sum_p x_p <= total_seats;  sum_p cost_p x_p <= budget
             sum_{p technical} x_p >= min_technical_share * sum_p x_p
             sum_{p in region r} x_p >= min_region_seats_r

Whole seats come from the linear relaxation tightened by rounding cuts on the cell rows
(which also raise the bound) and a dive: fix the seats nearest a whole number, re-solve from
the last basis, repeat. Seats still further than ``gap_tolerance`` from the bound are improved
seat by seat against re-solved flows, then by a small HiGHS MIP between the relaxed seats'
floor and ceiling, and last by the full MIP started from them.

The state order is a mandate: ``distribute_remainder`` places the seats no gap needs by a
secondary weight per program, within capacity, the total, the budget and the technical share.

Pure numpy/scipy/highspy: no Django, no other Qadam module.
"""

from qadam.engines.allocation.problem import (
    AllocationInfeasible,
    AllocationProblem,
    AllocationResult,
    Evaluation,
    Violation,
    constraint_violations,
)
from qadam.engines.allocation.remainder import distribute_remainder
from qadam.engines.allocation.solve import allocate, evaluate, proportional_allocation

__all__ = [
    "AllocationInfeasible",
    "AllocationProblem",
    "AllocationResult",
    "Evaluation",
    "Violation",
    "allocate",
    "constraint_violations",
    "distribute_remainder",
    "evaluate",
    "proportional_allocation",
]
