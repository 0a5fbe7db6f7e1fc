"""Server time of GET /api/v1/dashboard/kpis at national scale (Django's test client, in
process), and of the refresh that precomputes its figures.

    DATABASE_URL=... .venv/bin/python bench/kpis.py [--repeat 30]

Needs a database seeded with `qadam seed --profile national --seed 42` and migrated. Times
(1) the full recomputation of every actual (what the background refresh does when the data
change), (2) the endpoint when the stored figures are current (every request reads the data's
fingerprint, the figures, the targets and the snapshots), for the ministry and an analyst, and
(3) the dashboard page. Reports the median and the 95th percentile.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qadam.settings.local")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from qadam.accounts.models import User  # noqa: E402
from qadam.dashboard.kpis.figures import figures_refresh  # noqa: E402

API = "/api/v1/dashboard/kpis"
PAGE = "/national/"


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    action()  # warm caches once
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def report(name: str, timings: list[float]) -> None:
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(f"{name:<40} {statistics.median(timings):>10.1f} {p95:>8.1f}")


def get(client: Client, url: str) -> Callable[[], object]:
    def call() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    options = parser.parse_args()
    today = timezone.localdate()
    print(f"database: {connection.vendor}")
    print(f"{'measure':<40} {'median ms':>10} {'p95 ms':>8}")
    refresh = timed(lambda: figures_refresh(today=today, force=True), max(3, options.repeat // 10))
    report("refresh: recompute every actual", refresh)
    ministry = User.objects.filter(role="ministry_admin").order_by("id").first()
    analyst = User.objects.filter(role="analyst").order_by("id").first()
    assert ministry is not None and analyst is not None, "seed the national dataset first"
    for label, user in (("ministry", ministry), ("analyst", analyst)):
        client = Client()
        client.force_login(user)
        payload = client.get(API).json()
        assert len(payload) >= 13 and all(len(k["by_region"]) == 20 for k in payload)
        report(f"GET {API} ({label})", timed(get(client, API), options.repeat))
    client = Client()
    client.force_login(ministry)
    report(f"GET {PAGE} (ministry)", timed(get(client, PAGE), max(5, options.repeat // 3)))


if __name__ == "__main__":
    main()
