"""What every app's rules share: field errors, and realistic ranges for numbers that size a
computation (durations, seats, hours, money), enforced by the rules and by CHECK constraints."""

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

FieldErrors = dict[str, list[str]]
Number = int | float | Decimal


@dataclass(frozen=True)
class Bound:
    """A number's realistic range, both ends included."""

    low: Number
    high: Number

    def message(self) -> str:
        return _("Must be from %(low)s to %(high)s.") % {"low": self.low, "high": self.high}

    def holds(self, value: Any) -> bool:
        return value is None or self.low <= value <= self.high


def add_error(errors: MutableMapping[str, list[str]], field: str, message: str) -> None:
    messages = errors.setdefault(field, [])
    if message not in messages:
        messages.append(message)


def bound_errors(row: Mapping[str, Any], bounds: Mapping[str, Bound]) -> FieldErrors:
    """An error for every bounded field of `row` outside its range (a missing or empty
    value is left to the field's own "required" check)."""
    errors: FieldErrors = {}
    for field, bound in bounds.items():
        value = row.get(field)
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            continue
        if not bound.holds(value):
            add_error(errors, field, bound.message())
    return errors


def merge(*parts: Mapping[str, list[str]]) -> FieldErrors:
    errors: FieldErrors = {}
    for part in parts:
        for field, messages in part.items():
            for message in messages:
                add_error(errors, field, message)
    return errors
