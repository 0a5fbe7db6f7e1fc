"""Staffing plans as spreadsheets: read with errors by row and column, written to read back."""

import zipfile
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from qadam.common.xlsx import write_xlsx
from qadam.planning.choices import Phase, PlanLevel
from qadam.planning.rules import requirement_errors

COLUMNS = ("specialty_code", "isco_code", "qualification_level", "phase", "year", "headcount")
MAX_DATA_ROWS = 100_000
MAX_ERRORS = 50
# A specialty's catalogue level -> the plan level it fills; applied bachelors are
# trained by colleges alongside mid-level specialists.
PLAN_LEVEL_OF_SPECIALTY = {
    "worker": PlanLevel.WORKER.value,
    "mid_level_specialist": PlanLevel.MID_LEVEL.value,
    "applied_bachelor": PlanLevel.MID_LEVEL.value,
}
NOT_AN_XLSX = "the file is not an XLSX workbook (save it from Excel or LibreOffice as .xlsx)"


class PlanImportError(ValueError):
    """A plan that cannot be imported; `errors` lists what to fix (at most 50 and a count)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class PlanRow:
    """One line of a staffing plan: `row` is its row number in the spreadsheet."""

    row: int
    specialty_code: str | None
    isco_code: str | None
    level: str
    phase: str
    year: int
    headcount: int


class PlanLine(Protocol):
    """What `write_plan` reads from a row: a PlanRow or an npp_template.TemplateRow."""

    @property
    def specialty_code(self) -> str | None: ...
    @property
    def isco_code(self) -> str | None: ...
    @property
    def level(self) -> str: ...
    @property
    def phase(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def headcount(self) -> int: ...


class ErrorLog:
    """The first MAX_ERRORS messages and a count of the rest."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.overflow = 0

    @property
    def count(self) -> int:
        return len(self.messages) + self.overflow

    def add(self, message: str) -> None:
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(message)
        else:
            self.overflow += 1

    def raise_if_any(self) -> None:
        if self.overflow:
            self.messages.append(f"… and {self.overflow} more")
        if self.messages:
            raise PlanImportError(self.messages)


# --- writing -------------------------------------------------------------------------------


def write_plan(path: Path, rows: Iterable[PlanLine]) -> int:
    """Write `rows` as a plan that `read_plan` reads back unchanged; returns the row count."""
    return write_xlsx(
        path,
        COLUMNS,
        (
            (row.specialty_code, row.isco_code, row.level, row.phase, row.year, row.headcount)
            for row in rows
        ),
    )


# --- reading -------------------------------------------------------------------------------


def read_plan(
    source: BinaryIO | Path,
    *,
    specialties: Mapping[str, str],
    occupations: Collection[str],
) -> list[PlanRow]:
    """The plan's rows, or PlanImportError listing every problem by row and column.

    `specialties` maps a specialty code to its catalogue qualification level;
    `occupations` holds the known ISCO-08 codes.
    """
    header, data = _read_sheet(source)
    positions = _column_positions(header)
    errors = ErrorLog()
    rows = []
    for number, values in data:
        row = _parse_row(number, values, positions, errors, specialties, occupations)
        if row is not None:
            rows.append(row)
    _check_duplicates(rows, errors)
    errors.raise_if_any()
    return rows


Cells = tuple[Any, ...]


