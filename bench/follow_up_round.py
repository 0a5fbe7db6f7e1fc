"""The second round of the national placement round, as its background job creates it:
how long its one write transaction holds the database (every offer with seats left copied,
with its specialties and an audit entry each).

    .venv/bin/python bench/follow_up_round.py [--runs 3] [--reuse]

A fresh PostgreSQL database `qadam_jobs_bench_round` is migrated and seeded with the
national dataset (its term round is matched and published); `--reuse` keeps an already
seeded one. Each run creates the second round and rolls it back, so every run copies the
same offers.
"""

import argparse
import statistics
import time

import seeded_postgres

NAME = "qadam_jobs_bench_round"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    options = parser.parse_args()
    seeded_postgres.prepare(NAME, reuse=options.reuse)
    seeded_postgres.use(NAME)
    from django.db import transaction

    from qadam.accounts.models import User
    from qadam.accounts.roles import Role
    from qadam.placements.models import PlacementRound
    from qadam.placements.services import round_create_follow_up

    previous = PlacementRound.objects.filter(status=PlacementRound.Status.PUBLISHED).first()
    assert previous is not None, "the national dataset has no published round"
    actor = User.objects.filter(role=Role.MINISTRY_ADMIN).first()
    assert actor is not None
    walls, copied = [], 0
    for run in range(options.runs):
        started = time.perf_counter()
        with transaction.atomic():
            follow_up = round_create_follow_up(actor=actor, previous=previous)
            copied = follow_up.offers.count()
            transaction.set_rollback(True)
        walls.append(time.perf_counter() - started)
        print(f"run {run + 1}: {walls[-1]:.2f} s")
    print(f"round {previous.pk}: {previous.offers.count():,} offers, {copied:,} copied")
    print(f"one transaction: best {min(walls):.2f} s, median {statistics.median(walls):.2f} s")


if __name__ == "__main__":
    main()
