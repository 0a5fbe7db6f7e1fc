"""Staffing plans in XLSX: the round trip, and an error by row and column for each rule."""

import dataclasses
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from qadam.planning import npp_template, plan_xlsx
from qadam.planning.plan_xlsx import COLUMNS, PlanImportError, PlanRow, read_plan, write_plan

SPECIALTIES = {
    "Q-CO-002": "worker",
    "Q-CO-003": "mid_level_specialist",
    "Q-NU-011": "applied_bachelor",
}
OCCUPATIONS = {"2151", "2142", "0110"}
GOOD = {
    "specialty_code": "Q-CO-002",
    "isco_code": None,
    "qualification_level": "worker",
    "phase": "construction",
    "year": 2030,
    "headcount": 12,
}


def spreadsheet(tmp_path: Path, rows: list[list[Any]], header: list[Any] | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS) if header is None else header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    return path


def line(**changes: Any) -> list[Any]:
    return list((GOOD | changes).values())


def read(path: Path) -> list[PlanRow]:
    return read_plan(path, specialties=SPECIALTIES, occupations=OCCUPATIONS)


def errors_of(path: Path) -> list[str]:
    with pytest.raises(PlanImportError) as caught:
        read(path)
    return caught.value.errors


def test_the_npp_template_round_trips(tmp_path: Path) -> None:
    template = npp_template.build(npp_template.NppParameters())
    path = tmp_path / "template.xlsx"
    assert write_plan(path, template) == len(template)
    with path.open("rb") as file:  # a file object, as an upload gives
        rows = read_plan(
            file,
            specialties=npp_template.specialty_levels(),
            occupations=npp_template.isco_unit_groups(),
        )
    assert [row.row for row in rows] == list(range(2, len(template) + 2))
    assert [
        npp_template.TemplateRow(
            r.specialty_code, r.isco_code, r.level, r.phase, r.year, r.headcount
        )
        for r in rows
    ] == template


def test_plan_rows_round_trip(tmp_path: Path) -> None:
    rows = [
        PlanRow(2, "Q-CO-002", None, "worker", "construction", 2030, 12),
        PlanRow(3, "Q-NU-011", "2151", "mid_level_specialist", "operation", 2036, 4),
        PlanRow(4, None, "0110", "higher", "site_preparation", 2027, 1),
    ]
    path = tmp_path / "plan.xlsx"
    write_plan(path, rows)
    assert read(path) == rows


def test_columns_match_case_insensitively_in_any_order(tmp_path: Path) -> None:
    header = [" Headcount ", "YEAR", "Phase", "Qualification_Level", "ISCO_code", "specialty_code"]
    path = spreadsheet(tmp_path, [[7, 2031, "Commissioning", "Higher", 2142, None]], header)
    assert read(path) == [PlanRow(2, None, "2142", "higher", "commissioning", 2031, 7)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"phase": "building"},
            "row 3, phase: 'building' is not one of site_preparation, construction, "
            "installation, commissioning, operation",
        ),
        ({"phase": None}, "row 3, phase: empty is not one of"),
        ({"qualification_level": "expert"}, "row 3, qualification_level: 'expert' is not one of"),
        ({"year": 1999}, "row 3, year: 1999 — Must be from 2000 to 2100."),
        ({"year": 2101}, "row 3, year: 2101 — Must be from 2000 to 2100."),
        ({"year": 2030.5}, "row 3, year: 2030.5 is not a whole number"),
        ({"year": "next year"}, "row 3, year: 'next year' is not a whole number"),
        ({"headcount": 12.5}, "row 3, headcount: 12.5 is not a whole number"),
        ({"headcount": "twelve"}, "row 3, headcount: 'twelve' is not a whole number"),
        ({"headcount": -3}, "row 3, headcount: -3 — Must be from 1 to 100000."),
        ({"headcount": 0}, "row 3, headcount: 0 — Must be from 1 to 100000."),
        ({"headcount": None}, "row 3, headcount: empty"),
        ({"specialty_code": "Q-XX-001"}, "row 3, specialty_code: 'Q-XX-001' is not in the"),
        ({"isco_code": "9999"}, "row 3, isco_code: '9999' is not a known ISCO-08 code"),
        ({"specialty_code": None}, "row 3, specialty_code: give a specialty_code, an isco_code"),
        (
            {"specialty_code": "Q-CO-003"},
            "row 3, qualification_level: 'worker' does not match specialty Q-CO-003, "
            "which trains mid_level_specialist",
        ),
        ({"qualification_level": "higher"}, "row 3, qualification_level: 'higher' does not"),
    ],
)
def test_each_rule_names_the_row_and_column(
    tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    errors = errors_of(spreadsheet(tmp_path, [line(), line(**changes)]))
    # The good first row is row 2, the bad one row 3.
    assert len(errors) == 1
    assert errors[0].startswith(message)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"headcount": 12.0}, {"headcount": 12}),
        ({"headcount": "12"}, {"headcount": 12}),
        ({"headcount": " 12.0 "}, {"headcount": 12}),
        ({"year": "2030"}, {"year": 2030}),
        ({"phase": " Operation "}, {"phase": "operation"}),
        ({"specialty_code": "q-co-002"}, {}),
        ({"isco_code": 2151}, {"isco_code": "2151"}),
        ({"isco_code": 110}, {"isco_code": "0110"}),  # typed as a number: the zero is back
        (
            {"specialty_code": None, "isco_code": "2142"},
            {"specialty_code": None, "isco_code": "2142"},
        ),
        (
            {"specialty_code": "Q-NU-011", "qualification_level": "mid_level_specialist"},
            {"specialty_code": "Q-NU-011", "level": "mid_level_specialist"},
        ),
    ],
)
def test_values_a_planner_types_are_accepted(
    tmp_path: Path, changes: dict[str, Any], expected: dict[str, Any]
) -> None:
    path = spreadsheet(tmp_path, [line(**changes)])
    base = PlanRow(2, "Q-CO-002", None, "worker", "construction", 2030, 12)
    assert read(path) == [dataclasses.replace(base, **expected)]


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    path = spreadsheet(tmp_path, [line(), [None] * 6, ["  ", None], line(year=2031)])
    assert [row.row for row in read(path)] == [2, 5]


