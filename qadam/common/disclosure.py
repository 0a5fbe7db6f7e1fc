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
# the roles that read national counts but no person's record (accounts.roles.Role values;
# common sits below accounts, so the value, not the enum)
MASKED_ROLES = frozenset({"analyst"})


def masks_small_counts(role: str) -> bool:
    """Whether a user of `role` sees counts from 1 to MIN_CELL - 1 as "<5"."""
    return role in MASKED_ROLES


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


def total_shown(counts: Iterable[int], *, masked: bool) -> Any:
    """The total of `counts` shown beside them (`counts` exact, as counted). With one masked
    cell among them, or masked cells that add up to less than MIN_CELL, the exact total would
    give them away (the total minus the others), so it is "≥ N", N the sum of the cells shown
    exactly; else the total itself, through `cell`."""
    values = list(counts)
    total = sum(values)
    if not masked:
        return total
    hidden = [value for value in values if 0 < value < MIN_CELL]
    if len(hidden) == 1 or 0 < sum(hidden) < MIN_CELL:
        return f"≥ {total - sum(hidden):,}"
    return cell(total, masked=masked)
