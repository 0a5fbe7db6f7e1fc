"""A file's rows as parsed columns, and the report of every bad cell."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from qadam.imports.cells import FORMULA_FIRST, SKIP, as_text, is_formula
from qadam.imports.columns import Column, HeaderMap

MAX_VALUE_SHOWN = 80
MAYBE_FORMULA = FORMULA_FIRST | {" ", "\u00a0"}  # cheap test before the full one


@dataclass(frozen=True)
class RowError:
    """One bad cell: its row as the spreadsheet numbers it, its column's header, the value
    found and what is wrong with it."""

    row: int
    column: str
    value: str
    message: str

    def line(self) -> str:
        if self.value:
            return _("row %(row)d, %(column)s: %(message)s (found “%(value)s”)") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
                "value": self.value,
            }
        return _("row %(row)d, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_list(self) -> list[Any]:
        return [self.row, self.column, self.value, self.message]


def shown(value: Any) -> str:
    text = "" if value is None or value is SKIP else as_text(value)
    return text if len(text) <= MAX_VALUE_SHOWN else text[: MAX_VALUE_SHOWN - 1] + "…"


class Table:
    """The rows of a file by column: raw cells, parsed values, and the errors found so far.

    `index` below is a row's position among the data rows (0-based); `numbers[index]` is the
    row number the user sees in their spreadsheet.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        header: HeaderMap,
        rows: Sequence[tuple[int, list[Any]]],
    ) -> None:
        self.columns = {column.name: column for column in columns}
        self.headers = header.headers
        self.numbers = [number for number, _cells in rows]
        self.size = len(rows)
        self.raw: dict[str, list[Any]] = {}
        for name, position in header.positions.items():
            self.raw[name] = [
                cells[position] if position < len(cells) else None for _number, cells in rows
            ]
        self.values: dict[str, list[Any]] = {}
        self.errors: list[RowError] = []
        self.bad = bytearray(self.size)

    def has(self, name: str) -> bool:
        return name in self.raw

    def column(self, name: str) -> list[Any]:
        """The parsed values of a column; the default for every row when the file lacks it."""
        if name in self.values:
            return self.values[name]
        return [self.columns[name].default] * self.size

    def label(self, name: str) -> str:
        """The column as the file's header names it (else its label in the active language)."""
        return self.headers.get(name) or self.columns[name].label()

    def error(self, index: int, name: str, message: str, value: Any = SKIP) -> None:
        raw = self.raw.get(name)
        if value is SKIP:
            value = raw[index] if raw is not None else None
        self.errors.append(RowError(self.numbers[index], self.label(name), shown(value), message))
        self.bad[index] = 1

    def ok(self, index: int) -> bool:
        return not self.bad[index]

    def refuse_formulas(self) -> None:
        """A text cell a spreadsheet would run as a formula is refused, wherever it is."""
        message = _(
            "starts with =, +, - or @ and is not a number: a spreadsheet would run it as a "
            "formula, so Qadam refuses it"
        )
        for name, raw in self.raw.items():
            for index, value in enumerate(raw):
                if value.__class__ is str and value[:1] in MAYBE_FORMULA and is_formula(value):
                    self.error(index, name, message)
                    raw[index] = SKIP

    def parse(self) -> None:
        """Every present column through its cell type."""
        for name, raw in self.raw.items():
            column = self.columns[name]
            values, errors = column.cell.parse_many(
                raw, required=column.required, default=column.default
            )
            self.values[name] = values
            for index, message in errors:
                self.error(index, name, message)

    def sorted_errors(self) -> list[RowError]:
        order = {column.label(): position for position, column in enumerate(self.columns.values())}
        order.update({self.label(name): position for position, name in enumerate(self.columns)})
        return sorted(self.errors, key=lambda error: (error.row, order.get(error.column, 999)))
