"""End to end in the platform: a national planning scenario read from PostgreSQL, projected,
allocated, compared with last year's shares and written, as `qadam allocate --scenario ID`
does it.

    .venv/bin/python bench/planning_run.py [--runs 5] [--reuse]

A fresh PostgreSQL database `qadam_bench_planning` is migrated and seeded with the national
dataset (772 colleges, 6,980 college programs, 556,000 students, NPP-1 with the template's
plan and two scenarios); `--reuse` keeps an already seeded one. Each run allocates the
153,000-seat scenario again, timed from the first read to the commit.
"""

import argparse
import statistics
import time

import seeded_postgres

NAME = "qadam_bench_planning"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true")
    options = parser.parse_args()
    seeded_postgres.prepare(NAME, reuse=options.reuse)
    seeded_postgres.use(NAME)
    from qadam.planning.models import Scenario
    from qadam.planning.runs import STEPS, run_allocation
    from qadam.planning.services import run_prepare

    scenario = Scenario.objects.order_by("id").first()
    assert scenario is not None, "the national dataset has no planning scenario"
    walls = []
    for run in range(options.runs):
        marks: dict[str, float] = {}

        def mark(step: str, marks: dict[str, float] = marks) -> None:
            marks.setdefault(step, time.perf_counter())

        started = time.perf_counter()
        allocation_run = run_prepare(scenario=scenario)
        results = run_allocation(run_id=allocation_run.pk, progress=mark)
        walls.append(time.perf_counter() - started)
        points = [marks[s] for s in STEPS] + [started + walls[-1]]
        pairs = zip(STEPS, points, points[1:], strict=False)
        steps = "  ".join(f"{s} {b - a:.2f}" for s, a, b in pairs)
        print(f"run {run + 1}: {walls[-1]:.2f} s   ({steps})")
    a = results["allocation"]
    less = 1 - a["unmet"] / a["unmet_proportional"]
    print(
        f"scenario {scenario.pk}: {a['programs']:,} programs, {a['cells']:,} demand cells, "
        f"{a['seats']:,.0f} of {a['total_seats']:,.0f} seats, method {a['method']}, "
        f"gap to the bound {a['gap']:.4%}, solve {a['solve_seconds']:.2f} s"
    )
    print(
        f"unmet demand at the new seats' graduation: Qadam {a['unmet']:,.0f}, last year's shares "
        f"{a['unmet_proportional']:,.0f} ({less:.1%} less); weighted objective "
        f"{a['objective']:,.0f} vs {a['objective_proportional']:,.0f}"
    )
    print(f"end to end: best {min(walls):.2f} s, median {statistics.median(walls):.2f} s")


if __name__ == "__main__":
    main()
