"""Writing spreadsheets that are safe to open: no cell is read as a formula."""

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell_value(value: Any) -> Any:
    """A value a workbook can hold and no spreadsheet runs: lazy translations as text,
    aware times in local time (Excel has no time zones), characters XML forbids dropped
    (before neutralising, so none can hide a formula), then `neutralise`."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    elif isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return neutralise(value)


def write_xlsx(
    path: Path,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    on_progress: Callable[[int], None] | None = None,
    every: int = 5000,
) -> int:
    """Stream `rows` into a one-sheet workbook at `path`; returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([cell_value(title) for title in header])
    count = 0
    for row in rows:
        sheet.append([cell_value(value) for value in row])
        count += 1
        if on_progress and count % every == 0:
            on_progress(count)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return count
