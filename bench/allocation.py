"""Benchmark the seat allocation on a synthetic national instance.

    .venv/bin/python bench/allocation.py [--seed 42] [--runs 5] [--mip] [--json]
    .venv/bin/python bench/allocation.py --family [--seeds 3] [--runs 5] [--json]

``--family`` runs the instances of ``allocation_family.py`` (9 shapes x ``--seeds`` seeds,
built independently of the one below) and reports, per instance and for the worst case,
``allocate(integer=True)``'s time, its ratio to HiGHS' linear relaxation alone (build + solve,
timed in the same process, alternating with allocate, the best of ``--runs`` each), the gap, the
method, the seat rules' violations, the seconds per phase and the programs with fractional
seats before and after the cuts.

The instance mimics the real one: 772 colleges over 20 regions, each offering 7-11 of ~150 TVET
specialties (~70% technical), one demand cell per specialty and region plus a national
megaproject cell for each of 30 technical specialties needed by the nuclear power plant in
Almaty Region, 153,000 seats, a budget that binds, a 70% technical share and region minimums.
Money is in tenge; weights are in millions of tenge per filled job, so the default
cost_weight of 1e-6 puts seat costs on the same scale.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.allocation_family import SHAPES, family_instance
from qadam.engines.allocation import (
    AllocationProblem,
    allocate,
    constraint_violations,
    evaluate,
    proportional_allocation,
)

N_REGIONS, N_COLLEGES, N_SPECIALTIES, N_TECHNICAL, N_NPP = 20, 772, 150, 105, 30
ALMATY_REGION = 2
TOTAL_SEATS = 153_000.0
PHASES = ("relaxation", "cuts", "dive", "rounder")  # then neighbourhood and mip when they run


def _programs(rng: np.random.Generator) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Region and specialty of every program: colleges by population, specialties by demand."""
    population = rng.dirichlet(np.full(N_REGIONS, 4.0))
    colleges = rng.multinomial(N_COLLEGES - 10 * N_REGIONS, population) + 10
    popularity = rng.lognormal(0.0, 0.6, N_SPECIALTIES)
    popularity[:N_TECHNICAL] *= 1.2
    popularity /= popularity.sum()
    region, specialty = [], []
    for r, count in enumerate(colleges):
        for _ in range(count):
            offered = rng.choice(N_SPECIALTIES, rng.integers(7, 12), replace=False, p=popularity)
            region.extend([r] * offered.size)
            specialty.extend(offered.tolist())
    return np.array(region, np.int64), np.array(specialty, np.int64)


def national_instance(seed: int = 42) -> tuple[AllocationProblem, NDArray[np.float64]]:
    """A national-size problem and last year's seat shares for the proportional baseline."""
    rng = np.random.default_rng(seed)
    region, specialty = _programs(rng)
    n = region.size
    technical = specialty < N_TECHNICAL
    capacity = rng.integers(15, 56, n).astype(np.float64)
    base_cost = (
        np.where(technical, 2.4e6, 1.7e6) * rng.lognormal(0.0, 0.15, N_SPECIALTIES)[specialty]
    )
    cost = np.round(base_cost * rng.uniform(0.8, 1.25, n), -3)
    graduate_yield = np.round(rng.beta(8, 2.5, n), 3)
    npp = rng.choice(N_TECHNICAL, N_NPP, replace=False)
    npp_cell = np.full(N_SPECIALTIES, -1)
    npp_cell[npp] = N_SPECIALTIES * N_REGIONS + np.arange(N_NPP)
    own = specialty * N_REGIONS + region
    serves = [
        [o] if npp_cell[s] < 0 else [o, npp_cell[s]] for o, s in zip(own, specialty, strict=True)
    ]
    indptr = np.concatenate([[0], np.cumsum([len(c) for c in serves])]).astype(np.int64)
    n_cells = N_SPECIALTIES * N_REGIONS + N_NPP
    # Unmet demand: mostly where programs exist, ~1.4x what the seats could fill.
    supply_cap = np.bincount(own, capacity * graduate_yield, n_cells)
    demand = np.round(supply_cap * rng.gamma(1.2, 0.85, n_cells) * (rng.random(n_cells) < 0.8))
    demand[: N_SPECIALTIES * N_REGIONS] += rng.poisson(3.0, N_SPECIALTIES * N_REGIONS)
    demand[-N_NPP:] = rng.integers(100, 400, N_NPP)
    demand[npp * N_REGIONS + ALMATY_REGION] *= 1.5  # the plant's suppliers settle near it
    weight = np.round(rng.uniform(4.0, 12.0, n_cells), 2)
    weight[-N_NPP:] = 25.0  # the megaproject's deadlines make its posts worth more
    region_cap = np.bincount(region, capacity, N_REGIONS)
    share = np.bincount(region, None, N_REGIONS) / n
    min_region = np.floor(np.minimum(0.55 * share * TOTAL_SEATS, 0.6 * region_cap))
    problem = AllocationProblem(
        capacity=capacity,
        cost=cost,
        graduate_yield=graduate_yield,
        technical=technical,
        region=region.astype(np.int32),
        serves_indptr=indptr,
        serves_cell=np.array([c for cs in serves for c in cs], np.int32),
        demand=demand.astype(np.float64),
        weight=weight,
        total_seats=TOTAL_SEATS,
        budget=float(np.round(0.85 * TOTAL_SEATS * np.average(cost, weights=capacity), -6)),
        min_technical_share=0.7,
        min_region_seats=min_region,
    )
    last_year = capacity * rng.lognormal(0.0, 0.3, n)
    return problem, last_year / last_year.sum()