def test_a_duplicate_names_both_rows(tmp_path: Path) -> None:
    path = spreadsheet(tmp_path, [line(), line(year=2031), line(headcount=99)])
    assert errors_of(path) == [
        "row 4, specialty_code/isco_code/qualification_level/phase/year: the same as row 2"
    ]


def test_codes_are_compared_after_normalising(tmp_path: Path) -> None:
    path = spreadsheet(tmp_path, [line(), line(specialty_code=" q-co-002 ")])
    assert errors_of(path)[0].startswith("row 3, ")


def test_errors_stop_at_fifty_with_a_count(tmp_path: Path) -> None:
    path = spreadsheet(tmp_path, [line(phase="building", year=2030 + i % 60) for i in range(60)])
    errors = errors_of(path)
    assert len(errors) == 51
    assert errors[-1] == "… and 10 more"


def test_too_many_rows_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan_xlsx, "MAX_DATA_ROWS", 3)
    path = spreadsheet(tmp_path, [line(year=2030 + i) for i in range(4)])
    assert errors_of(path) == ["more than 3 data rows: split the plan into several files"]
    assert len(read(spreadsheet(tmp_path, [line(year=2030 + i) for i in range(3)]))) == 3


@pytest.mark.parametrize(
    "content",
    [b"specialty_code,year\nQ-CO-002,2030\n", b"", b"PK\x03\x04 not really a zip"],
)
def test_a_file_that_is_not_an_xlsx_gets_one_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(content)
    assert errors_of(path) == [plan_xlsx.NOT_AN_XLSX]
    with pytest.raises(PlanImportError):
        read_plan(io.BytesIO(content), specialties=SPECIALTIES, occupations=OCCUPATIONS)


def test_a_zip_that_is_not_a_workbook_gets_one_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert errors_of(path) == [plan_xlsx.NOT_AN_XLSX]


def test_an_empty_sheet_has_no_header(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    Workbook().save(path)
    [error] = errors_of(path)
    assert error.startswith("row 1: no header")


def test_a_header_without_data_rows(tmp_path: Path) -> None:
    assert errors_of(spreadsheet(tmp_path, [])) == ["the sheet has no data rows below the header"]


def test_header_problems_are_named(tmp_path: Path) -> None:
    header = ["specialty_code", "ISCO_code", "phase", "year", "headcount", "Notes", "year"]
    errors = errors_of(spreadsheet(tmp_path, [["Q-CO-002"]], header))
    assert errors[:3] == [
        "row 1, column 'notes': not a plan column",
        "row 1, column 'year': appears twice",
        "row 1: missing columns qualification_level",
    ]


def test_every_message_names_a_row(tmp_path: Path) -> None:
    path = spreadsheet(
        tmp_path,
        [line(year="soon", headcount=-1, phase="x", qualification_level=None), line(), line()],
    )
    errors = errors_of(path)
    assert len(errors) == 5
    assert all(error.startswith(("row 2, ", "row 4, ")) for error in errors)
