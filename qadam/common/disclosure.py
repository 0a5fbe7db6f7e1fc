"""Statistical disclosure control: analysts never see a count below the minimum cell size.

A count of people (or of organisations a person could be told apart by) from 1 to
MIN_CELL - 1 is shown as "<5" to an analyst, on pages, exports and the API alike, so that a
fine filter cannot single a person out. Zero stays zero: it names nobody. Who is masked is the
caller's scope (`masks_small_counts`); what a masked cell looks like is `cell`.
"""

from collections.abc import Iterable, Mapping
from typing import Any

MIN_CELL = 5
SMALL = f"<{MIN_CELL}"


def cell(count: float | int | None, *, masked: bool) -> Any:
    """`count` as shown: "<5" when `masked` and 0 < count < MIN_CELL, else unchanged."""
    if masked and count is not None and 0 < count < MIN_CELL:
        return SMALL
    return count


def masked_rows(
    rows: Iterable[Mapping[str, Any]], *, masked: bool, keys: tuple[str, ...] = ("count",)
) -> list[dict[str, Any]]:
    """Copies of `rows` with each of `keys` passed through `cell`."""
    return [
        {name: cell(value, masked=masked) if name in keys else value for name, value in row.items()}
        for row in rows
    ]


def is_masked(value: Any) -> bool:
    return value == SMALL