def _timed(runs: int, **kwargs: Any) -> tuple[float, Any]:
    problem = kwargs.pop("problem")
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = allocate(problem, **kwargs)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def run(seed: int, runs: int, mip: bool) -> dict[str, Any]:
    problem, last_year = national_instance(seed)
    t_int, res = _timed(runs, problem=problem, integer=True)
    t_lp, lp = _timed(runs, problem=problem, integer=False)
    base = proportional_allocation(problem, last_year)
    ev = evaluate(problem, base)
    out: dict[str, Any] = {
        "seed": seed,
        "programs": problem.n_programs,
        "cells": problem.n_cells,
        "serves_entries": int(problem.serves_cell.size),
        "columns": problem.n_programs + int(problem.serves_cell.size) + problem.n_cells,
        "rows": problem.n_programs + problem.n_cells + 3 + problem.n_regions,
        "nonzeros": 5 * problem.n_programs + 2 * int(problem.serves_cell.size) + problem.n_cells,
        "integer_seconds_median": round(t_int, 3),
        "lp_seconds_median": round(t_lp, 3),
        "method": res.method,
        "status": res.status,
        "objective": res.objective,
        "bound": res.bound,
        "gap": res.gap,
        "technical_programs": float(problem.technical.mean()),
        "seats_used": float(res.seats.sum()),
        "technical_share": float(res.seats[problem.technical].sum() / res.seats.sum()),
        "budget_used": float(problem.cost @ res.seats / problem.budget),
        "violations": constraint_violations(problem, res.seats),
        "total_demand": float(problem.demand.sum()),
        "qadam_unmet": float(res.shortfall.sum()),
        "qadam_objective": res.objective,
        "proportional_seats": float(base.sum()),
        "proportional_unmet": float(ev.shortfall.sum()),
        "proportional_objective": ev.objective,
        "proportional_violations": constraint_violations(problem, base),
        "unmet_reduction": 1 - res.shortfall.sum() / ev.shortfall.sum(),
        "objective_reduction": 1 - res.objective / ev.objective,
        "shadow_total_seats": res.shadow_total_seats,
        "shadow_budget_per_million": res.shadow_budget * 1e6,
        "shadow_technical_share": res.shadow_technical_share,
        "lp_objective": lp.objective,
    }
    if mip:  # plain HiGHS MIP, no rounding: at our tolerance and at HiGHS' default 1e-4
        for tol in (1e-3, 1e-4):
            t_mip, m = _timed(1, problem=problem, method="mip", gap_tolerance=tol, time_limit=300.0)
            out[f"mip_{tol:g}"] = {"seconds": round(t_mip, 3), "objective": m.objective,
                                   "gap": m.gap, "status": m.status}  # fmt: skip
    return out


