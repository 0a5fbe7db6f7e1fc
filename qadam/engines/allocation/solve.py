"""allocate(), the evaluation of given seats and the proportional baseline."""

from __future__ import annotations

import math
import time

import highspy
import numpy as np

from qadam.engines.allocation import _cuts, _dive
from qadam.engines.allocation import _model as mdl
from qadam.engines.allocation._rounding import Rounder
from qadam.engines.allocation.problem import (
    AllocationProblem,
    AllocationResult,
    Evaluation,
    FloatArray,
    Limits,
    check_feasible,
    check_vector,
    constraint_violations,
    limits,
    validate_data,
)

_IMPROVE_ROUNDS = 8  # each round re-solves the flows (tens of ms nationally)
# Past this many times the relaxation's own solve, improve only seats still outside tolerance.
_IMPROVE_TIMES = 1.25
# The floor/ceiling MIP may take this many times the relaxation's own solve, at least this long.
_NEIGHBOURHOOD_TIMES, _NEIGHBOURHOOD_FLOOR = 4.0, 0.5


def _gap(objective: float, bound: float) -> float:
    return max(objective - bound, 0.0) / max(abs(bound), 1e-9)


class _Run:
    """One allocate() call: the model, the relaxation in HiGHS and the result builder."""

    def __init__(self, p: AllocationProblem, integer: bool, time_limit: float) -> None:
        self.started = time.perf_counter()
        self.p, self.time_limit = p, time_limit
        validate_data(p)
        self.lim = limits(p, integer)
        check_feasible(p, self.lim)
        self.model = mdl.build(p, self.lim)
        self.h = mdl.highs(self.model, time_limit)
        lp_started = time.perf_counter()
        mdl.run(self.h, "linear relaxation")
        self.lp_seconds = time.perf_counter() - lp_started
        self.bound = self.h.getObjectiveValue()
        self.prices = mdl.shadow_prices(self.model, self.h)
        self.relaxed = mdl.read_solution(p, self.model, self.h)

    def time_left(self) -> float:
        return self.time_limit - (time.perf_counter() - self.started)

    def result(self, sol: mdl.Solution, bound: float, status: str, method: str) -> AllocationResult:
        return AllocationResult(
            seats=sol.seats,
            flow=sol.flow,
            shortfall=sol.shortfall,
            objective=sol.objective,
            bound=bound,
            gap=_gap(sol.objective, bound),
            status=status,
            method=method,
            shadow_total_seats=self.prices[0],
            shadow_budget=self.prices[1],
            shadow_technical_share=self.prices[2],
            shadow_region_min=self.prices[3],
            seconds=time.perf_counter() - self.started,
        )

    def strengthen(self) -> None:
        """Add the violated MIR cuts and re-solve from the relaxation's basis: a higher bound
        and fewer fractional seats to round. The shadow prices stay the relaxation's."""
        cuts = _cuts.separate(self.p, self.model, np.asarray(self.h.getSolution().col_value))
        if cuts.count:
            _cuts.add(self.h, cuts)
            mdl.run(self.h, "linear relaxation with cuts")
            self.bound = max(self.bound, self.h.getObjectiveValue())

    def rounded(self, tol: float, must: float) -> mdl.Solution | None:
        """Whole seats: the dive's (else the relaxation's) seats floored and repaired, then
        improved seat by seat against re-solved flows while further than ``must`` from the
        bound, or than ``tol`` while time allows."""
        p = self.p
        dived = _dive.dive(p, self.model, self.h, self.lim.capacity)
        rounder = Rounder(p, self.lim, self.relaxed.seats if dived is None else dived)
        sol = mdl.flows_for(p, self.model, self.h, rounder.x.copy())
        if not rounder.repair(sol.shortfall):
            return None
        if np.any(rounder.x != sol.seats):
            sol = mdl.flows_for(p, self.model, self.h, rounder.x.copy())
        best = sol
        for _ in range(_IMPROVE_ROUNDS):
            gap = _gap(best.objective, self.bound)
            late = time.perf_counter() - self.started > _IMPROVE_TIMES * self.lp_seconds
            if gap <= tol or (late and gap <= must):
                break
            if not rounder.improve(sol.shortfall, sol.flow):
                break
            sol = mdl.flows_for(p, self.model, self.h, rounder.x.copy())
            if sol.objective < best.objective:
                best = sol
        return best

    def neighbourhood(self, tol: float, seed: mdl.Solution) -> mdl.Solution | None:
        """Best whole seats between the floor and ceiling of the relaxed ones (a small MIP).

        Its budget is tied to the relaxation's own time, so the whole call stays a small
        multiple of it on a busy machine as on an idle one.
        """
        relaxed = self.relaxed.seats
        lo = np.minimum(np.floor(relaxed + 1e-6), self.lim.capacity)
        hi = np.minimum(np.ceil(relaxed - 1e-6), self.lim.capacity)
        budget = min(
            self.time_left(), max(_NEIGHBOURHOOD_FLOOR, _NEIGHBOURHOOD_TIMES * self.lp_seconds)
        )
        h = mdl.highs(self.model, budget, integer=True)
        h.changeColsBounds(self.model.n, np.arange(self.model.n, dtype=np.int32), lo, hi)
        h.setOptionValue("mip_rel_gap", tol)
        if np.all((seed.seats >= lo) & (seed.seats <= hi)):
            mdl.seed_mip(h, seed)
        h.run()
        if h.getInfo().primal_solution_status != 2:
            return None  # nothing feasible found in time (or the box holds none)
        raw = mdl.read_solution(self.p, self.model, h)
        return mdl.finish(self.p, np.round(raw.seats), raw.flow)

    def mip(self, tol: float, seed: mdl.Solution | None) -> tuple[mdl.Solution, float, str, str]:
        """MIP solution (or ``seed`` if no better), proven bound, status and method label."""
        h = mdl.highs(self.model, self.time_left(), integer=True)
        h.setOptionValue("mip_rel_gap", tol)
        h.setOptionValue("mip_abs_gap", 1e-6)  # what "within tolerance" means near a zero bound
        if seed is not None:
            mdl.seed_mip(h, seed)
        mdl.run(h, "integer")
        raw = mdl.read_solution(self.p, self.model, h)
        sol = mdl.finish(self.p, np.round(raw.seats), raw.flow)
        method = "mip"
        if seed is not None and seed.objective <= sol.objective:
            sol, method = seed, "lp-rounding+mip-bound"  # HiGHS only proved our seats good
        bound = max(self.bound, float(h.getInfo().mip_dual_bound))
        timed_out = h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit
        status = "time_limit" if timed_out and _gap(sol.objective, bound) > tol else "optimal"
        return sol, bound, status, method


