"""qadam allocate --scenario ID: project and allocate a scenario from the command line."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from qadam.common.errors import ApplicationError
from qadam.planning.models import Scenario
from qadam.planning.runs import STEPS, run_allocation
from qadam.planning.services import run_prepare


class Command(BaseCommand):
    help = "Project supply and demand of a scenario and allocate its state-funded seats."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scenario", type=int, required=True, dest="scenario_id")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            scenario = Scenario.objects.get(pk=options["scenario_id"])
            run = run_prepare(scenario=scenario)
        except Scenario.DoesNotExist:
            raise CommandError(f"There is no scenario {options['scenario_id']}.") from None
        except ApplicationError as error:
            raise CommandError(error.message) from None
        bar = tqdm(total=len(STEPS), unit="step", disable=options["verbosity"] == 0)

        def progress(step: str) -> None:
            bar.set_description(step)
            bar.update(STEPS.index(step) - bar.n)

        try:
            results = run_allocation(run_id=run.pk, progress=progress)
            bar.update(len(STEPS) - bar.n)
        except ValueError as error:
            raise CommandError(f"Run {run.pk} failed: {error}") from None
        finally:
            bar.close()
        a = results["allocation"]
        less = 1 - a["unmet"] / a["unmet_proportional"] if a["unmet_proportional"] else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"Run {run.pk} of scenario {scenario.pk} in {time.perf_counter() - started:.1f} s: "
                f"{a['seats']:,.0f} of {a['total_seats']:,.0f} seats allocated; unmet demand "
                f"{a['unmet']:,.0f} against {a['unmet_proportional']:,.0f} by last year's "
                f"shares ({less:.1%} less); gap to the bound {a['gap']:.3%}."
            )
        )
