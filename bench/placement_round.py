"""End to end in the platform: a national placement round read from PostgreSQL, scored,
matched, verified, summarised and written, as `qadam match --round ID` does it.

    .venv/bin/python bench/placement_round.py [--runs 3] [--reuse]

A fresh PostgreSQL database `qadam_bench_round` is migrated and seeded with the national
dataset (whose term round holds about 100,000 applicants and 2,000,000 ranked applications);
`--reuse` keeps an already seeded one. Each run re-matches the same round (allowed while it
is matched) and is timed from the first read to the commit.
"""

import argparse
import statistics
import time

import seeded_postgres

NAME = "qadam_bench_round"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    options = parser.parse_args()
    seeded_postgres.prepare(NAME, reuse=options.reuse)
    seeded_postgres.use(NAME)
    from qadam.placements.matching import run_match
    from qadam.placements.models import PlacementRound

    placement_round = PlacementRound.objects.filter(institution__isnull=True).order_by("id").first()
    assert placement_round is not None, "the national dataset has no round"
    if placement_round.status != PlacementRound.Status.MATCHED:
        PlacementRound.objects.filter(pk=placement_round.pk).update(
            status=PlacementRound.Status.MATCHED
        )
    walls = []
    for run in range(options.runs):
        started = time.perf_counter()
        summary = run_match(round_id=placement_round.pk)
        walls.append(time.perf_counter() - started)
        timings = summary["seconds"]
        assert isinstance(timings, dict)
        steps = "  ".join(f"{k} {v:.2f}" for k, v in timings.items())
        print(f"run {run + 1}: {walls[-1]:.2f} s   ({steps})")
    print(
        f"round {placement_round.pk}: {summary['applicants']:,} applicants, "
        f"{summary['applications']:,} applications, {summary['offers']:,} offers, "
        f"{summary['placed']:,} placed, {summary['first_choice']:,} first choice, "
        f"{summary['proposals']:,} proposals, blocking pairs {summary['blocking_pairs']}"
    )
    print(f"end to end: best {min(walls):.2f} s, median {statistics.median(walls):.2f} s")


if __name__ == "__main__":
    main()
