"""qadam match --round ID: match a closed round from the command line; with --verify,
check the round's certificate instead (exit 1 naming the first difference)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from qadam.common.errors import ApplicationError
from qadam.placements.certificate.verify import round_verify
from qadam.placements.matching import STEPS, run_match
from qadam.placements.models import PlacementRound


class Command(BaseCommand):
    help = "Match a closed placement round (or re-match a matched one) and write the results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", type=int, required=True, dest="round_id")
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Re-run the match from the certified inputs and check the certificate.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verify"]:
            self._verify(options["round_id"])
            return
        started = time.perf_counter()
        bar = tqdm(total=len(STEPS), unit="step", disable=options["verbosity"] == 0)

        def progress(step: str) -> None:
            bar.set_description(step)
            bar.update(STEPS.index(step) - bar.n)

        try:
            summary = run_match(round_id=options["round_id"], progress=progress)
            bar.update(len(STEPS) - bar.n)
        except PlacementRound.DoesNotExist:
            raise CommandError(f"There is no round {options['round_id']}.") from None
        except ApplicationError as error:
            raise CommandError(error.message) from None
        finally:
            bar.close()
        elapsed = time.perf_counter() - started
        applicants = int(summary["applicants"])  # type: ignore[call-overload]
        share = int(summary["placed"]) / applicants if applicants else 0.0  # type: ignore[call-overload]
        self.stdout.write(
            self.style.SUCCESS(
                f"Round {options['round_id']} matched in {elapsed:.1f} s: "
                f"{summary['placed']} of {applicants} applicants placed ({share:.1%}), "
                f"{summary['first_choice']} at their first choice, "
                f"{summary['filled']} of {summary['seats']} seats filled."
            )
        )

    def _verify(self, round_id: int) -> None:
        started = time.perf_counter()
        try:
            verification = round_verify(round_id=round_id)
        except PlacementRound.DoesNotExist:
            raise CommandError(f"There is no round {round_id}.") from None
        except ApplicationError as error:
            raise CommandError(error.message) from None
        certificate = verification.certificate
        self.stdout.write(
            f"Round {round_id}, certificate #{certificate.number} of "
            f"{certificate.certified_at.isoformat()} ({certificate.engine_version}): "
            f"{certificate.fingerprint}"
        )
        for check in verification.checks:
            mark = "ok " if check.ok else "DIFFERS"
            detail = f": {check.difference}" if check.difference else ""
            self.stdout.write(f"  {mark} {check.name}{detail}")
        elapsed = time.perf_counter() - started
        if not verification.ok:
            raise CommandError(f"Not verified: {verification.first_difference}")
        self.stdout.write(
            self.style.SUCCESS(f"Verified in {elapsed:.1f} s: fingerprint {certificate.short}.")
        )
