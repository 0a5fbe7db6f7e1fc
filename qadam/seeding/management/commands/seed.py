"""qadam seed --profile national --seed 42: build the demo country in one transaction."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from tqdm import tqdm

from qadam.registry.seeding.profiles import PROFILES
from qadam.seeding.dataset import DatasetExists, registry_is_empty, seed_dataset

STEPS = [
    "reference data",
    "institutions",
    "programs",
    "students",
    "educators",
    "enterprises",
    "placement round",
    "placement match",
    "demo users",
    "guidance festival",
    "workforce planning",
    "planning runs",
    "partnerships",
    "educators' upskilling",
]


class Command(BaseCommand):
    help = "Build a deterministic dataset (national: the published figures; small: 1/100)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--profile", choices=sorted(PROFILES), default="national")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--reset", action="store_true", help="replace an existing dataset")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when a dataset exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and not registry_is_empty():
            self.stdout.write("The registry already holds a dataset; nothing to do.")
            return
        started = time.perf_counter()
        bar = tqdm(total=len(STEPS), unit="step", disable=options["verbosity"] == 0)

        def progress(step: str) -> None:
            bar.set_description(step)
            if step in STEPS:
                bar.update(1)

        try:
            # what the seed stores as text (audit summaries, jobs' titles) is in the
            # platform's own language, whatever the shell's or a test's
            with translation.override(settings.LANGUAGE_CODE):
                logins = seed_dataset(
                    profile_name=options["profile"],
                    seed=options["seed"],
                    reset=options["reset"],
                    progress=progress,
                )
        except DatasetExists as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Seeded the {options['profile']} dataset in {elapsed:.1f} s.")
        )
        self.stdout.write(f"Demo logins (password for all: {logins[0].password}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<11} {login.role:<28} {login.acts_for}")