def allocate(
    problem: AllocationProblem,
    *,
    integer: bool = True,
    time_limit: float = 60.0,
    gap_tolerance: float = 1e-3,
    method: str = "auto",
) -> AllocationResult:
    """Best allocation of new seats; whole seats unless ``integer=False``.

    Raises ValueError for malformed input and AllocationInfeasible (a ValueError) naming the
    violated constraint, both before solving. With ``integer=True`` the result's ``gap`` is at
    most ``gap_tolerance`` (or objective - bound <= 1e-6) unless its status is "time_limit".
    ``method="auto"`` rounds the relaxation and falls back to a HiGHS MIP (started from the
    rounded seats) only when they are too far from the bound; ``method="mip"`` goes straight
    to the MIP.
    """
    if method not in ("auto", "mip"):
        raise ValueError(f"method must be 'auto' or 'mip', got {method!r}")
    run = _Run(problem, integer, time_limit)
    if not integer:
        return run.result(run.relaxed, min(run.bound, run.relaxed.objective), "optimal", "lp")
    seed = None
    if method == "auto":
        run.strengthen()
        seed = run.rounded(gap_tolerance / 2, gap_tolerance)
    if seed is not None and _gap(seed.objective, run.bound) <= gap_tolerance:
        return run.result(seed, run.bound, "optimal", "lp-rounding")
    if seed is not None:
        box = run.neighbourhood(gap_tolerance / 2, seed)
        if (
            box is not None
            and box.objective < seed.objective
            and not constraint_violations(problem, box.seats)
        ):
            seed = box
            if _gap(seed.objective, run.bound) <= gap_tolerance:
                return run.result(seed, run.bound, "optimal", "lp-rounding+neighbourhood")
    return run.result(*run.mip(gap_tolerance, seed))


def evaluate(problem: AllocationProblem, seats: FloatArray) -> Evaluation:
    """Objective and shortfall per cell of ``seats`` with the best flows.

    Only the flows are optimised: the seat rules (total, budget, share, minimums, capacity)
    are not checked, so baselines that break them can still be compared.
    """
    validate_data(problem)
    check_vector("seats", seats, problem.n_programs)
    model = mdl.build(problem, Limits(seats, np.zeros(problem.n_regions), math.inf))
    sol = mdl.flows_for(problem, model, mdl.highs(model, 60.0), seats)
    return Evaluation(sol.objective, sol.shortfall)


def proportional_allocation(problem: AllocationProblem, last_year_share: FloatArray) -> FloatArray:
    """Whole seats in proportion to last year's shares, capped by capacity and the budget.

    Seats a capped program cannot take go to the others in proportion. The baseline ignores
    demand, the technical share and region minimums; ``constraint_violations`` lists which of
    those it breaks.
    """
    check_vector("last_year_share", last_year_share, problem.n_programs)
    cap = np.floor(problem.capacity + 1e-9)
    share = last_year_share / max(float(last_year_share.sum()), 1e-300)
    seats = np.zeros(problem.n_programs)
    left = float(math.floor(problem.total_seats + 1e-9))
    open_ = (cap > 0) & (share > 0)
    while left > 1e-9 and open_.any():  # water-filling; each pass caps at least one program
        add = np.where(open_, share * left / float(share[open_].sum()), 0.0)
        add = np.minimum(add, cap - seats)
        seats += add
        left -= float(add.sum())
        open_ &= seats < cap - 1e-9
    spend = float(problem.cost @ seats)
    if spend > problem.budget:
        seats *= problem.budget / spend
    return np.floor(seats + 1e-9)
