"""Statistical disclosure control: analysts never see a count below the minimum cell size.

A count of people (or of organisations a person could be told apart by) from 1 to
MIN_CELL - 1 is shown as "<5" to an analyst, on pages, exports and the API alike, so that a
fine filter cannot single a person out. Zero stays zero: it names nobody. Who is masked is the
caller's scope (`masks_small_counts`); what a masked cell looks like is `cell`.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models import Case, Value, When
from django.db.models.functions import Cast
from django.db.models.lookups import LessThan

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


def total_shown_across(total: int, breakdowns: Iterable[Iterable[int]], *, masked: bool) -> Any:
    """`total` shown beside several breakdowns of it (by region, by specialty, ...), each of
    exact counts: "≥ N" when any breakdown would give a masked cell away (N the smallest sum of
    a breakdown's exact cells), else the total through `cell`."""
    if not masked:
        return total
    if 0 < total < MIN_CELL:
        return SMALL
    bounds = []
    for counts in breakdowns:
        hidden = [value for value in counts if 0 < value < MIN_CELL]
        if len(hidden) == 1 or 0 < sum(hidden) < MIN_CELL:
            bounds.append(total - sum(hidden))
    if bounds:
        return f"≥ {min(bounds):,}"
    return cell(total, masked=masked)


def share_shown(part: Any, whole: Any, *, digits: int = 1) -> float | None:
    """`part` in per cent of `whole`; None when either is masked (a share of exact counts
    would give a masked one away), 0.0 of nothing."""
    if is_masked(part) or is_masked(whole) or isinstance(part, str) or isinstance(whole, str):
        return None
    return round(100.0 * part / whole, digits) if whole else 0.0


def bar_lengths(values: Iterable[Any]) -> tuple[list[Any], list[str]]:
    """A chart's bar lengths and labels: a masked or withheld (None) value is a bar of no
    length labelled "<5", so a chart never draws a masked count back."""
    lengths, labels = [], []
    for value in values:
        hidden = value is None or isinstance(value, str)
        lengths.append(0 if hidden else value)
        labels.append(SMALL if hidden else "")
    return lengths, labels


class CountCellField(models.CharField):
    """The output of `cell_expression`: the exact count as an int, or "<5"."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == SMALL:
            return value
        return int(value)


def cell_expression(expression: Any, *, masked: bool) -> Any:
    """`cell` in SQL, for an annotation read by a page, its export and its API alike:
    `expression` (an integer) unchanged when not `masked`, else "<5" from 1 to MIN_CELL - 1
    and the count (read back as an int) otherwise."""
    if not masked:
        return expression
    exact = Cast(expression, models.CharField())
    return Case(
        When(LessThan(expression, 1), then=exact),  # zero names nobody
        When(LessThan(expression, MIN_CELL), then=Value(SMALL)),
        default=exact,
        output_field=CountCellField(),
    )
