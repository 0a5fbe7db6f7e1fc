"""Server time of a career-guidance submission, in process (issue 4).

    .venv/bin/python bench/guidance_scoring.py [--sets 2000] [--submissions 1000]

Against the PostgreSQL database of `bench/guidance_load.py` (seeded with the national
dataset; `DATABASE_URL` overrides it). Two measures:

1. scoring plus recommendations, `services._score_and_recommend`: the engine's scale scores
   and Holland code, then the best five of the catalogue's specialties by Pearson fit, over
   `--sets` simulated answer sets (levels drawn around the instrument's norms); also its two
   halves alone;
2. the whole `services.submission_create` of a new pupil joining a festival (checks, scoring,
   the INSERT and the COMMIT) over `--submissions` pupils, and of a resend; with the number of
   SQL statements each one sends.

Median, 95th and 99th percentiles in milliseconds, after a warm-up (the catalogue and the
instrument's layout are read once per process, as in a gunicorn worker).
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = "postgres://postgres@127.0.0.1:5432/qadam_bench_guidance"


def percentiles(timings: list[float]) -> str:
    ordered = sorted(timings)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * len(ordered)) - 1)]

    return (
        f"median {statistics.median(ordered):7.3f}  p95 {at(0.95):7.3f}  "
        f"p99 {at(0.99):7.3f}  max {ordered[-1]:7.3f} ms  (n={len(ordered):,})"
    )


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", type=int, default=2000)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    options = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "qadam.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"  # DEBUG keeps every query: not what a server does
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import numpy as np
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qadam.accounts.models import User
    from qadam.accounts.roles import Role
    from qadam.engines.guidance import holland_code, score
    from qadam.guidance import services
    from qadam.guidance.models import SCALES, DiagnosticSession, GuidanceEvent
    from qadam.guidance.recommend import catalogue, recommend
    from qadam.guidance.seeding import instrument_norms, simulated_answers
    from qadam.registry.models import Institution, Region

    instrument = services.current_instrument()
    items = list(instrument.items.order_by("position").values_list("code", "scale"))
    item_scale = np.array([SCALES.index(scale) for _code, scale in items])
    rng = np.random.default_rng(options.seed)
    answers = simulated_answers(
        rng, options.sets + options.submissions, item_scale, *instrument_norms(instrument)
    )
    strings = [(row + ord("0")).astype(np.uint8).tobytes().decode() for row in answers]
    print(
        f"{connection.vendor}: instrument {instrument} ({len(items)} items), catalogue of "
        f"{catalogue().specialty_ids.size} profiled specialties; load "
        f"{os.getloadavg()[0]:.2f}"
    )

    # 1. scoring and recommendations
    sessions = [
        DiagnosticSession(instrument=instrument, answers=strings[i]) for i in range(options.sets)
    ]
    services._score_and_recommend(sessions[0])  # warm: catalogue, layout
    whole = [timed(partial(services._score_and_recommend, s)) for s in sessions]
    engine, fit = [], []
    for row in answers[: options.sets]:
        ratings = row.astype(np.float64)
        started = time.perf_counter()
        scores = score(ratings, item_scale)
        holland_code(scores)
        engine.append((time.perf_counter() - started) * 1000)
        fit.append(timed(partial(recommend, scores, k=services.RECOMMENDATIONS)))
    codes = {s.holland_code for s in sessions}
    print(f"scoring + recommendations  {percentiles(whole)}; {len(codes)} Holland codes")
    print(f"  score + holland_code     {percentiles(engine)}")
    print(f"  recommend (top 5)        {percentiles(fit)}")

    # 2. the whole submission on the database
    organiser = User.objects.filter(role=Role.GUIDANCE_ORGANISER).order_by("id").first()
    assert organiser is not None, "seed the dataset first (bench/guidance_load.py)"
    region = Region.objects.get(kato="75")
    event = services.event_create(
        actor=organiser,
        name=f"Scoring bench {time.strftime('%Y-%m-%d %H:%M:%S')}",
        kind=GuidanceEvent.Kind.FESTIVAL,
        starts_on=date.today(),
        ends_on=date.today(),
        region_id=region.pk,
    )
    school = Institution.objects.filter(kind="school", region=region).order_by("id").first()
    codes_of = [code for code, _scale in items]

    def submit(row: np.ndarray, client_id: uuid.UUID) -> tuple[DiagnosticSession, bool]:
        return services.submission_create(
            client_id=client_id,
            details=services.PupilDetails(
                language="kk",
                age=15,
                region_id=region.pk,
                school_id=school.pk if school else None,
                share_with_counsellor=True,
            ),
            consent=True,
            answers=dict(zip(codes_of, row.tolist(), strict=True)),
            skills={"tools": 4},
            event_code=event.join_code,
        )

    pupils = answers[options.sets :]
    ids = [uuid.uuid4() for _ in range(len(pupils))]
    submit(pupils[0], ids[0])  # warm
    new = [
        timed(partial(submit, row, client_id))
        for row, client_id in zip(pupils[1:], ids[1:], strict=True)
    ]
    resend = [
        timed(partial(submit, row, client_id))
        for row, client_id in zip(pupils[1:201], ids[1:201], strict=True)
    ]
    with CaptureQueriesContext(connection) as new_queries:
        submit(pupils[0], uuid.uuid4())
    with CaptureQueriesContext(connection) as resend_queries:
        submit(pupils[0], ids[0])
    stored = event.sessions.filter(completed_at__isnull=False).count()
    print(
        f"submission_create, new    {percentiles(new)}; "
        f"{len(new_queries.captured_queries)} SQL statements"
    )
    print(
        f"submission_create, resend {percentiles(resend)}; "
        f"{len(resend_queries.captured_queries)} SQL statements"
    )
    print(f"event {event.join_code}: {stored:,} sessions stored (one per pupil)")
    for query in new_queries.captured_queries:
        print(f"    {query['sql'][:96]}")


if __name__ == "__main__":
    main()
