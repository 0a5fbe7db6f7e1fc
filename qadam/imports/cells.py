"""Cell types: one column's raw spreadsheet values to Python values, a message per bad cell.

A blank cell takes the column's default, or is an error when the column needs a value.
Identifiers (IIN, BIN) have their own module, identifier_cells.py.
"""

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from qadam.common.rules import Bound

# what a spreadsheet runs as a formula (qadam.common.xlsx neutralises the same on export)
FORMULA_FIRST = frozenset("=+-@\t\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d ]*(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
INTEGER = re.compile(r"[+-]?\d+")
DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
LANGUAGES = ("en", "ru", "kk")
SKIP = object()  # a cell already reported (a formula): the parsers leave it alone

Errors = list[tuple[int, str]]


class CellError(ValueError):
    """The cell's value is wrong; the message says how to fix it."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_formula(value: Any) -> bool:
    """Text that a spreadsheet would run as a formula and that is not a plain number."""
    if not isinstance(value, str):
        return False
    text = value.lstrip(" \u00a0")
    return text[:1] in FORMULA_FIRST and not PLAIN_NUMBER.fullmatch(text.strip())


def normalise(text: Any) -> str:
    """How headers and choice values are compared: case, spacing and ё do not matter."""
    return " ".join(str(text).split()).casefold().replace("ё", "е")


def as_text(value: Any) -> str:
    """A cell as the text a person typed (12 stays 12, not 12.0)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class Cell:
    """A column's type: `parse` turns one non-blank raw value into a Python value."""

    def parse(self, value: Any) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def parse_many(
        self, raw: Sequence[Any], *, required: bool, default: Any
    ) -> tuple[list[Any], Errors]:
        """Every cell of a column. Most columns repeat a few values (codes, choices, dates),
        so each distinct value is parsed once."""
        values: list[Any] = [default] * len(raw)
        errors: Errors = []
        memo: dict[Any, tuple[bool, Any]] = {}
        for index, value in enumerate(raw):
            if value is SKIP:
                values[index] = None
                continue
            # 1, 1.0 and True are equal keys in a dict; only text is keyed by itself
            key = value if value.__class__ is str else (value.__class__, value)
            found = memo.get(key)
            if found is None:
                found = memo[key] = self._parse_one(value, required)
            ok, result = found
            if ok:
                if result is not None:
                    values[index] = result
            else:
                errors.append((index, result))
        return values, errors

    def _parse_one(self, value: Any, required: bool) -> tuple[bool, Any]:
        """(True, the value or None for the default) or (False, the message)."""
        if value is None or (value.__class__ is str and not value.strip()):
            return (False, _("a value is required")) if required else (True, None)
        try:
            return True, self.parse(value)
        except CellError as error:
            return False, str(error)


class Text(Cell):
    def __init__(self, max_length: int, *, pad: int = 0) -> None:
        self.max_length = max_length
        self.pad = pad  # codes typed as numbers lose their leading zeros: KATO 1 is "01"

    def parse(self, value: Any) -> str:
        if self.pad and isinstance(value, int | float) and not isinstance(value, bool):
            text = as_text(value).zfill(self.pad)
        else:
            text = as_text(value)
        if len(text) > self.max_length:
            raise CellError(
                _("at most %(limit)d characters; this has %(length)d")
                % {"limit": self.max_length, "length": len(text)}
            )
        return text

    def describe(self) -> str:
        return _("text, at most %(limit)d characters") % {"limit": self.max_length}


class Country(Cell):
    def parse(self, value: Any) -> str:
        text = as_text(value).upper()
        if len(text) != 2 or not (text.isascii() and text.isalpha()):
            raise CellError(_("a two-letter ISO 3166 country code such as KZ or RU"))
        return text

    def describe(self) -> str:
        return _("two-letter ISO 3166 country code (KZ, RU, …)")


class Integer(Cell):
    """A whole number. Its range is the registry's rule, checked by the kind with the rules
    (so a file gets the service's message); `bound` only describes it in the template."""

    def __init__(self, bound: Bound | None = None) -> None:
        self.bound = bound

    def parse(self, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            text = value.translate(SPACES)
            if INTEGER.fullmatch(text):
                return int(text)
        raise CellError(_("a whole number"))

    def describe(self) -> str:
        if self.bound is None:
            return _("whole number")
        return _("whole number from %(minimum)s to %(maximum)s") % {
            "minimum": self.bound.low,
            "maximum": self.bound.high,
        }


def decimal_cell(value: Any) -> Decimal:
    """A cell's number as a Decimal (a comma works as the point too); CellError if none."""
    if isinstance(value, bool):
        raise CellError(_("a number"))
    text = repr(value) if isinstance(value, float) else str(value).translate(SPACES)
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise CellError(_("a number")) from None
    if not number.is_finite():
        raise CellError(_("a number"))
    return number


class Number(Cell):
    """A decimal with at most `places` digits after the point (a comma works too), within
    `minimum`..`maximum` when given; where the registry's rules hold the range, leave them
    out and pass the rule's `bound`, which only describes it."""

    def __init__(
        self,
        *,
        places: int,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        bound: Bound | None = None,
    ) -> None:
        self.places = places
        self.quantum = Decimal(1).scaleb(-places)
        self.minimum = minimum
        self.maximum = maximum
        self.shown = bound or (
            Bound(minimum, maximum) if minimum is not None and maximum is not None else None
        )

    def parse(self, value: Any) -> Decimal:
        number = decimal_cell(value)
        if (self.minimum is not None and number < self.minimum) or (
            self.maximum is not None and number > self.maximum
        ):
            raise CellError(
                _("must be between %(minimum)s and %(maximum)s")
                % {"minimum": self.minimum, "maximum": self.maximum}
            )
        try:
            rounded = number.quantize(self.quantum)
        except InvalidOperation:  # too many digits to have `places` decimals: the range refuses it
            return number
        if rounded != number:
            raise CellError(
                _("at most %(places)d digits after the point") % {"places": self.places}
            )
        return rounded

    def describe(self) -> str:
        if self.shown is None:
            return _("number, at most %(places)d decimals") % {"places": self.places}
        return _("number from %(minimum)s to %(maximum)s, at most %(places)d decimals") % {
            "minimum": self.shown.low,
            "maximum": self.shown.high,
            "places": self.places,
        }


class Date(Cell):
    def parse(self, value: Any) -> date:
        if isinstance(value, datetime):
            result = value.date()
        elif isinstance(value, date):
            result = value
        elif isinstance(value, str):
            result = self._from_text(value.strip())
        else:
            raise CellError(_("a date as YYYY-MM-DD or DD.MM.YYYY"))
        if not 1900 <= result.year <= 2100:
            raise CellError(_("the year must be between 1900 and 2100"))
        return result

    @staticmethod
    def _from_text(text: str) -> date:
        try:
            # ISO, with at most a midnight time after it
            if len(text) >= 10 and text[4] == "-" and text[10:].strip(" T0:.") == "":
                return date.fromisoformat(text[:10])
            match = DOTTED_DATE.fullmatch(text)
            if match:
                day, month, year = (int(part) for part in match.groups())
                return date(year, month, day)
        except ValueError:
            pass
        raise CellError(_("a date as YYYY-MM-DD or DD.MM.YYYY"))

    def describe(self) -> str:
        return _("date, YYYY-MM-DD or DD.MM.YYYY")


class Flag(Cell):
    """Yes or no: in Kazakh, Russian or English words, or TRUE/FALSE, 1/0 (blank: no)."""

    YES = frozenset({"yes", "y", "true", "1", "да", "д", "иә", "ия", "+"})
    NO = frozenset({"no", "n", "false", "0", "нет", "н", "жоқ", "-"})

    def parse(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = normalise(as_text(value))
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise CellError(_("да / нет, иә / жоқ, yes / no, 1 / 0"))

    def describe(self) -> str:
        # the words themselves, no sentence: the same in every language until translated
        return _("да / нет, иә / жоқ, yes / no, 1 / 0")


class Choice(Cell):
    """One of a TextChoices: its code, or its label in Kazakh, Russian or English."""

    def __init__(self, choices: type[TextChoices]) -> None:
        self.choices = choices
        self._lookup: dict[str, str] | None = None

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            lookup: dict[str, str] = {}
            for language in LANGUAGES:
                with translation.override(language):
                    for code, label in self.choices.choices:
                        lookup.setdefault(normalise(label), code)
            lookup.update({normalise(code): code for code in self.choices.values})
            self._lookup = lookup
        return self._lookup

    def parse(self, value: Any) -> str:
        code = self.lookup().get(normalise(as_text(value)))
        if code is None:
            raise CellError(_("unknown value; use one of: %(codes)s") % {"codes": self.codes()})
        return code

    def codes(self) -> str:
        """Each code with its label in the reader's language where the two differ:
        "active (обучается), …"."""
        return ", ".join(
            code if str(label).lower().replace(" ", "_") == code else f"{code} ({label})"
            for code, label in self.choices.choices
        )

    def describe(self) -> str:
        return _("one of: %(codes)s (or the label in kk, ru or en)") % {"codes": self.codes()}


class Languages(Cell):
    """Languages of instruction: codes kk, ru, en separated by commas."""

    def parse(self, value: Any) -> str:
        codes = [code for code in re.split(r"[\s,;]+", as_text(value).lower()) if code]
        unknown = sorted(set(codes) - set(LANGUAGES))
        if unknown or not codes:
            raise CellError(_("language codes kk, ru, en separated by commas"))
        return ",".join(dict.fromkeys(codes))

    def describe(self) -> str:
        return _("language codes kk, ru, en separated by commas")
