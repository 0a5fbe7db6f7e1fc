"""A run's seats as the ministry sends them to colleges: one row per college program, ordered
by region, college and specialty, with names and labels in the language of whoever asked.

The rows are read here; the file is written by the background task (tasks_export.py), or,
for the seat page's filtered rows, by the `planning.seats` list export (exporters.py).
"""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _lazy

from qadam.planning.filters import SeatFilters
from qadam.planning.models import AllocationRun
from qadam.planning.selectors import seat_list

COLUMNS = (
    _lazy("region"),
    _lazy("college code"),
    _lazy("college"),
    _lazy("specialty code"),
    _lazy("specialty"),
    _lazy("language of instruction"),
    _lazy("form of study"),
    _lazy("last year's seats"),
    _lazy("new seats"),
    _lazy("closing the gap"),
    _lazy("by the secondary rule"),
    _lazy("change"),
    _lazy("graduation year"),
)
ORDER = (
    "program__institution__region__kato",
    "program__institution__code",
    "program__specialty__code",
    "program__language",
    "program__form",
)


def header() -> list[str]:
    """The column titles in the active language."""
    return [str(title) for title in COLUMNS]


def seat_count(run: AllocationRun, filters: SeatFilters | None = None) -> int:
    return seat_list(run=run, filters=filters).count()


def seat_rows(run: AllocationRun, filters: SeatFilters | None = None) -> Iterator[tuple[Any, ...]]:
    """Every program's row (those the seat page's `filters` keep), in the active language;
    streamed from the database."""
    seats = seat_list(run=run, filters=filters).order_by(*ORDER)
    for seat in seats.iterator(chunk_size=2000):
        program = seat.program
        college = program.institution
        yield (
            college.region.name if college.region else "",
            college.code,
            college.name,
            program.specialty.code,
            program.specialty.name,
            program.get_language_display(),
            program.get_form_display(),
            seat.last_year_seats,
            seat.seats,
            seat.gap_seats,
            seat.secondary_seats,
            seat.seats - seat.last_year_seats,
            seat.graduation_year,
        )
