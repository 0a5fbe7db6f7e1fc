"""Files that cannot be read as a kind's table: a clear message, nothing written."""

import codecs
import io
import zipfile
from datetime import date

import pytest
from django.utils import translation
from openpyxl import Workbook

from qadam.imports.pipeline import Status
from qadam.imports.reader import read_sheet
from qadam.imports.tests.conftest import STUDENT_COLUMNS, run, student_row
from qadam.registry.models import Student

pytestmark = pytest.mark.django_db


def malformed(path) -> str:
    before = Student.objects.count()
    outcome = run("students", path)
    assert outcome.status == Status.MALFORMED, outcome
    assert Student.objects.count() == before
    return " ".join(outcome.messages)


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert malformed(path) == "The file is empty."


def test_a_file_of_blank_lines(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n ,, \n\n", encoding="utf-8")
    assert "no rows" in malformed(path)


def test_a_header_without_rows(write):
    assert "header but no rows" in malformed(write(STUDENT_COLUMNS, []))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7\n...", "PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a spreadsheet"),
        (b"PK\x03\x04garbage", "damaged"),
    ],
)
def test_files_that_are_not_spreadsheets(tmp_path, content, message):
    path = tmp_path / "students.xlsx"
    path.write_bytes(content)
    assert message in malformed(path)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "students.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    assert "not an XLSX workbook" in malformed(path)


def test_windows_1251_csv_is_named(world, write):
    path = write(STUDENT_COLUMNS, [student_row(world, middle_name="Бекович")], encoding="cp1251")
    message = malformed(path)
    assert "Windows-1251" in message
    assert "CSV UTF-8" in message


def test_other_encodings_are_refused(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("iin,name\n1,caf\xe9 \xe0 la cr\xe8me\n".encode("latin-1"))
    assert "not UTF-8 text" in malformed(path)


def test_unknown_repeated_and_missing_columns_are_all_named(world, write):
    header = ["IIN", "Фамилия", "shoe size", "ЖСН", "Имя"]
    path = write(header, [["1", "2", "3", "4", "5"]])
    message = malformed(path)
    with translation.override("ru"):
        assert "Регион (КАТО)" in malformed(path)  # named in the active language
    assert "Column C, “shoe size”, is not a column of this import." in message
    assert "Column D repeats column A" in message
    assert "Missing columns:" in message


def test_values_under_a_blank_header(world, write):
    path = write([*STUDENT_COLUMNS, ""], [[*student_row(world), "stray"]])
    assert "Column R has values but no header." in malformed(path)


def test_too_many_rows(world, write):
    path = write(STUDENT_COLUMNS, [student_row(world, n) for n in range(3)])
    with pytest.raises(Exception, match="more than 2 rows"):
        read_sheet(path, max_rows=2)


def test_csv_with_and_without_a_byte_order_mark(world, write):
    for encoding in ("utf-8", "utf-8-sig"):
        sheet = read_sheet(write(STUDENT_COLUMNS, [student_row(world)], encoding=encoding))
        assert sheet.header == STUDENT_COLUMNS  # the mark is not part of the first header
    raw = write(STUDENT_COLUMNS, [student_row(world)], encoding="utf-8-sig").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)


def test_semicolons_tabs_and_utf16(world, write, tmp_path):
    for delimiter in (";", "\t"):
        sheet = read_sheet(write(STUDENT_COLUMNS, [student_row(world)], delimiter=delimiter))
        assert sheet.header == STUDENT_COLUMNS
    path = tmp_path / "unicode.txt"
    text = "\t".join(STUDENT_COLUMNS) + "\r\n" + "\t".join(map(str, student_row(world))) + "\r\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert read_sheet(path).rows[0][1][1] == student_row(world)[1]


def test_xlsx_values_dates_formulas_and_row_numbers(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["a", "b", "c"])
    sheet.append(["x", date(2024, 5, 6), "=1+2"])
    sheet.append([None, None, None])
    sheet.append([12345678901, 4.25, True])
    workbook.create_sheet("other").append(["ignored"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "values.xlsx"
    path.write_bytes(buffer.getvalue())
    read = read_sheet(path)
    assert read.header == ["a", "b", "c"]
    assert read.rows == [(2, ["x", date(2024, 5, 6), "=1+2"]), (4, [12345678901, 4.25, True])]
