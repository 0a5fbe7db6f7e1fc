"""Files to import, written on the fly, and rows that are valid in conftest's world."""

import csv
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from qadam.imports.kinds import KINDS, Context
from qadam.imports.pipeline import Outcome, import_file
from qadam.placements.tests.conftest import open_round, pipe_hr, published  # noqa: F401
from qadam.registry.tests.factories import bin_for, iin_for

STUDENT_COLUMNS = [
    "iin", "last_name", "first_name", "middle_name", "region_kato", "institution_code",
    "specialty_code", "language", "form", "year_of_study", "funding", "status",
    "enrolled_on", "expected_graduation_on", "grade_average", "rural", "disability",
]  # fmt: skip

Writer = Callable[..., Path]


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English here; the language tests ask for kk/ru explicitly."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """write(header, rows, name="file.csv", encoding=..., delimiter=...) -> the file's path;
    .xlsx names give a workbook, anything else CSV text."""

    def make(
        header: Sequence[Any],
        rows: Sequence[Sequence[Any]],
        name: str = "file.csv",
        *,
        encoding: str = "utf-8",
        delimiter: str = ",",
    ) -> Path:
        path = tmp_path / name
        if name.endswith(".xlsx"):
            workbook = Workbook()
            sheet = workbook.active
            sheet.append(list(header))
            for row in rows:
                sheet.append(list(row))
            workbook.save(path)
        else:
            with path.open("w", encoding=encoding, newline="") as stream:
                writer = csv.writer(stream, delimiter=delimiter)
                writer.writerow(header)
                writer.writerows(rows)
        return path

    return make


def run(kind: str, path: Path, context: Context | None = None, *, commit: bool = True) -> Outcome:
    return import_file(KINDS[kind], path, context or Context(), commit=commit)


def new_iin(n: int) -> str:
    """An IIN no factory hands out (serials from 3,000 up)."""
    return iin_for(date(2006, 1, 1) + timedelta(days=n), "M" if n % 2 else "F", 3000 + n)


def new_bin(n: int) -> str:
    return bin_for(date(2019, 3, 1), 40_000 + n)


def student_row(world: Any, n: int = 0, **changes: Any) -> list[Any]:
    """A valid new student of college A's first program, as a row of STUDENT_COLUMNS."""
    program = world.programs_a[0]
    values = {
        "iin": new_iin(n),
        "last_name": f"Жаксылыков{n}",
        "first_name": "Ерлан",
        "middle_name": "Бекұлы",
        "region_kato": world.region_a.kato,
        "institution_code": world.college_a.code,
        "specialty_code": program.specialty.code,
        "language": program.language,
        "form": program.form,
        "year_of_study": 1,
        "funding": "state_order",
        "status": "active",
        "enrolled_on": "2025-09-01",
        "expected_graduation_on": "2028-06-30",
        "grade_average": "4.50",
        "rural": "нет",
        "disability": "",
    }
    values.update(changes)
    return [values[name] for name in STUDENT_COLUMNS]


def errors_of(outcome: Outcome) -> dict[tuple[int, str], str]:
    """The errors by (row, column): the message."""
    return {(row, column): message for row, column, _value, message in outcome.errors}


# --- agreements and obligations: two agreements, and the obligations' columns -------------

AGREEMENT_HEADER = [
    "number",
    "kind",
    "title",
    "status",
    "starts_on",
    "ends_on",
    "party_institutions",
    "party_enterprises",
    "party_others",
]


def agreement_rows(world: Any) -> list[list[Any]]:
    """П-2026/1, signed: college A (beneficiary), the enterprise (patron) and the ministry;
    М-2026/2, a draft: colleges A and B."""
    return [
        [
            "П-2026/1",
            "patronage",
            "Шефство над колледжем",
            "signed",
            "2026-01-01",
            "2028-12-31",
            f"{world.college_a.code}|beneficiary",
            f"{world.enterprise.bin}|patron",
            "Министерство просвещения|ministry|KZ|funder",
        ],
        [
            "М-2026/2",
            "memorandum",
            "Меморандум",
            "",
            "",
            "",
            f"{world.college_a.code}; {world.college_b.code}|partner",
            "",
            "",
        ],
    ]


OBLIGATION_HEADER = [
    "agreement_number",
    "kind",
    "beneficiary_code",
    "due_on",
    "target",
    "promised_by",
    "description",
]
