"""Allocation inputs and outputs, validation, and the infeasibilities visible before a solve."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.integer[Any]]
BoolArray = NDArray[np.bool_]

INF = math.inf


class AllocationInfeasible(ValueError):
    """No allocation satisfies the constraints; the message names the constraint and numbers
    in English, `code` and `values` let a caller word it in the reader's language."""

    def __init__(self, message: str, code: str = "jointly", **values: float) -> None:
        super().__init__(message)
        self.code = code
        self.values = {name: float(value) for name, value in values.items()}


@dataclass(frozen=True)
class AllocationProblem:
    """One allocation round. Cells are demand buckets (specialty x region, megaproject, ...)."""

    capacity: FloatArray  # (n_programs,): most new state-funded seats a program can take
    cost: FloatArray  # (n_programs,): cost of one seat over the whole program
    graduate_yield: FloatArray  # (n_programs,): graduates entering the labour market per seat
    technical: BoolArray  # (n_programs,)
    region: IntArray  # (n_programs,): index into min_region_seats
    serves_indptr: IntArray  # (n_programs + 1,): CSR row pointers into serves_cell
    serves_cell: IntArray  # cells a program's graduates can fill
    demand: FloatArray  # (n_cells,): unmet demand at the horizon after the existing pipeline
    weight: FloatArray  # (n_cells,): value of filling one unit of a cell's demand
    total_seats: float
    budget: float
    min_technical_share: float
    min_region_seats: FloatArray  # (n_regions,)
    cost_weight: float = 1e-6

    @property
    def n_programs(self) -> int:
        return int(self.capacity.shape[0])

    @property
    def n_cells(self) -> int:
        return int(self.demand.shape[0])

    @property
    def n_regions(self) -> int:
        return int(self.min_region_seats.shape[0])


@dataclass(frozen=True)
class AllocationResult:
    """Seats per program, the best flows for them, and the relaxation's shadow prices.

    ``status`` is "optimal" (``gap`` within the tolerance) or "time_limit" (the MIP stopped
    with a feasible solution outside it). ``method`` is "lp" (``integer=False``),
    "lp-rounding" (the relaxation rounded by a dive, within tolerance of the bound),
    "lp-rounding+neighbourhood" (the best whole seats between the floor and ceiling of the
    relaxed seats, a small HiGHS MIP), "lp-rounding+mip-bound" (rounded seats kept, the bound
    raised by HiGHS MIP cuts) or
    "mip" (HiGHS MIP found better seats). ``gap`` = (objective - bound) / max(|bound|, 1e-9),
    where ``bound`` is the best proven lower bound (the relaxation's optimum, raised by the
    rounding cuts valid for whole seats, or the MIP's dual bound).

    Shadow prices come from the linear relaxation and read as the decrease of the optimal
    objective per unit the constraint is relaxed: one more seat in the total, one more unit of
    money in the budget, one technical seat fewer required by the share rule
    (``sum technical x - share * sum x >= 0``; times the seats allocated, it is the price of
    the share itself), one seat fewer in a region's minimum. They
    are >= 0, and > 0 only where the constraint binds. With whole seats the relaxation uses
    capacities and the total rounded down and region minimums rounded up.
    """

    seats: FloatArray
    flow: FloatArray  # one value per serves entry
    shortfall: FloatArray
    objective: float
    bound: float
    gap: float
    status: str
    method: str
    shadow_total_seats: float
    shadow_budget: float
    shadow_technical_share: float
    shadow_region_min: FloatArray
    seconds: float


class Evaluation(NamedTuple):
    """Objective and unmet demand per cell of given seats with the best flows."""

    objective: float
    shortfall: FloatArray


def fmt(value: float) -> str:
    """Seat counts and money as people read them: 160,000 or 10.50."""
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.2f}"


def check_vector(name: str, arr: NDArray[Any], n: int, lo: float = 0.0, hi: float = INF) -> None:
    """Raise ValueError unless ``arr`` is a finite (n,) array within [lo, hi]."""
    if not isinstance(arr, np.ndarray) or arr.shape != (n,):
        shape = getattr(arr, "shape", type(arr).__name__)
        raise ValueError(f"{name} has shape {shape}, expected ({n},)")
    bad = np.flatnonzero(~np.isfinite(arr) | (arr < lo) | (arr > hi))
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"{name}[{i}] = {arr[i]} is not a number in [{lo:g}, {hi:g}]")