def _report(r: dict[str, Any]) -> str:
    lines = [
        f"instance (seed {r['seed']}): {r['programs']:,} programs, {r['cells']:,} cells, "
        f"{r['serves_entries']:,} serves entries -> {r['columns']:,} columns, {r['rows']:,} rows, "
        f"{r['nonzeros']:,} nonzeros",
        f"allocate(integer=True): median {r['integer_seconds_median']:.3f} s, method "
        f"{r['method']}, status {r['status']}, gap {r['gap']:.2e} "
        f"(objective {r['objective']:,.1f}, bound {r['bound']:,.1f})",
        f"allocate(integer=False) (LP only): median {r['lp_seconds_median']:.3f} s",
        f"seats used {r['seats_used']:,.0f} of {TOTAL_SEATS:,.0f}, budget used "
        f"{r['budget_used']:.1%}, technical share {r['technical_share']:.1%} "
        f"({r['technical_programs']:.0%} of programs technical); constraint violations: "
        f"{r['violations'] or 'none'}",
        f"unmet demand of {r['total_demand']:,.0f}: Qadam {r['qadam_unmet']:,.0f} vs proportional "
        f"{r['proportional_unmet']:,.0f} ({r['unmet_reduction']:.1%} less); weighted objective "
        f"{r['qadam_objective']:,.0f} vs {r['proportional_objective']:,.0f} "
        f"({r['objective_reduction']:.1%} less)",
        f"proportional baseline: {r['proportional_seats']:,.0f} seats, violates: "
        f"{r['proportional_violations'] or 'none'}",
        f"shadow prices: seat {r['shadow_total_seats']:.3f}, budget per million tenge "
        f"{r['shadow_budget_per_million']:.3f}, technical seat {r['shadow_technical_share']:.3f}",
    ]
    for tol in (1e-3, 1e-4):
        if (m := r.get(f"mip_{tol:g}")) is not None:
            lines.append(
                f"plain HiGHS MIP (mip_rel_gap {tol:g}): {m['seconds']:.3f} s, objective "
                f"{m['objective']:,.1f}, gap {m['gap']:.2e}, status {m['status']}"
            )
    return "\n".join(lines)


def lp_alone(problem: AllocationProblem) -> float:
    """Seconds to build and solve the linear relaxation in HiGHS, as allocate() does."""
    from qadam.engines.allocation import _model as mdl
    from qadam.engines.allocation.problem import limits

    t0 = time.perf_counter()
    model = mdl.build(problem, limits(problem, True))
    mdl.run(mdl.highs(model, 60.0), "linear relaxation")
    return time.perf_counter() - t0


