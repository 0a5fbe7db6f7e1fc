"""qadam import KIND FILE: every row of the file committed in one transaction, or none.

Exit status: 0 every row committed (or, with --dry-run, every row valid); 1 some rows are
wrong (each is printed with its row, column, value and problem; nothing written) or the
registry changed during the write; 2 the file could not be read as the kind's table.
`qadam import KIND --template FILE` writes the kind's template (.xlsx or .csv).
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from tqdm import tqdm

from qadam.imports.kinds import KINDS, Context
from qadam.imports.pipeline import Outcome, Status, import_file
from qadam.imports.report import outcome_summary
from qadam.imports.selectors import import_context
from qadam.imports.tasks import stage_label
from qadam.imports.template import template_write

EXIT_INVALID = 1
EXIT_MALFORMED = 2


class _Bar:
    """One tqdm bar per stage (reading, checking, writing)."""

    def __init__(self, *, disable: bool) -> None:
        self.disable = disable
        self.stage = ""
        self.bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(
                total=total or None, desc=stage_label(stage), unit=" rows", disable=self.disable
            )
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.update(max(done - self.bar.n, 0))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data command: seconds saved on every run
    help = (
        "Import institutions, enterprises, programs, students, agreements or obligations "
        "from XLSX or CSV: every row in one transaction, or none and a report of every bad row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file", nargs="?", help="the XLSX or CSV file to import")
        parser.add_argument("--template", metavar="FILE", help="write the kind's template")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the template's headers and the messages' language",
        )
        parser.add_argument("--user", help="import as this user, with their permissions")
        parser.add_argument("--dry-run", action="store_true", help="check every row; write none")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = KINDS[options["kind"]]
        with translation.override(options["language"]):
            if options["template"]:
                path = Path(options["template"])
                template_write(kind, path, options["language"])
                self.stdout.write(self.style.SUCCESS(f"Wrote the {kind.name} template to {path}."))
                return
            if not options["file"]:
                raise CommandError("Give the FILE to import, or --template FILE.", returncode=2)
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"There is no file {path}.", returncode=EXIT_MALFORMED)
            context = self._context(options["user"], kind)
            bar = _Bar(disable=options["verbosity"] == 0)
            try:
                outcome = import_file(
                    kind, path, context, commit=not options["dry_run"], progress=bar
                )
            finally:
                bar.close()
            self._finish(outcome)

    def _context(self, username: str | None, kind: Any) -> Context:
        if not username:
            return Context()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username}.")
        try:
            return import_context(user=user, kind=kind)
        except PermissionDenied:
            raise CommandError(f"{username} may not import {kind.name}.") from None

    def _finish(self, outcome: Outcome) -> None:
        for error in outcome.error_rows():
            self.stdout.write(error.line())
        summary = outcome_summary(outcome)
        if outcome.succeeded:
            self.stdout.write(self.style.SUCCESS(summary))
            return
        code = EXIT_MALFORMED if outcome.status == Status.MALFORMED else EXIT_INVALID
        raise CommandError(summary, returncode=code)
