"""Kazakhstan's 12-digit IIN (persons) and BIN (organisations): structure and check digit.

Both end in a check digit computed the same way: the first eleven digits weighted 1..11,
summed mod 11; if that is 10, weighted 3..11,1,2 instead; a second 10 means the number
is never issued.

`parse_iin` and `validate_bin` check one number and say what is wrong with it; `parse_iins`
and `bins_valid` give the same verdict for a whole column at once (the bulk import), and a
property test holds them to it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils.translation import gettext as _

WEIGHTS_FIRST = np.arange(1, 12, dtype=np.int64)
WEIGHTS_SECOND = np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], dtype=np.int64)
CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}
BIN_ENTITY_TYPES = {"4", "5", "6"}
BIN_UNIT_TYPES = {"0", "1", "2", "3", "4"}


class IdentifierError(ValueError):
    """The number is malformed; the message says which part is wrong."""


@dataclass(frozen=True)
class PersonFromIin:
    birth_date: date
    sex: str  # "M" or "F"


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven digits, or None when no valid number has them."""
    digits = np.frombuffer(first_eleven.encode(), dtype=np.uint8).astype(np.int64) - 48
    remainder = int(digits @ WEIGHTS_FIRST) % 11
    if remainder == 10:
        remainder = int(digits @ WEIGHTS_SECOND) % 11
    return None if remainder == 10 else remainder


def _require_digits(value: str, label: str) -> str:
    value = (value or "").strip()
    if len(value) != 12 or not (value.isascii() and value.isdigit()):
        raise IdentifierError(
            _("%(label)s must be exactly 12 digits, got %(value)s")
            % {"label": label, "value": repr(value)}
        )
    return value


def _verify_check_digit(value: str, label: str) -> None:
    expected = check_digit(value[:11])
    if expected is None:
        raise IdentifierError(
            _("%(label)s %(value)s: no check digit is valid for these first 11 digits")
            % {"label": label, "value": value}
        )
    if expected != int(value[11]):
        raise IdentifierError(
            _("%(label)s check digit should be %(expected)s, not %(actual)s")
            % {"label": label, "expected": expected, "actual": value[11]}
        )


def parse_iin(value: str) -> PersonFromIin:
    """Validate an IIN and return the birth date and sex it encodes."""
    value = _require_digits(value, _("IIN"))
    century_digit = int(value[6])
    if century_digit not in CENTURY_BY_DIGIT:
        raise IdentifierError(
            _(
                "IIN century digit (7th) is %(digit)s; it must be 1–6 "
                "(1–2: born 1800s, 3–4: 1900s, 5–6: 2000s)"
            )
            % {"digit": century_digit}
        )
    year = CENTURY_BY_DIGIT[century_digit] + int(value[0:2])
    try:
        born = date(year, int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise IdentifierError(
            _("IIN date part %(part)s is not a real date (YYMMDD, here %(date)s)")
            % {"part": value[:6], "date": f"{year}-{value[2:4]}-{value[4:6]}"}
        ) from None
    _verify_check_digit(value, _("IIN"))
    return PersonFromIin(birth_date=born, sex="M" if century_digit % 2 else "F")


def validate_bin(value: str) -> str:
    """Validate a BIN (YYMM, entity type, unit type, serial, check digit); return it."""
    value = _require_digits(value, _("BIN"))
    if not 1 <= int(value[2:4]) <= 12:
        raise IdentifierError(
            _("BIN registration month %(month)s must be 01–12") % {"month": value[2:4]}
        )
    if value[4] not in BIN_ENTITY_TYPES:
        raise IdentifierError(
            _(
                "BIN entity-type digit (5th) is %(digit)s; it must be 4 (resident legal entity), "
                "5 (non-resident) or 6 (joint individual entrepreneurship)"
            )
            % {"digit": value[4]}
        )
    if value[5] not in BIN_UNIT_TYPES:
        raise IdentifierError(
            _("BIN unit-type digit (6th) is %(digit)s; it must be 0–4") % {"digit": value[5]}
        )
    _verify_check_digit(value, _("BIN"))
    return value


def check_digits_many(first_eleven: np.ndarray) -> np.ndarray:
    """Vectorised check digits for an (n, 11) int array; -1 where no digit is valid."""
    first = (first_eleven @ WEIGHTS_FIRST) % 11
    second = (first_eleven @ WEIGHTS_SECOND) % 11
    result = np.where(first == 10, second, first)
    return np.where(result == 10, -1, result)


@dataclass(frozen=True)
class PeopleFromIins:
    """What a column of IINs encodes: per value, whether `parse_iin` accepts it, and the
    birth date and sex where it does (None where it does not)."""

    valid: np.ndarray  # bool, one per value
    birth_dates: list[date | None]
    sexes: list[str | None]


def _twelve_digits(values: Sequence[str | None]) -> tuple[list[int], np.ndarray]:
    """The positions of the values that are 12 ASCII digits (after stripping, as
    `_require_digits` does) and those values as an (n, 12) int64 array."""
    positions: list[int] = []
    texts: list[str] = []
    for position, value in enumerate(values):
        text = (value or "").strip()
        if len(text) == 12 and text.isascii() and text.isdigit():
            positions.append(position)
            texts.append(text)
    raw = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8)
    return positions, raw.reshape(-1, 12).astype(np.int64) - 48


def _check_digit_ok(digits: np.ndarray) -> np.ndarray:
    return check_digits_many(digits[:, :11]) == digits[:, 11]


def parse_iins(values: Sequence[str | None]) -> PeopleFromIins:
    """`parse_iin` for a whole column: 12 digits, a century digit 1-6, a real date of birth
    and the right check digit; numpy does the arithmetic for every value at once."""
    count = len(values)
    valid = np.zeros(count, dtype=bool)
    birth_dates: list[date | None] = [None] * count
    sexes: list[str | None] = [None] * count
    positions, digits = _twelve_digits(values)
    if not positions:
        return PeopleFromIins(valid, birth_dates, sexes)
    century = digits[:, 6]
    year = np.select([century <= 2, century <= 4], [1800, 1900], 2000) + (
        digits[:, 0] * 10 + digits[:, 1]
    )
    month = digits[:, 2] * 10 + digits[:, 3]
    day = digits[:, 4] * 10 + digits[:, 5]
    first = ((year - 1970) * 12 + np.clip(month, 1, 12) - 1).astype("datetime64[M]")
    first_day = first.astype("datetime64[D]")
    month_length = ((first + 1).astype("datetime64[D]") - first_day).astype(np.int64)
    good = (
        (century >= 1)
        & (century <= 6)
        & (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (day <= month_length)
        & _check_digit_ok(digits)
    )
    born = (first_day + (np.clip(day, 1, 31) - 1)).tolist()
    male = (century % 2 == 1).tolist()
    for row, position in enumerate(positions):
        if good[row]:
            valid[position] = True
            birth_dates[position] = born[row]
            sexes[position] = "M" if male[row] else "F"
    return PeopleFromIins(valid, birth_dates, sexes)


def bins_valid(values: Sequence[str | None]) -> np.ndarray:
    """`validate_bin` for a whole column: whether each value is a valid BIN."""
    valid = np.zeros(len(values), dtype=bool)
    positions, digits = _twelve_digits(values)
    if positions:
        month = digits[:, 2] * 10 + digits[:, 3]
        valid[positions] = (
            (month >= 1)
            & (month <= 12)
            & np.isin(digits[:, 4], (4, 5, 6))
            & (digits[:, 5] <= 4)
            & _check_digit_ok(digits)
        )
    return valid