def _check_scalar(name: str, value: float, lo: float = 0.0, hi: float = INF) -> None:
    if not (math.isfinite(value) and lo <= value <= hi):
        raise ValueError(f"{name} = {value} is not a number in [{lo:g}, {hi:g}]")


def validate_data(p: AllocationProblem) -> None:
    """Raise ValueError naming the field and index of any malformed input."""
    n, c = p.n_programs, p.n_cells
    check_vector("capacity", p.capacity, n)
    check_vector("cost", p.cost, n)
    check_vector("graduate_yield", p.graduate_yield, n, hi=1.0)
    if p.technical.shape != (n,) or p.technical.dtype != np.bool_:
        raise ValueError(f"technical must be a bool array of shape ({n},), got {p.technical.dtype}")
    check_vector("min_region_seats", p.min_region_seats, p.n_regions)
    for name in ("region", "serves_indptr", "serves_cell"):
        if not np.issubdtype(getattr(p, name).dtype, np.integer):
            raise ValueError(f"{name} must be an integer array, got {getattr(p, name).dtype}")
    check_vector("region", p.region, n, hi=p.n_regions - 1)
    m = int(p.serves_cell.shape[0])
    check_vector("serves_indptr", p.serves_indptr, n + 1, hi=m)
    if p.serves_indptr[0] != 0 or p.serves_indptr[-1] != m:
        raise ValueError(f"serves_indptr must start at 0 and end at len(serves_cell) = {m}")
    drops = np.flatnonzero(np.diff(p.serves_indptr) < 0)
    if drops.size:
        raise ValueError(f"serves_indptr decreases at program {int(drops[0])}")
    check_vector("serves_cell", p.serves_cell, m, hi=c - 1)
    check_vector("demand", p.demand, c)
    check_vector("weight", p.weight, c)
    _check_scalar("total_seats", p.total_seats)
    _check_scalar("budget", p.budget)
    _check_scalar("min_technical_share", p.min_technical_share, hi=1.0)
    _check_scalar("cost_weight", p.cost_weight)


@dataclass(frozen=True)
class Limits:
    """Seat limits as solved: rounded to whole seats when the answer must be integral."""

    capacity: FloatArray
    min_region: FloatArray
    total: float


def limits(p: AllocationProblem, integer: bool) -> Limits:
    """Capacities and the total rounded down, minimums rounded up, when seats are whole."""
    if not integer:
        return Limits(p.capacity, p.min_region_seats, p.total_seats)
    return Limits(
        np.floor(p.capacity + 1e-9),
        np.ceil(p.min_region_seats - 1e-9),
        math.floor(p.total_seats + 1e-9),
    )


def check_feasible(p: AllocationProblem, lim: Limits) -> None:
    """Raise AllocationInfeasible for the infeasibilities that can be seen without a solve."""
    mins = lim.min_region
    if mins.sum() > lim.total + 1e-9:
        raise AllocationInfeasible(
            f"region minimums sum to {fmt(mins.sum())} seats, above the total of {fmt(lim.total)}",
            "minimums_above_total",
            minimums=mins.sum(),
            total=lim.total,
        )
    region_cap = np.bincount(p.region, lim.capacity, p.n_regions)
    for r in np.flatnonzero(mins > region_cap + 1e-9):
        raise AllocationInfeasible(
            f"region {r} minimum of {fmt(mins[r])} seats is above the region's total capacity "
            f"of {fmt(region_cap[r])}",
            "minimum_above_capacity",
            region=float(r),
            minimum=mins[r],
            capacity=region_cap[r],
        )
    _check_technical_share(p, lim)
    cheapest = sum(_cheapest_cost(p, lim, r) for r in range(p.n_regions))
    if cheapest > p.budget * (1 + 1e-9) + 1e-9:
        raise AllocationInfeasible(
            f"region minimums cost at least {fmt(cheapest)} at the cheapest seats, above the "
            f"budget of {fmt(p.budget)}",
            "minimums_above_budget",
            cost=cheapest,
            budget=p.budget,
        )


