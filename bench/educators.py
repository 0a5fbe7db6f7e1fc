"""Educators at national scale (issue 15): the seed's upskilling step and the educators'
pages' server time (Django's test client, in process).

    DATABASE_URL=... .venv/bin/python bench/educators.py [--repeat 10]

Needs a database seeded with `qadam seed --profile national --seed 42`. The seed step is
re-run inside a transaction that is rolled back (its rows removed first), timed as wall
and CPU seconds; then each page's median and 95th percentile per role.
"""

import argparse
import logging
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qadam.settings.local")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from qadam.accounts.models import User  # noqa: E402
from qadam.educators.seeding import EDUCATOR_MODELS, seed_upskilling  # noqa: E402
from qadam.registry.models import Educator  # noqa: E402


class _RolledBack(Exception):
    pass


def seed_step() -> None:
    try:
        with transaction.atomic():
            for model in EDUCATOR_MODELS:
                model._default_manager.all()._raw_delete(using=connection.alias)
            wall, cpu = time.perf_counter(), time.process_time()
            counts = seed_upskilling(seed=42)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"seed step: {counts}, wall {wall:.2f} s, CPU {cpu:.2f} s (rolled back)")
            raise _RolledBack
    except _RolledBack:
        pass


def pages(user: User) -> dict[str, str]:
    educators = Educator.objects.order_by("pk")
    if user.institution_id is not None:
        educators = educators.filter(institution_id=user.institution_id)
    educator = educators.first()
    assert educator is not None
    return {
        "list": "/educators/",
        "list, overdue": "/educators/?status=overdue",
        "list, surname": "/educators/?q=Ахмет",
        "list, page 300": "/educators/?page=300",
        "record": f"/educators/{educator.pk}/",
        "edit": f"/educators/{educator.pk}/edit/",
        "shares by region": "/educators/shares/",
        "shares by college": "/educators/shares/?by=institution",
        "shares by sector": "/educators/shares/?by=sector",
        "API list": "/api/v1/educators/",
        "API shares": "/api/v1/educators/shares",
        "home (reminders)": "/",
    }


def time_get(client: Client, url: str, repeat: int) -> list[float] | None:
    if client.get(url).status_code != 200:  # warms caches; the role has no such page
        return None
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--no-seed", action="store_true", help="skip the seed step")
    options = parser.parse_args()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the refusals it probes
    if not options.no_seed:
        seed_step()
    print(f"{'user':<10} {'page':<20} {'median ms':>10} {'p95 ms':>8}")
    for username in ("ministry", "college", "analyst"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for name, url in pages(user).items():
            timings = time_get(client, url, options.repeat)
            if timings is None:
                continue
            p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
            print(f"{username:<10} {name:<20} {statistics.median(timings):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
