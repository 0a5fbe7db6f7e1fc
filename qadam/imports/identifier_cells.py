"""IIN and BIN cells, checked for the whole column at once by the registry's vectorised
checks (`parse_iins`, `bins_valid`); a bad one gets the message the registry's services
give for it (the rules' `iin_derived`, the BIN validator), word for word."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from qadam.imports.cells import SKIP, SPACES, Cell, CellError, Errors, as_text, is_blank
from qadam.registry.identifiers import IdentifierError, bins_valid, parse_iins, validate_bin
from qadam.registry.rules import iin_derived


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
            if value.__class__ is str and len(value) == 12 and value.isdigit():
                texts.append(value)  # the usual cell, as it is: no cleaning to do
                positions.append(index)
            elif value is SKIP:
                values[index] = None
            elif is_blank(value):
                if required:
                    errors.append((index, _("a value is required")))
            else:
                texts.append(_identifier_text(value))
                positions.append(index)
        if texts:
            # each distinct number checked once (an extract repeats its employers' BINs)
            distinct = list(dict.fromkeys(texts))
            checked = parse_iins(distinct).valid if self.label == "IIN" else bins_valid(distinct)
            valid = dict(zip(distinct, checked.tolist(), strict=True))
            for text, index in zip(texts, positions, strict=True):
                if valid[text]:
                    values[index] = text
                else:
                    errors.append((index, self.message(text)))
        errors.sort()
        return values, errors

    def message(self, text: str) -> str:
        """What the registry says of this bad number (a form, the API and a file alike)."""
        if self.label == "IIN":
            found = iin_derived(text)[1].get("iin")
            if found:
                return found[0]
        else:
            try:
                validate_bin(text)
            except IdentifierError as error:
                return str(error)
        return _("not a valid %(label)s") % {"label": self.label}


def _identifier_text(value: Any) -> str:
    # a number cell loses the leading zero of everyone born in 2000-2009
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**12:
        return f"{value:012d}"
    if isinstance(value, float) and value.is_integer() and 0 <= value < 10**12:
        return f"{int(value):012d}"
    return as_text(value).translate(SPACES)
