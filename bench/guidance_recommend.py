"""Server time of a pupil's recommendations with their regional outlook, in process (issue 12).

    .venv/bin/python bench/guidance_recommend.py [--sets 2000] [--reads 300]

Against a PostgreSQL database seeded with the national dataset (`DATABASE_URL`, default
`qadam_bench_guidance` as bench/guidance_scoring.py), which has finished planning runs.
Measured, after a warm-up (the catalogue and the outlook are built once per process, as in
a gunicorn worker):

1. the outlook's build from the latest finished run (once per process and per new run:
   the registry as arrays, the demand model over 16 years, the run's seats), and its check
   (the one query that asks whether a newer run finished, at most every 5 s);
2. scoring plus recommendations, `services._score_and_recommend`: scale scores and Holland
   code, the interest fit against the catalogue, the outlook in the pupil's region at each
   specialty's graduation year, the weighed score, the best five; over `--sets` simulated
   answer sets of pupils of every region and of ages 12 to 18; and `recommend_ahead` alone;
3. the results a page or `GET /api/v1/guidance/results/{code}` reads
   (`selectors.session_results`, `selectors.session_picks` by interest fit alone) over
   `--reads` stored sessions, with their SQL statements.

Median, 95th and 99th percentiles in milliseconds.
"""

import argparse
import os
import statistics
import sys
from datetime import timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = "postgres://postgres@127.0.0.1:5432/qadam_bench_guidance"

from bench.guidance_scoring import percentiles, timed  # noqa: E402  (the same measures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", type=int, default=2000)
    parser.add_argument("--reads", type=int, default=300)
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
    from django.utils import timezone

    from qadam.engines.guidance import score
    from qadam.guidance import selectors, services
    from qadam.guidance.models import SCALES, DiagnosticSession
    from qadam.guidance.recommend import catalogue, recommend_ahead, session_intake_year
    from qadam.guidance.seeding import instrument_norms, simulated_answers
    from qadam.planning import outlook
    from qadam.registry.models import Region

    instrument = services.current_instrument()
    items = list(instrument.items.order_by("position").values_list("code", "scale"))
    item_scale = np.array([SCALES.index(scale) for _code, scale in items])
    rng = np.random.default_rng(options.seed)
    answers = simulated_answers(rng, options.sets, item_scale, *instrument_norms(instrument))
    strings = [(row + ord("0")).astype(np.uint8).tobytes().decode() for row in answers]
    regions = list(Region.objects.order_by("id").values_list("id", flat=True))

    # 1. the outlook: built once per process and run, then checked every few seconds
    latest = outlook._latest_finished()
    builds = []
    for _ in range(3):
        outlook.forget_outlook()
        builds.append(timed(outlook.outlook_current))
    table = outlook.outlook_current()
    checks = [timed(outlook._latest_finished) for _ in range(200)]
    print(
        f"{connection.vendor}: catalogue of {catalogue().specialty_ids.size} profiled "
        f"specialties, {len(regions)} regions; outlook of run {latest[0] if latest else None} over "
        f"{table.specialty_id.size} specialties x {table.region_id.size} regions x "
        f"{table.years.size} years ({table.years[0]}-{table.years[-1]}); load "
        f"{os.getloadavg()[0]:.2f}"
    )
    print(f"outlook build (cold)       {percentiles(builds)}")
    print(f"latest-run check (query)   {percentiles(checks)}")

    # 2. scoring and recommendations
    sessions = [
        DiagnosticSession(
            instrument=instrument,
            answers=strings[i],
            region_id=regions[i % len(regions)],
            age=12 + i % 7,
        )
        for i in range(options.sets)
    ]
    services._score_and_recommend(sessions[0])  # warm: catalogue, layout, outlook
    whole = [timed(partial(services._score_and_recommend, s)) for s in sessions]
    ahead = []
    for session, row in zip(sessions, answers, strict=True):
        scores = score(row.astype(np.float64), item_scale)
        intake = session_intake_year(session)
        ahead.append(
            timed(
                partial(
                    recommend_ahead,
                    scores,
                    region_id=session.region_id,
                    intake_year=intake,
                    k=services.RECOMMENDATIONS,
                )
            )
        )

    # the regional outlook moves the list: how many of the best five fit alone would not give
    def overlap(session: DiagnosticSession) -> int:
        scores, intake = np.array(session.scores), session_intake_year(session)
        ahead = recommend_ahead(scores, region_id=session.region_id, intake_year=intake)
        alone = recommend_ahead(
            scores, region_id=session.region_id, intake_year=intake, interest_only=True
        )
        return len({p.specialty_id for p in ahead} & {p.specialty_id for p in alone})

    shared = statistics.mean(overlap(s) for s in sessions)
    print(
        f"scoring + recommendations  {percentiles(whole)}; of the best five, {shared:.1f} "
        "are fit alone's too"
    )
    print(f"  recommend_ahead (top 5)  {percentiles(ahead)}")

    # 3. the results as the page and the API read them
    stored = list(
        DiagnosticSession.objects.filter(completed_at__isnull=False)
        .select_related("instrument", "region")
        .order_by("id")[: options.reads]
    )
    for session in stored:  # as completed now: the outlook is stored with the picks
        session.completed_at = timezone.now() - timedelta(minutes=1)
        services._score_and_recommend(session)
    selectors.session_results(session=stored[0], language="ru")  # warm
    page = [timed(partial(selectors.session_results, session=s, language="ru")) for s in stored]
    alone = [timed(partial(selectors.session_picks, session=s, interest_only=True)) for s in stored]
    with CaptureQueriesContext(connection) as queries:
        selectors.session_results(session=stored[0], language="ru")
    print(
        f"session_results (page)    {percentiles(page)}; "
        f"{len(queries.captured_queries)} SQL statements"
    )
    print(f"session_picks, fit alone  {percentiles(alone)}")


if __name__ == "__main__":
    main()