@contextmanager
def _phase_timer() -> Iterator[dict[str, float]]:
    """Seconds allocate() spends per phase, by wrapping its steps for the duration."""
    from qadam.engines.allocation import _dive, solve

    seconds: dict[str, float] = {}
    run = solve._Run
    steps = [(run, "__init__", "relaxation"), (run, "strengthen", "cuts"),
             (run, "rounded", "rounding"), (_dive, "dive", "dive"),
             (run, "neighbourhood", "neighbourhood"), (run, "mip", "mip")]  # fmt: skip

    def timed(f: Callable[..., Any], name: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return f(*args, **kwargs)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t0

        return wrapper

    originals = [(owner, attr, getattr(owner, attr)) for owner, attr, _ in steps]
    for (owner, attr, name), (_, _, f) in zip(steps, originals, strict=True):
        setattr(owner, attr, timed(f, name))
    try:
        yield seconds
    finally:
        for owner, attr, f in originals:
            setattr(owner, attr, f)
    # The dive runs inside the rounding; the rest floors, repairs and improves its seats.
    if "rounding" in seconds:
        seconds["rounder"] = seconds.pop("rounding") - seconds.get("dive", 0.0)


def fractional_programs(problem: AllocationProblem) -> tuple[int, int]:
    """Programs with fractional seats in the relaxation, and after the rounding cuts."""
    from qadam.engines.allocation import solve

    run = solve._Run(problem, True, 60.0)
    before = run.relaxed.seats
    run.strengthen()
    after = np.asarray(run.h.getSolution().col_value)[: problem.n_programs]
    return tuple(int(np.sum(np.abs(x - np.round(x)) > 1e-6)) for x in (before, after))  # type: ignore[return-value]


def family(seeds: int, runs: int) -> dict[str, Any]:
    """Each instance ``runs`` times, the relaxation alone and allocate() in turn: the best
    (least-disturbed) time of each and their ratio. Other work on a shared machine only
    slows a run down, so one busy moment cannot decide the ratio either way."""
    rows: list[dict[str, Any]] = []
    for shape in SHAPES:
        for seed in range(1, seeds + 1):
            problem = family_instance(shape, seed)
            lp_times, int_times, phase_runs = [], [], []
            for _ in range(runs):
                lp_times.append(lp_alone(problem))
                with _phase_timer() as phases:
                    t0 = time.perf_counter()
                    res = allocate(problem, integer=True)
                    int_times.append(time.perf_counter() - t0)
                phase_runs.append(phases)
            t_lp, t_int = min(lp_times), min(int_times)
            best = phase_runs[int_times.index(t_int)]
            phases = {k: best.get(k, 0.0) for k in phase_runs[-1]}
            rows.append({"shape": shape, "seed": seed, "programs": problem.n_programs,
                         "cells": problem.n_cells, "lp_seconds": round(t_lp, 3),
                         "allocate_seconds": round(t_int, 3), "ratio": round(t_int / t_lp, 2),
                         "gap": res.gap, "method": res.method,
                         "phases": {k: round(v, 3) for k, v in phases.items()},
                         "fractional": fractional_programs(problem),
                         "violations": constraint_violations(problem, res.seats)})  # fmt: skip
    worst = {
        "allocate_seconds": max(r["allocate_seconds"] for r in rows),
        "ratio": max(r["ratio"] for r in rows),
        "gap": max(r["gap"] for r in rows),
        "violations": sum(len(r["violations"]) for r in rows),
    }
    return {"instances": rows, "worst": worst}


def _family_report(out: dict[str, Any]) -> str:
    lines = ["| shape | seed | fractional | LP alone s | allocate s | ratio | gap | method | "
             "phases s | violations |", "|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in out["instances"]:
        ph = r["phases"]
        phases = " / ".join(f"{ph.get(k, 0.0):.2f}" for k in PHASES)
        extra = "".join(f", {k} {ph[k]:.2f}" for k in ("neighbourhood", "mip") if k in ph)
        lines.append(
            f"| {r['shape']} | {r['seed']} | {r['fractional'][0]} -> {r['fractional'][1]} | "
            f"{r['lp_seconds']:.2f} | {r['allocate_seconds']:.2f} | {r['ratio']:.1f} | "
            f"{r['gap']:.3%} | {r['method']} | {phases}{extra} | {len(r['violations']) or 'none'} |"
        )
    w = out["worst"]
    lines.append(
        f"worst case: allocate {w['allocate_seconds']:.2f} s (bar 3 s), ratio {w['ratio']:.1f}x "
        f"the LP alone (bar 3x), gap {w['gap']:.3%} (bar 0.1%), violations {w['violations']}"
    )
    lines.append(
        "phases s: relaxation (validation, build, LP) / cuts / dive / rounder (floors the last "
        "fractional seats, repairs, improves)"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--runs", type=int, help="runs per timing (5): medians, or with --family the best"
    )
    parser.add_argument("--mip", action="store_true", help="also time a plain HiGHS MIP solve")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--family", action="store_true", help="run the family of instances")
    parser.add_argument("--seeds", type=int, default=3, help="seeds per shape with --family")
    args = parser.parse_args()
    runs = args.runs or 5
    if args.family:
        out = family(args.seeds, runs)
        print(json.dumps(out, indent=2) if args.json else _family_report(out))
        return
    result = run(args.seed, runs, args.mip)
    print(json.dumps(result, indent=2) if args.json else _report(result))


if __name__ == "__main__":
    main()
