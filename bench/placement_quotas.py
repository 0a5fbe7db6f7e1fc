"""The national round under quotas (issue 16, ADR 0013): engine time and end to end.

    .venv/bin/python bench/placement_quotas.py [--name qadam_quotas] [--seeds 3] [--reuse]

A PostgreSQL database (`--name`) is migrated and seeded with the national dataset (or
reused). Five quota shapes, each under `--seeds` lottery seeds:

  rural-floor      applicants from rural districts: at least 30% of every offer's seats
  two-floors       that, and at least 1% for applicants with a disability
  local-floors     in each of the 20 regions, at least half its offers' seats for its own
                   applicants (20 quotas)
  rural-cap        rural applicants at most 35% of the seats
  local-bands      in each region, its own applicants at least 30% and at most 80% of
                   its offers' seats (20 quotas on disjoint classes)

Engine: the match under the quotas, its check (blocking pairs), and the cost (the match
again without any quota, compared student by student), timed apart. End to end: the round's quotas
written to the database and `run_match` (read, score, match, verify, summarise with the
cost, write), as `qadam match --round ID` does. The worst of each is what counts.
"""

import argparse
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np
import seeded_postgres

Quotas = list[dict[str, Any]]


def _quota(k: int, applicants: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": k,
        "applicants": applicants,
        "home_region_id": fields.get("home_region_id"),
        "offer_region_id": fields.get("offer_region_id"),
        "min_seats": fields.get("min_seats"),
        "max_seats": fields.get("max_seats"),
    }


def shapes(capacity: np.ndarray, offer_region: np.ndarray) -> dict[str, Quotas]:
    seats = int(capacity.sum())
    regions = sorted(set(offer_region.tolist()))
    in_region = {r: int(capacity[offer_region == r].sum()) for r in regions}
    rural = _quota(1, "rural", min_seats=round(0.30 * seats))
    disability = _quota(2, "disability", min_seats=round(0.01 * seats))
    local = [
        _quota(
            10 + k, "home_region", home_region_id=r, offer_region_id=r, min_seats=in_region[r] // 2
        )
        for k, r in enumerate(regions)
    ]
    bands = [
        _quota(
            10 + k,
            "home_region",
            home_region_id=r,
            offer_region_id=r,
            min_seats=round(0.3 * in_region[r]),
            max_seats=round(0.8 * in_region[r]),
        )
        for k, r in enumerate(regions)
    ]
    return {
        "rural-floor": [rural],
        "two-floors": [rural, disability],
        "local-floors": local,
        "rural-cap": [_quota(1, "rural", max_seats=round(0.35 * seats))],
        "local-bands": bands,
    }


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = call()
    return value, time.perf_counter() - started


def engine(placement_round: Any, seeds: int) -> None:
    from qadam.engines.placement_quotas import blocking_pairs
    from qadam.placements.matching import build_problem, read_round
    from qadam.placements.quotas import quota_figures, quota_match

    worst: dict[str, float] = {"match": 0.0, "verify": 0.0, "cost": 0.0}
    for seed in range(1, seeds + 1):
        placement_round.lottery_seed = seed
        arrays = read_round(placement_round)
        problem = build_problem(arrays)
        family = shapes(arrays.capacity, arrays.offer_region)
        quota_match(replace(arrays, quotas=tuple(family["rural-floor"])), problem)  # compile
        for name, quotas in family.items():
            shaped = replace(arrays, quotas=tuple(quotas))
            (result, offer_quotas, groups), t_match = timed(partial(quota_match, shaped, problem))
            pairs, t_verify = timed(
                partial(blocking_pairs, problem, offer_quotas, result.assignment)
            )
            figures, t_cost = timed(
                partial(
                    quota_figures, shaped, problem, groups, result, offer_quotas.student_classes
                )
            )
            assert len(pairs) == 0, f"{name}: {len(pairs)} blocking pairs"
            for key, value in (("match", t_match), ("verify", t_verify), ("cost", t_cost)):
                worst[key] = max(worst[key], value)
            met = sum(
                row["placed"] >= (row["min_seats"] or 0)
                and (row["max_seats"] is None or row["placed"] <= row["max_seats"])
                for row in figures["each"]
            )
            print(
                f"seed {seed} {name:13} match {t_match:.3f} s  verify {t_verify:.3f} s  "
                f"cost {t_cost:.3f} s  "
                f"placed {int((result.assignment >= 0).sum()):,}  bounds met {met}/{len(quotas)}  "
                f"displaced {figures['all']['displaced']:,}  helped {figures['all']['helped']:,}"
            )
    print(
        "engine worst: match {match:.3f} s, verify {verify:.3f} s, cost {cost:.3f} s".format(
            **worst
        )
    )


def end_to_end(placement_round: Any) -> None:
    from qadam.placements.matching import read_round, run_match
    from qadam.placements.models import PlacementRound, Quota, TrainingContract

    # the bench's own database: the seeded round's contracts would pin its placements
    TrainingContract.objects.filter(placement__round=placement_round).delete()
    arrays = read_round(placement_round)
    family = shapes(arrays.capacity, arrays.offer_region)
    walls = []
    # the same round without quotas first: what reading and writing cost on this machine now
    for name, quotas in {"no quotas": [], **family}.items():
        Quota.objects.filter(round=placement_round).delete()
        Quota.objects.bulk_create(
            Quota(round_id=placement_round.pk, **{k: v for k, v in q.items() if k != "id"})
            for q in quotas
        )
        PlacementRound.objects.filter(pk=placement_round.pk).update(
            status=PlacementRound.Status.MATCHED
        )
        summary, wall = timed(lambda: run_match(round_id=placement_round.pk))
        if quotas:
            walls.append(wall)
        steps = "  ".join(f"{k} {v:.2f}" for k, v in summary["seconds"].items())
        print(f"end to end {name:13} {wall:.2f} s   ({steps})")
    Quota.objects.filter(round=placement_round).delete()
    print(f"end to end worst: {max(walls):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--name", default="qadam_bench_quotas")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--skip-end-to-end", action="store_true")
    parser.add_argument("--skip-engine", action="store_true")
    options = parser.parse_args()
    seeded_postgres.prepare(options.name, reuse=options.reuse)
    seeded_postgres.use(options.name)
    from qadam.placements.models import PlacementRound

    placement_round = PlacementRound.objects.filter(institution__isnull=True).order_by("id").first()
    assert placement_round is not None, "the national dataset has no round"
    original_seed = placement_round.lottery_seed
    if not options.skip_engine:
        engine(placement_round, options.seeds)
    placement_round.lottery_seed = original_seed
    if not options.skip_end_to_end:
        end_to_end(placement_round)


if __name__ == "__main__":
    main()