def _read_sheet(source: BinaryIO | Path) -> tuple[Cells, list[tuple[int, Cells]]]:
    """The header and the non-blank data rows with their row numbers."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise PlanImportError([NOT_AN_XLSX]) from error
    try:
        lines = enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
        header = next(lines, (1, ()))[1]
        if _is_blank(header):
            raise PlanImportError([f"row 1: no header; expected the columns {', '.join(COLUMNS)}"])
        data: list[tuple[int, Cells]] = []
        for number, values in lines:
            if _is_blank(values):
                continue
            if len(data) == MAX_DATA_ROWS:
                raise PlanImportError(
                    [f"more than {MAX_DATA_ROWS:,} data rows: split the plan into several files"]
                )
            data.append((number, values))
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise PlanImportError([NOT_AN_XLSX]) from error
    finally:
        workbook.close()
    if not data:
        raise PlanImportError(["the sheet has no data rows below the header"])
    return header, data


def _is_blank(values: tuple[Any, ...]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _column_positions(header: tuple[Any, ...]) -> dict[str, int]:
    """Column name -> index; raises PlanImportError for missing, unknown or repeated titles."""
    positions: dict[str, int] = {}
    problems = []
    for index, title in enumerate(header):
        if title is None or not str(title).strip():
            continue  # blank titles past the last column
        name = str(title).strip().lower()
        if name not in COLUMNS:
            problems.append(f"row 1, column {name!r}: not a plan column")
        elif name in positions:
            problems.append(f"row 1, column {name!r}: appears twice")
        else:
            positions[name] = index
    missing = [name for name in COLUMNS if name not in positions]
    if missing:
        problems.append(f"row 1: missing columns {', '.join(missing)}")
    if problems:
        problems.append(f"row 1: the columns are {', '.join(COLUMNS)}, in any order")
        raise PlanImportError(problems)
    return positions


# --- one row -------------------------------------------------------------------------------


def _parse_row(
    number: int,
    values: tuple[Any, ...],
    positions: Mapping[str, int],
    errors: ErrorLog,
    specialties: Mapping[str, str],
    occupations: Collection[str],
) -> PlanRow | None:
    """The row as a PlanRow, or None after logging each of its problems."""
    errors_before = errors.count

    def raw(column: str) -> Any:
        index = positions[column]
        return values[index] if index < len(values) else None

    def cell(column: str, parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(raw(column))
        except ValueError as error:
            errors.add(f"row {number}, {column}: {error}")
            return None

    if _text(raw("specialty_code")) is None and _text(raw("isco_code")) is None:
        errors.add(f"row {number}, specialty_code: give a specialty_code, an isco_code or both")
    specialty = cell("specialty_code", lambda value: _specialty(value, specialties))
    isco = cell("isco_code", lambda value: _isco(value, occupations))
    level = cell("qualification_level", lambda value: _choice(value, PlanLevel.values))
    phase = cell("phase", lambda value: _choice(value, Phase.values))
    year = cell("year", _whole_number)
    headcount = cell("headcount", _whole_number)
    # the ranges are the rules' (a requirement saved any other way meets the same ones)
    ranges = requirement_errors({"year": year, "headcount": headcount})
    for column, value in (("year", year), ("headcount", headcount)):
        for message in ranges.get(column, []):
            errors.add(f"row {number}, {column}: {value} — {message}")
    if specialty is not None and level is not None:
        trains = specialties[specialty]
        if PLAN_LEVEL_OF_SPECIALTY.get(trains) != level:
            errors.add(
                f"row {number}, qualification_level: {level!r} does not match specialty "
                f"{specialty}, which trains {trains}"
            )
    if errors.count > errors_before:
        return None
    return PlanRow(number, specialty, isco, level, phase, year, headcount)


def _text(raw: Any) -> str | None:
    """A cell as trimmed text; whole numbers lose their '.0'; blank is None."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    return text or None


def _specialty(raw: Any, specialties: Mapping[str, str]) -> str | None:
    code = _text(raw)
    if code is None:
        return None
    code = code.upper()
    if code not in specialties:
        raise ValueError(f"{code!r} is not in the specialty catalogue")
    return code


def _isco(raw: Any, occupations: Collection[str]) -> str | None:
    code = _text(raw)
    if code is None:
        return None
    # A code typed as a number loses its leading zero (0110 -> 110).
    if code not in occupations and code.isdigit() and code.zfill(4) in occupations:
        code = code.zfill(4)
    if code not in occupations:
        raise ValueError(f"{code!r} is not a known ISCO-08 code")
    return code


def _choice(raw: Any, allowed: list[str]) -> str:
    value = (_text(raw) or "").lower()
    if value not in allowed:
        shown = repr(value) if value else "empty"
        raise ValueError(f"{shown} is not one of {', '.join(allowed)}")
    return value


def _whole_number(raw: Any) -> int:
    """An integer from a number or text such as '12' or '12.0'; refuses 12.5 and words."""
    if isinstance(raw, bool) or raw is None:
        raise ValueError(f"{raw!r} is not a whole number" if raw is not None else "empty")
    if isinstance(raw, int):
        return raw
    try:
        number = float(str(raw).strip())
    except ValueError:
        raise ValueError(f"{raw!r} is not a whole number") from None
    if not number.is_integer():
        raise ValueError(f"{raw!r} is not a whole number")
    return int(number)


def _check_duplicates(rows: Iterable[PlanRow], errors: ErrorLog) -> None:
    first_row: dict[tuple[Any, ...], int] = {}
    for row in rows:
        key = (row.specialty_code, row.isco_code, row.level, row.phase, row.year)
        if key in first_row:
            errors.add(
                f"row {row.row}, specialty_code/isco_code/qualification_level/phase/year: "
                f"the same as row {first_row[key]}"
            )
        else:
            first_row[key] = row.row
