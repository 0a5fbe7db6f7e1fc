"""Seat allocation: share next year's state-funded seats among programs to close demand gaps.

Model (all quantities at the planning horizon)::

    choose   seats x_p (0 <= x_p <= capacity_p), flows z_k >= 0, shortfall s_c >= 0
    minimise sum_c weight_c * s_c + cost_weight * sum_p cost_p * x_p
    s.t.     sum_{k in serves(p)} z_k <= graduate_yield_p * x_p      (graduates of p)
             s_c >= demand_c - sum_{k: serves_cell_k = c} z_k        (unmet demand)
             sum_p x_p <= total_seats;  sum_p cost_p x_p <= budget
             sum_{p technical} x_p >= min_technical_share * sum_p x_p
             sum_{p in region r} x_p >= min_region_seats_r

Whole seats come from rounding the linear relaxation (floor, repair the seat rules, add seats
by marginal value against re-solved flows). When that is further than ``gap_tolerance`` from
the relaxation's bound, a HiGHS MIP started from the rounded seats takes over; its cuts raise
the bound, which usually proves the rounded seats good within a second or two.

The state order is a mandate: ``distribute_remainder`` places the seats no gap needs by a
secondary weight per program, within capacity, the total, the budget and the technical share.

Pure numpy/scipy/highspy: no Django, no other Qadam module.
"""

from qadam.engines.allocation.problem import (
    AllocationInfeasible,
    AllocationProblem,
    AllocationResult,
    Evaluation,
    constraint_violations,
)
from qadam.engines.allocation.remainder import distribute_remainder
from qadam.engines.allocation.solve import allocate, evaluate, proportional_allocation

__all__ = [
    "AllocationInfeasible",
    "AllocationProblem",
    "AllocationResult",
    "Evaluation",
    "allocate",
    "constraint_violations",
    "distribute_remainder",
    "evaluate",
    "proportional_allocation",
]
