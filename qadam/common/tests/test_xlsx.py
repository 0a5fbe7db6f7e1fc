"""Spreadsheets that are safe to open: no cell a spreadsheet would run as a formula."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from qadam.common.xlsx import FORMULA_PREFIXES, neutralise, write_xlsx


@pytest.mark.parametrize(
    "text",
    [
        "=1+2",
        "+7 701 000 00 00",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        '=HYPERLINK("http://evil.example","x")',
        "=",
    ],
)
def test_text_starting_like_a_formula_is_prefixed_with_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        "Абаев",
        "",
        "a=b",
        " =1",
        "'=already",
        "060101500123",
        42,
        -3,
        1.5,
        None,
        date(2025, 9, 1),
        Decimal("-1.5"),
        True,
    ],
)
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


@given(st.text())
def test_neutralised_text_never_starts_like_a_formula(text):
    result = neutralise(text)
    assert not result.startswith(FORMULA_PREFIXES)
    assert result in (text, "'" + text)


def test_write_xlsx_writes_header_and_rows_as_plain_values(tmp_path):
    path = tmp_path / "nested" / "out.xlsx"
    rows = [
        ("060101500123", "=cmd|' /C calc'!A0", date(2006, 1, 1), 3),
        ("060101600124", "Абаева", None, -1),
    ]
    count = write_xlsx(path, ["IIN", "=surname", "born", "year"], iter(rows))
    assert count == 2
    sheet = load_workbook(path).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["IIN", "'=surname", "born", "year"]
    assert values[1][0] == "060101500123"  # an IIN stays text, leading zero kept
    assert values[1][1] == "'=cmd|' /C calc'!A0"
    assert values[1][2].date() == date(2006, 1, 1)
    assert values[2] == ["060101600124", "Абаева", None, -1]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_write_xlsx_reports_progress_every_n_rows(tmp_path):
    seen: list[int] = []
    count = write_xlsx(
        tmp_path / "p.xlsx", ["n"], ([i] for i in range(7)), on_progress=seen.append, every=3
    )
    assert count == 7
    assert seen == [3, 6]


def test_write_xlsx_of_no_rows_has_only_the_header(tmp_path):
    path = tmp_path / "empty.xlsx"
    assert write_xlsx(path, ["IIN"], []) == 0
    assert [[c.value for c in row] for row in load_workbook(path).active.iter_rows()] == [["IIN"]]
