"""A national round's certificate: what sealing adds to the match, and `--verify`.

    DATABASE_URL=sqlite:///var/national.sqlite3 .venv/bin/python bench/certificate.py [--round ID]

The database must hold the seeded national dataset (`qadam migrate && qadam seed --profile
national --seed 42`; its round is matched, certified and published). The bench reads,
scores and matches the round as the match does, then times each part of sealing (the
canonical documents, hashing, compressing, the anonymised export) without writing, and
then `round_verify`, the work of `qadam match --round ID --verify`.
"""

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--round", type=int, default=0, help="default: the national round")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qadam.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from qadam.engines.placement import match
    from qadam.placements.certificate import anonymised, documents
    from qadam.placements.certificate.verify import round_verify
    from qadam.placements.matching import build_problem, read_round
    from qadam.placements.models import PlacementRound

    rounds = PlacementRound.objects.filter(institution__isnull=True).order_by("-id")
    placement_round = rounds.get(pk=options.round) if options.round else rounds.first()
    assert placement_round is not None, "the national dataset has no round"
    arrays = read_round(placement_round)
    problem = build_problem(arrays)
    result = match(problem)
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        print(f"{step:<28} {now - clock:6.2f} s")
        clock = now

    inputs = documents.inputs_document(
        round_id=placement_round.pk,
        lottery_seed=placement_round.lottery_seed,
        student_id=arrays.student_id,
        offer_id=arrays.offer_id,
        problem=problem,
        pref_application=arrays.pref_application,
        pref_rank=arrays.pref_rank,
    )
    outcome = documents.result_document(
        student_id=arrays.student_id, offer_id=arrays.offer_id, result=result
    )
    lap("documents")
    canonical = documents.canonical(inputs)
    lap(f"canonical inputs ({len(canonical) / 1e6:.1f} MB)")
    hashlib.sha256(canonical).hexdigest()
    lap("SHA-256")
    packed = documents.compress(canonical)
    lap(f"gzip ({len(packed) / 1e6:.1f} MB)")
    export = documents.canonical(anonymised.anonymised_document(inputs, outcome))
    documents.compress(export)
    lap(f"anonymised ({len(export) / 1e6:.1f} MB)")
    verification = round_verify(round_id=placement_round.pk)
    lap(f"verify ({'verified' if verification.ok else verification.first_difference})")
    print(
        f"round {placement_round.pk}: {arrays.student_id.size:,} applicants, "
        f"{arrays.pref_offer.size:,} applications, {arrays.offer_id.size:,} offers"
    )


if __name__ == "__main__":
    main()
