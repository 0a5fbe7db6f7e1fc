"""IIN and BIN cells, checked for the whole column at once with numpy; the exact message for
a bad one comes from `qadam.registry.identifiers`, as on every other page."""

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from qadam.imports.cells import SKIP, SPACES, Cell, CellError, Errors, as_text, is_blank
from qadam.registry.identifiers import IdentifierError, check_digits_many, parse_iin, validate_bin


class Identifier(Cell):
    """A 12-digit IIN or BIN, checked for the whole column at once."""

    def __init__(self, label: str) -> None:
        self.label = label  # "IIN" or "BIN"

    def parse(self, value: Any) -> str:  # one cell; parse_many is the fast path
        values, errors = self.parse_many([value], required=True, default=None)
        if errors:
            raise CellError(errors[0][1])
        return str(values[0])

    def describe(self) -> str:
        return _("12 digits with a valid check digit (%(label)s)") % {"label": self.label}

    def parse_many(
        self, raw: Sequence[Any], *, required: bool, default: Any
    ) -> tuple[list[Any], Errors]:
        values: list[Any] = [default] * len(raw)
        errors: Errors = []
        texts: list[str] = []
        positions: list[int] = []
        for index, value in enumerate(raw):
            if value is SKIP:
                values[index] = None
            elif is_blank(value):
                if required:
                    errors.append((index, _("a value is required")))
            else:
                text = _identifier_text(value)
                if len(text) == 12 and text.isascii() and text.isdigit():
                    texts.append(text)
                    positions.append(index)
                else:
                    errors.append((index, self.message(text)))
        if texts:
            digits = digit_matrix(texts)
            valid = iin_valid(digits) if self.label == "IIN" else bin_valid(digits)
            for text, index, good in zip(texts, positions, valid.tolist(), strict=True):
                if good:
                    values[index] = text
                else:
                    errors.append((index, self.message(text)))
        errors.sort()
        return values, errors

    def message(self, text: str) -> str:
        try:
            parse_iin(text) if self.label == "IIN" else validate_bin(text)
        except IdentifierError as error:
            return str(error).removeprefix(f"{self.label} ")
        return _("not a valid %(label)s") % {"label": self.label}


def _identifier_text(value: Any) -> str:
    # a number cell loses the leading zero of everyone born in 2000-2009
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**12:
        return f"{value:012d}"
    if isinstance(value, float) and value.is_integer() and 0 <= value < 10**12:
        return f"{int(value):012d}"
    return as_text(value).translate(SPACES)


def digit_matrix(texts: list[str]) -> np.ndarray:
    """12-digit strings as an (n, 12) int64 array."""
    raw = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8)
    return raw.reshape(-1, 12).astype(np.int64) - 48


def _check_digit_ok(digits: np.ndarray) -> np.ndarray:
    return check_digits_many(digits[:, :11]) == digits[:, 11]


def iin_dates(digits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Birth dates (datetime64[D]) encoded in IINs, and whether each is a real date."""
    century = digits[:, 6]
    year = np.select([century <= 2, century <= 4], [1800, 1900], 2000) + (
        digits[:, 0] * 10 + digits[:, 1]
    )
    month = digits[:, 2] * 10 + digits[:, 3]
    day = digits[:, 4] * 10 + digits[:, 5]
    first = ((year - 1970) * 12 + np.clip(month, 1, 12) - 1).astype("datetime64[M]")
    days_in_month = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(
        np.int64
    )
    real = (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month)
    born = first.astype("datetime64[D]") + (np.clip(day, 1, 31) - 1)
    return born, real & (century >= 1) & (century <= 6)


def iin_valid(digits: np.ndarray) -> np.ndarray:
    return iin_dates(digits)[1] & _check_digit_ok(digits)


def bin_valid(digits: np.ndarray) -> np.ndarray:
    month = digits[:, 2] * 10 + digits[:, 3]
    return (
        (month >= 1)
        & (month <= 12)
        & np.isin(digits[:, 4], (4, 5, 6))
        & (digits[:, 5] <= 4)
        & _check_digit_ok(digits)
    )


def iin_people(iins: list[str]) -> tuple[list[date], list[str]]:
    """The birth date and sex ("M"/"F") that valid IINs encode."""
    if not iins:
        return [], []
    digits = digit_matrix(iins)
    born, _real = iin_dates(digits)
    sex = np.where(digits[:, 6] % 2 == 1, "M", "F")
    return born.tolist(), sex.tolist()
