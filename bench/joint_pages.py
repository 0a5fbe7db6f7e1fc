"""The joint programme's pages and its seed step, timed against a seeded database.

    DATABASE_URL=... .venv/bin/python bench/joint_pages.py [--repeat 5]

For the ministry, an analyst and the demo college: the programme list, the programme's page
(progress, participants, cohorts, exchanges) and its first cohort's page, each requested
`--repeat` times through Django's test client (server time, no browser); the best is
reported. Then the seed step (`seed_joint_programme`) once more inside a transaction rolled
back. The database must be seeded (`qadam seed`).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qadam.settings.local")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from qadam.accounts.models import User  # noqa: E402
from qadam.joint.models import Cohort, JointProgramme  # noqa: E402
from qadam.joint.seeding import MODELS, seed_joint_programme  # noqa: E402


def best_ms(client: Client, url: str, repeat: int) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        status = client.get(url, HTTP_HOST="localhost").status_code
        times.append((time.perf_counter() - start) * 1000)
    return min(times), status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    programme = JointProgramme.objects.order_by("id").first()
    assert programme is not None, "seed the database first"
    college = User.objects.get(username="college")
    cohort = Cohort.objects.filter(
        programme=programme, institution_id=college.institution_id or 0
    ).first()
    cohort = cohort or Cohort.objects.filter(programme=programme).first()
    urls = [
        reverse("joint:programme_list"),
        reverse("joint:programme_detail", args=[programme.pk]),
        reverse("joint:cohort_detail", args=[cohort.pk]) if cohort else None,
    ]
    for username in ("ministry", "analyst", "college"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in filter(None, urls):
            ms, status = best_ms(client, url, args.repeat)
            print(f"{username:<9} {url:<28} {status}  {ms:7.1f} ms")
    with transaction.atomic():
        for model in MODELS:
            model.objects.all().delete()
        start = time.perf_counter()
        counts = seed_joint_programme(progress=lambda _step: None)
        print(f"seed step: {(time.perf_counter() - start) * 1000:.0f} ms {counts}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
