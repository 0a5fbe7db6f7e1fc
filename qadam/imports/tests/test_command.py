"""`qadam import KIND FILE`: exit 0 only when every row was committed, 1 on bad rows, 2 on a
file that cannot be read; `--template FILE` writes the kind's template."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from qadam.imports.tests.conftest import STUDENT_COLUMNS, new_iin, student_row
from qadam.registry.models import Student

pytestmark = pytest.mark.django_db


def call(*args):
    out = io.StringIO()
    call_command("import", *args, "-v0", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_every_row_committed_exits_zero(world, write):
    path = write(STUDENT_COLUMNS, [student_row(world, n) for n in range(3)])
    output = call("students", str(path))
    assert "All 3 rows imported: 3 new, 0 updated, 0 unchanged." in output
    assert Student.objects.filter(iin__in=[new_iin(n) for n in range(3)]).count() == 3
    assert "3 unchanged" in call("students", str(path))


def test_bad_rows_exit_one_with_every_row_printed(world, write):
    wrong = new_iin(1)[:11] + str((int(new_iin(1)[11]) + 1) % 10)
    rows = [
        student_row(world, 0),
        student_row(world, 1, iin=wrong),
        student_row(world, 2, funding="x"),
    ]
    with pytest.raises(CommandError) as raised:
        call("students", str(write(STUDENT_COLUMNS, rows)))
    assert raised.value.returncode == 1
    assert "2 problems in 2 of 3 rows; nothing was written" in str(raised.value)
    assert not Student.objects.filter(iin=new_iin(0)).exists()


def test_the_report_is_printed(world, write, capsys):
    wrong = new_iin(1)[:11] + str((int(new_iin(1)[11]) + 1) % 10)
    path = write(STUDENT_COLUMNS, [student_row(world, 1, iin=wrong)])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "students", str(path), "-v0", "--language", "en", stdout=out)
    assert f"row 2, iin: IIN check digit should be {new_iin(1)[11]}" in out.getvalue()


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4", "iin,фамилия\n".encode("cp1251")])
def test_a_file_that_cannot_be_read_exits_two(world, tmp_path, content):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        call("students", str(path))
    assert raised.value.returncode == 2


def test_a_missing_file_exits_two(db, tmp_path):
    with pytest.raises(CommandError) as raised:
        call("students", str(tmp_path / "nope.csv"))
    assert raised.value.returncode == 2


def test_dry_run_writes_nothing(world, write):
    path = write(STUDENT_COLUMNS, [student_row(world, 0)])
    assert "All 1 rows are valid: 1 new" in call("students", str(path), "--dry-run")
    assert not Student.objects.filter(iin=new_iin(0)).exists()


def test_as_a_college_administrator(world, users, write):
    row = student_row(world, 0, institution_code=world.college_b.code)
    with pytest.raises(CommandError) as raised:
        call("students", str(write(STUDENT_COLUMNS, [row])), "--user", "college_a")
    assert raised.value.returncode == 1
    with pytest.raises(CommandError, match="may not import institutions"):
        call("institutions", str(write(["code"], [["X"]])), "--user", "college_a")


@pytest.mark.parametrize(("language", "first"), [("kk", "ЖСН"), ("ru", "ИИН"), ("en", "IIN")])
def test_the_template_in_each_language(db, tmp_path, language, first):
    path = tmp_path / "students.xlsx"
    call("students", "--template", str(path), "--language", language)
    workbook = load_workbook(path)
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header[0] == first
    assert len(header) == len(STUDENT_COLUMNS)
    assert len(workbook.worksheets) == 2
    csv_path = tmp_path / "students.csv"
    call("students", "--template", str(csv_path), "--language", language)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf" + first.encode())


def test_a_filled_in_template_imports(world, tmp_path):
    path = tmp_path / "template.xlsx"
    call("students", "--template", str(path), "--language", "kk")
    workbook = load_workbook(path)
    workbook.worksheets[0].append(student_row(world, 0))
    workbook.save(path)
    assert "1 new" in call("students", str(path))
