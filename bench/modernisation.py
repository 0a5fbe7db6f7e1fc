"""The modernisation's share of the national seed, and its list pages at national scale.

    DATABASE_URL=... .venv/bin/python bench/modernisation.py

On a database `qadam seed --profile national` has filled: re-runs the modernisation step
inside a transaction that is rolled back (its own rows removed first), timing wall clock and
CPU; then opens each list page of the modernisation as the ministry (three times, the best).
"""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qadam.settings.local")
django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from qadam.accounts.models import User  # noqa: E402
from qadam.agreements.models import Agreement, Party  # noqa: E402
from qadam.modernisation.seeding import MODERNISATION_MODELS, seed_modernisation  # noqa: E402
from qadam.registry.seeding.profiles import PROFILES  # noqa: E402

PAGES = ("programme", "project_list", "line_list", "overdue", "investment_list")


def seed_step() -> None:
    with transaction.atomic():
        for model in MODERNISATION_MODELS:
            model._default_manager.all().delete()
        investment = Agreement.objects.filter(kind="investment")
        Party.objects.filter(agreement__in=investment).delete()
        investment.delete()
        wall, cpu = time.perf_counter(), time.process_time()
        counts = seed_modernisation(profile=PROFILES["national"], seed=42)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        transaction.set_rollback(True)
    print(f"seed step: {wall:.2f} s wall, {cpu:.2f} s CPU; {counts}")


def pages() -> None:
    client = Client()
    client.force_login(User.objects.get(username="ministry"))
    for name in PAGES:
        best = min(_timed(client, reverse(f"modernisation:{name}")) for _k in range(3))
        print(f"{name}: {best * 1000:.0f} ms")


def _timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    return time.perf_counter() - started


if __name__ == "__main__":
    seed_step()
    pages()
