"""Writing spreadsheets that are safe to open: no cell is read as a formula."""

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    on_progress: Callable[[int], None] | None = None,
    every: int = 5000,
) -> int:
    """Stream `rows` into a one-sheet workbook at `path`; returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([neutralise(title) for title in header])
    count = 0
    for row in rows:
        sheet.append([neutralise(value) for value in row])
        count += 1
        if on_progress and count % every == 0:
            on_progress(count)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return count
