"""Server time of the student list page at national scale (Django's test client, in process).

    DATABASE_URL=... .venv/bin/python bench/student_list.py [--repeat 20]

Needs a database seeded with `qadam seed --profile national`. Reports the median and the
95th percentile per scenario for the ministry (all 603,500 students) and a college admin.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qadam.settings.local")

import django

django.setup()

from django.test import Client  # noqa: E402

from qadam.accounts.models import User  # noqa: E402
from qadam.registry.models import Region, Specialty  # noqa: E402

URL = "/registry/students/"


def scenarios() -> dict[str, str]:
    region = Region.objects.get(kato="75").pk
    specialty = Specialty.objects.order_by("code").first()
    assert specialty is not None
    return {
        "first page": URL,
        "page 5,000": f"{URL}?page=5000",
        "region filter": f"{URL}?region={region}",
        "funding + specialty": f"{URL}?funding=paid&specialty={specialty.pk}",
        "surname prefix": f"{URL}?q=Ахмет",
        "IIN prefix": f"{URL}?q=0805",
        "htmx partial, region": f"{URL}?region={region}&page=3",
    }


def time_get(client: Client, url: str, repeat: int, htmx: bool) -> list[float]:
    headers = {"HX-Request": "true"} if htmx else {}
    client.get(url, headers=headers)  # warm caches once
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()
    print(f"{'user':<10} {'scenario':<22} {'median ms':>10} {'p95 ms':>8}")
    for username in ("ministry", "college"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, url in scenarios().items():
            timings = sorted(time_get(client, url, options.repeat, htmx="htmx" in name))
            p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
            print(f"{username:<10} {name:<22} {statistics.median(timings):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
