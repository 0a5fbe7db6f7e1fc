"""qadam kpi_snapshot: keep this academic year's national figures and targets as its point of
the trend (run it once a year, e.g. at the end of August, or whenever the year's figures are
final; a second run the same year replaces the first)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date

from qadam.dashboard.rules import academic_year_label, academic_year_of
from qadam.dashboard.services import kpi_snapshot_take


class Command(BaseCommand):
    help = "Take the current academic year's snapshot of the national indicators."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="the day the figures are computed for (YYYY-MM-DD; default today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_date(options["date"]) if options["date"] else timezone.localdate()
        if today is None:
            self.stderr.write("--date: use YYYY-MM-DD")
            raise SystemExit(2)
        taken = kpi_snapshot_take(today=today)
        year = academic_year_label(academic_year_of(today))
        self.stdout.write(f"{len(taken)} indicators kept for {year}.")