def _check_technical_share(p: AllocationProblem, lim: Limits) -> None:
    share, mins = p.min_technical_share, lim.min_region
    tech_cap = np.bincount(p.region, lim.capacity * p.technical, p.n_regions)
    forced = float(np.maximum(mins - tech_cap, 0.0).sum())  # regions short of technical seats
    if forced > 0 and share >= 1.0:
        raise AllocationInfeasible(
            f"a technical share of 100% is impossible: region minimums need {fmt(forced)} "
            "non-technical seats",
            "technical_share_whole",
            forced=forced,
        )
    # Technical seats must fill what they can of each minimum and outweigh the forced ones.
    need = max(float(np.minimum(mins, tech_cap).sum()), share * forced / (1.0 - share or 1.0))
    room = min(float(tech_cap.sum()), lim.total - forced)
    if need > room + 1e-6:
        raise AllocationInfeasible(
            f"a technical share of {share:.0%} needs at least {fmt(need)} technical seats "
            f"(region minimums force {fmt(forced)} non-technical seats), but at most "
            f"{fmt(max(room, 0.0))} fit within technical capacity {fmt(tech_cap.sum())} and "
            f"the total of {fmt(lim.total)}",
            "technical_share_room",
            share=share,
            need=need,
            forced=forced,
            room=max(room, 0.0),
            capacity=tech_cap.sum(),
            total=lim.total,
        )


def _cheapest_cost(p: AllocationProblem, lim: Limits, r: int) -> float:
    """Least cost of region r's minimum, filling its cheapest programs first."""
    idx = np.flatnonzero(p.region == r)
    idx = idx[np.argsort(p.cost[idx], kind="stable")]
    before = np.cumsum(lim.capacity[idx]) - lim.capacity[idx]
    take = np.clip(lim.min_region[r] - before, 0.0, lim.capacity[idx])
    return float(take @ p.cost[idx])


@dataclass(frozen=True)
class Violation:
    """One seat constraint an allocation breaks: `code` names it, `values` hold its numbers
    (the caller words it in the reader's language; str() is the English wording)."""

    code: str  # capacity, negative, total_seats, budget, technical_share, region_minimum
    values: dict[str, float]

    def __str__(self) -> str:
        v = self.values
        if self.code == "capacity":
            return f"{v['programs']:.0f} programs above capacity (first: program {v['first']:.0f})"
        if self.code == "negative":
            return "negative seats"
        if self.code == "total_seats":
            return f"{fmt(v['seats'])} seats, above the total of {fmt(v['total'])}"
        if self.code == "budget":
            return f"cost {fmt(v['cost'])}, above the budget of {fmt(v['budget'])}"
        if self.code == "technical_share":
            return f"technical share {v['share']:.1%}, below {v['minimum']:.0%}"
        return (
            f"region {v['region']:.0f} has {fmt(v['seats'])} seats, below its minimum of "
            f"{fmt(v['minimum'])}"
        )


def constraint_violations(
    p: AllocationProblem, seats: FloatArray, tol: float = 1e-6
) -> list[Violation]:
    """The seat constraints ``seats`` breaks; empty when all hold."""
    out = []
    over = np.flatnonzero(seats > p.capacity + tol)
    if over.size:
        out.append(Violation("capacity", {"programs": over.size, "first": int(over[0])}))
    if np.any(seats < -tol):
        out.append(Violation("negative", {}))
    if seats.sum() > p.total_seats + tol:
        out.append(Violation("total_seats", {"seats": seats.sum(), "total": p.total_seats}))
    spend = float(p.cost @ seats)
    if spend > p.budget * (1 + 1e-9) + tol:
        out.append(Violation("budget", {"cost": spend, "budget": p.budget}))
    tech = float(seats[p.technical].sum())
    if tech < p.min_technical_share * seats.sum() - tol:
        actual = tech / max(float(seats.sum()), 1e-300)
        out.append(
            Violation("technical_share", {"share": actual, "minimum": p.min_technical_share})
        )
    in_region = np.bincount(p.region, seats, p.n_regions)
    out.extend(
        Violation(
            "region_minimum",
            {"region": int(r), "seats": in_region[r], "minimum": p.min_region_seats[r]},
        )
        for r in np.flatnonzero(in_region < p.min_region_seats - tol)
    )
    return out
