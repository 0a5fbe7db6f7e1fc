"""Benchmark of the placement engine on a synthetic national instance.

Usage: .venv/bin/python bench/placement.py [--n 556000] [--seed 42] [--runs 7]
                                            [--matching-n 20000] [--skip-matching] [--json]

The instance: N students, N // 30 offers whose capacities sum to about 1.1 N, 20 ranked
offers per student drawn with popularity skew (Zipf-like weights, sampled successively
without replacement so popular offers also tend to be ranked higher), and each offer's score
for a student = the student's grade + per-application noise, rounded to 0.1 (so ties occur).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qadam.engines.placement import PlacementProblem, PlacementResult, match

LIST_LENGTH = 20


def _first_unique(draws: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the first ``k`` distinct values in draw order, and which rows have ``k``."""
    order = np.argsort(draws, axis=1, kind="stable")
    sorted_draws = np.take_along_axis(draws, order, axis=1)
    first = np.ones_like(sorted_draws, dtype=bool)
    first[:, 1:] = sorted_draws[:, 1:] != sorted_draws[:, :-1]
    keep = np.zeros_like(first)
    np.put_along_axis(keep, order, first, axis=1)
    complete = keep.sum(axis=1) >= k
    # Stable argsort of "not kept" moves kept draws to the front, in their draw order.
    front = np.argsort(~keep, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(draws, front, axis=1), complete


def _draw_lists(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    """(n, LIST_LENGTH) distinct offers per student, successive weighted sampling."""
    out = np.empty((n, LIST_LENGTH), dtype=np.int32)
    todo = np.arange(n)
    cdf = np.cumsum(weights / weights.sum())
    while todo.size:
        draws = np.searchsorted(cdf, rng.random((todo.size, 3 * LIST_LENGTH)), side="right")
        draws = np.minimum(draws, weights.size - 1).astype(np.int32)
        lists, complete = _first_unique(draws, LIST_LENGTH)
        out[todo[complete]] = lists[complete]
        todo = todo[~complete]
    return out


def make_instance(n: int, seed: int) -> PlacementProblem:
    """The national-style instance described in the module docstring."""
    rng = np.random.default_rng(seed)
    n_offers = max(LIST_LENGTH, n // 30)
    popularity = 1.0 / np.arange(1, n_offers + 1) ** 0.8
    popularity = popularity[rng.permutation(n_offers)]
    raw = rng.lognormal(mean=0.0, sigma=0.5, size=n_offers)
    capacity = np.maximum(1, np.round(raw / raw.sum() * 1.1 * n)).astype(np.int32)
    offers = _draw_lists(rng, n, popularity)
    grade = rng.normal(60.0, 12.0, size=n)
    noise = rng.normal(0.0, 6.0, size=(n, LIST_LENGTH))
    scores = np.round(grade[:, None] + noise, 1)
    indptr = np.arange(0, n * LIST_LENGTH + 1, LIST_LENGTH, dtype=np.int64)
    return PlacementProblem(indptr, offers.ravel(), scores.ravel().astype(np.float64), capacity)


def time_match(problem: PlacementProblem, proposing: str, runs: int) -> tuple[list[float], Any]:
    """Wall times of ``runs`` calls of ``match`` (already compiled) and the last result."""
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = match(problem, proposing=proposing)
        times.append(time.perf_counter() - start)
    return times, result


def traced_peak(call: Callable[[], object]) -> int:
    """Peak bytes allocated (and still counted) during ``call``, per tracemalloc."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base, _ = tracemalloc.get_traced_memory()
    try:
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base


def nrt_allocations(call: Callable[[], object]) -> int:
    """Allocations made by numba's runtime inside compiled code during ``call`` (-1: unknown).

    numba >= 0.57 routes them through CPython's allocator, so tracemalloc includes them;
    this count shows how many there were.
    """
    from numba.core.runtime import _nrt_python, rtsys  # type: ignore[attr-defined]

    try:
        _nrt_python.memsys_enable_stats()
        before = rtsys.get_allocation_stats().alloc
        call()
        return int(rtsys.get_allocation_stats().alloc - before)
    except (AttributeError, RuntimeError):
        return -1


def _matching_dicts(problem: PlacementProblem) -> tuple[dict, dict, dict]:
    """Dictionaries for ``matching``: hospitals rank their applicants by (score desc, index)."""
    indptr, offers, scores = problem.pref_indptr, problem.pref_offer, problem.pref_score
    capacity = problem.capacity
    resident_prefs: dict[int, list[int]] = {}
    applicants: dict[int, list[tuple[float, int]]] = {o: [] for o in range(capacity.size)}
    for i in range(indptr.size - 1):
        row = [int(o) for o in offers[indptr[i] : indptr[i + 1]] if capacity[o] > 0]
        if row:
            resident_prefs[i] = row
        for a in range(indptr[i], indptr[i + 1]):
            applicants[int(offers[a])].append((-float(scores[a]), i))
    hospital_prefs = {
        o: [i for _, i in sorted(pairs)] for o, pairs in applicants.items() if capacity[o] > 0
    }
    capacities = {o: int(capacity[o]) for o in hospital_prefs}
    return resident_prefs, hospital_prefs, capacities


def run_matching_package(problem: PlacementProblem) -> tuple[float, float, np.ndarray]:
    """Build + solve with ``matching`` (resident-optimal); returns times and the assignment.

    Runs in a thread with a large stack: ``matching`` deep-copies its player graph
    recursively, which needs a high recursion limit.
    """
    import warnings

    from matching.games import HospitalResident

    out: dict[str, Any] = {}

    def work() -> None:
        start = time.perf_counter()
        game = HospitalResident.create_from_dictionaries(*_matching_dicts(problem))
        built = time.perf_counter()
        solved = game.solve(optimal="resident")
        out["build"], out["solve"] = built - start, time.perf_counter() - built
        assignment = np.full(problem.pref_indptr.size - 1, -1, dtype=np.int32)
        for hospital, residents in solved.items():
            for resident in residents:
                assignment[resident.name] = hospital.name
        out["assignment"] = assignment

    sys.setrecursionlimit(1_000_000)
    threading.stack_size(512 * 1024 * 1024)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    return out["build"], out["solve"], out["assignment"]


def compare_with_matching(n: int, seed: int) -> dict[str, Any]:
    """Same N-student instance through ``match`` and through ``matching``; times and ratio."""
    problem = make_instance(n, seed)
    ours, result = time_match(problem, "students", 5)
    build, solve, theirs = run_matching_package(problem)
    assert isinstance(result, PlacementResult)
    return {
        "n": n,
        "engine_best_s": min(ours),
        "matching_build_s": build,
        "matching_solve_s": solve,
        "matching_total_s": build + solve,
        "identical": bool(np.array_equal(result.assignment, theirs)),
        "speedup": (build + solve) / min(ours),
    }


def bench_side(problem: PlacementProblem, proposing: str, runs: int) -> dict[str, Any]:
    """Timings, proposals and memory of one proposing side on ``problem``."""
    times, result = time_match(problem, proposing, runs)
    assert isinstance(result, PlacementResult)
    best = min(times)
    return {
        "proposing": proposing,
        "runs": runs,
        "best_s": best,
        "median_s": statistics.median(times),
        "proposals": result.proposals,
        "proposals_per_s": result.proposals / best,
        "placed": int((result.assignment >= 0).sum()),
        "traced_peak_mb": traced_peak(lambda: match(problem, proposing=proposing)) / 1e6,
        "nrt_allocations": nrt_allocations(lambda: match(problem, proposing=proposing)),
    }


def _input_mb(problem: PlacementProblem) -> float:
    arrays = (problem.pref_indptr, problem.pref_offer, problem.pref_score, problem.capacity)
    return sum(a.nbytes for a in arrays) / 1e6


def print_table(report: dict[str, Any]) -> None:
    """Compact human-readable results."""
    inst = report["instance"]
    print(
        f"instance: N={inst['n']:,} students, {inst['offers']:,} offers, "
        f"{inst['seats']:,} seats, {inst['applications']:,} applications "
        f"(input arrays {inst['input_mb']:.0f} MB), generated in {inst['generate_s']:.1f} s, "
        f"warm-up/compile {report['warmup_s']:.2f} s"
    )
    print(
        f"{'proposing':<10}{'best s':>9}{'median s':>10}{'proposals':>12}{'proposals/s':>14}"
        f"{'placed':>10}{'peak MB':>9}{'NRT allocs':>11}"
    )
    for row in report["sides"]:
        print(
            f"{row['proposing']:<10}{row['best_s']:>9.3f}{row['median_s']:>10.3f}"
            f"{row['proposals']:>12,}{row['proposals_per_s']:>14,.0f}{row['placed']:>10,}"
            f"{row['traced_peak_mb']:>9.1f}{row['nrt_allocations']:>11}"
        )
    print(
        "memory: 'peak MB' is the tracemalloc peak during one match() call, beyond its inputs "
        "(result arrays included). Work arrays are allocated with numpy in Python; the few "
        "allocations inside compiled code ('NRT allocs') go through CPython's allocator in "
        "numba >= 0.57, so tracemalloc counts them too."
    )
    print(f"load average at start: {report['loadavg']} on {report['cpus']} CPUs")
    cmp = report.get("matching")
    if cmp:
        print(
            f"matching 1.4.3 at N={cmp['n']:,}: build {cmp['matching_build_s']:.1f} s + solve "
            f"{cmp['matching_solve_s']:.1f} s = {cmp['matching_total_s']:.1f} s; engine "
            f"{cmp['engine_best_s'] * 1e3:.2f} ms; identical={cmp['identical']}; "
            f"engine is {cmp['speedup']:,.0f}x faster"
        )


def main() -> None:
    """Parse arguments, run the benchmark, print a table or JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=556_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--matching-n", type=int, default=20_000)
    parser.add_argument("--skip-matching", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    start = time.perf_counter()
    problem = make_instance(args.n, args.seed)
    generate_s = time.perf_counter() - start
    start = time.perf_counter()
    small = make_instance(200, args.seed)
    match(small)
    match(small, proposing="offers")
    warmup_s = time.perf_counter() - start
    report: dict[str, Any] = {
        "instance": {
            "n": args.n,
            "seed": args.seed,
            "offers": int(problem.capacity.size),
            "seats": int(problem.capacity.sum()),
            "applications": int(problem.pref_offer.size),
            "input_mb": _input_mb(problem),
            "generate_s": generate_s,
        },
        "warmup_s": warmup_s,
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "cpus": os.cpu_count(),
        "sides": [bench_side(problem, side, args.runs) for side in ("students", "offers")],
    }
    del problem
    if not args.skip_matching:
        report["matching"] = compare_with_matching(args.matching_n, args.seed)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
