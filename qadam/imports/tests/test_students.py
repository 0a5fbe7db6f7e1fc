"""Students: every row or none, upserted by IIN, every bad row reported."""

from decimal import Decimal

import pytest
from django.utils import translation

from qadam.common.models import AuditEntry
from qadam.imports.kinds import Context
from qadam.imports.pipeline import Status
from qadam.imports.tests.conftest import STUDENT_COLUMNS, new_iin, run, student_row
from qadam.registry.choices import Funding, StudentStatus
from qadam.registry.identifiers import parse_iin
from qadam.registry.models import Student

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Student.objects.values_list("iin", "updated_at", "grade_average", "last_name"))


def test_every_row_is_written_and_reimporting_changes_nothing(world, write):
    path = write(STUDENT_COLUMNS, [student_row(world, n) for n in range(5)], "students.xlsx")
    before = Student.objects.count()
    outcome = run("students", path)
    assert outcome.status == Status.COMMITTED
    assert (outcome.rows, outcome.new, outcome.updated, outcome.unchanged) == (5, 5, 0, 0)
    assert Student.objects.count() == before + 5
    student = Student.objects.get(iin=new_iin(3))
    person = parse_iin(new_iin(3))
    assert (student.birth_date, student.sex) == (person.birth_date, person.sex)
    assert student.institution == world.college_a
    assert student.program == world.programs_a[0]
    assert student.grade_average == Decimal("4.50")
    load = AuditEntry.objects.get(action=AuditEntry.Action.BULK_LOAD)
    assert load.model == "registry.Student"
    assert load.changes["created"] == 5

    state = snapshot()
    again = run("students", path)
    assert (again.status, again.new, again.updated, again.unchanged) == (Status.COMMITTED, 0, 0, 5)
    assert snapshot() == state  # not even updated_at moved
    assert Student.objects.count() == before + 5
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.BULK_LOAD).count() == 2


def test_a_changed_row_updates_that_student_only_and_is_audited(world, write):
    rows = [student_row(world, n) for n in range(3)]
    run("students", write(STUDENT_COLUMNS, rows))
    untouched = Student.objects.get(iin=new_iin(0)).updated_at
    rows[1] = student_row(world, 1, grade_average="3,75", year_of_study=2)
    outcome = run("students", write(STUDENT_COLUMNS, rows))
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 2)
    changed = Student.objects.get(iin=new_iin(1))
    assert (changed.grade_average, changed.year_of_study) == (Decimal("3.75"), 2)
    assert Student.objects.get(iin=new_iin(0)).updated_at == untouched
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert entry.object_id == str(changed.pk)
    assert entry.changes == {
        "year_of_study": [1, 2],
        "grade_average": ["4.50", "3.75"],
        "source": {"file": "file.csv", "row": 3},
    }
    assert entry.summary == "from file.csv, row 3"


def test_an_existing_student_is_updated_by_iin(world, write):
    existing = world.students_a[0]
    row = student_row(world, iin=existing.iin, last_name="Новая")
    outcome = run("students", write(STUDENT_COLUMNS, [row]))
    assert (outcome.new, outcome.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.last_name == "Новая"


def test_every_bad_row_is_reported_and_nothing_is_written(world, write):
    good = student_row(world, 0)
    wrong_digit = new_iin(1)[:11] + str((int(new_iin(1)[11]) + 1) % 10)
    rows = [
        good,
        student_row(world, 1, iin=wrong_digit),
        student_row(world, 2, region_kato="77", year_of_study=9),
        student_row(world, 3, institution_code="NOPE", funding="free"),
        student_row(world, 4, last_name='=HYPERLINK("http://x")'),
        student_row(world, 0),  # the same IIN as the first row
        student_row(world, 6, expected_graduation_on="2024-06-30", grade_average="5.5"),
        student_row(world, 7, specialty_code=world.programs_b[0].specialty.code),
    ]
    state = snapshot()
    outcome = run("students", write(STUDENT_COLUMNS, rows))
    assert outcome.status == Status.INVALID
    assert snapshot() == state
    assert not AuditEntry.objects.exists()
    errors = [(row, column, message) for row, column, _value, message in outcome.errors]
    values = {(row, column): value for row, column, value, _message in outcome.errors}
    wrong_iin = f"IIN check digit should be {new_iin(1)[11]}, not {wrong_digit[11]}"
    assert (3, "iin", wrong_iin) in errors
    assert values[(3, "iin")] == wrong_digit
    assert (4, "region_kato", "no region has the KATO code 77") in errors
    assert (4, "year_of_study", "Must be from 1 to 6.") in errors
    assert (5, "institution_code", "no institution has the code NOPE") in errors
    assert any(row == 5 and column == "funding" for row, column, _m in errors)
    assert any(row == 6 and column == "last_name" and "formula" in m for row, column, m in errors)
    assert (2, "iin", "the same record is also on rows 7") in errors
    assert (7, "iin", "the same record is also on rows 2") in errors
    assert any(row == 8 and column == "expected_graduation_on" for row, column, _m in errors)
    assert (8, "grade_average", "Must be from 2.00 to 5.00.") in errors
    assert any(row == 9 and column == "specialty_code" for row, column, _m in errors)
    assert {row for row, _column, _message in errors} == {2, 3, 4, 5, 6, 7, 8, 9}
    lines = [error.line() for error in outcome.error_rows()]
    assert f"row 3, iin: IIN check digit should be {new_iin(1)[11]}" in lines[1]


def test_headers_in_any_language_and_optional_columns(world, write):
    header = ["ЖСН", "Фамилия", "First name", "Өңір (ӘАОЖ)", "institution_code", "Курс", "Funding"]
    row = [new_iin(0), "Ким", "Алина", world.region_a.kato, world.college_a.code, 2, "госзаказ"]
    outcome = run("students", write(header, [row]))
    assert outcome.status == Status.COMMITTED, outcome.errors
    student = Student.objects.get(iin=new_iin(0))
    assert (student.status, student.program, student.funding) == ("active", None, "state_order")
    # a column the file leaves out keeps its value on update
    Student.objects.filter(pk=student.pk).update(grade_average=Decimal("4.10"))
    outcome = run("students", write(header, [row]))
    assert outcome.unchanged == 1
    student.refresh_from_db()
    assert student.grade_average == Decimal("4.10")


def test_an_institution_admin_imports_only_their_institution(world, users, write):
    admin = users["college_admin_a"]
    context = Context(actor=admin, institution_ids=frozenset({world.college_a.pk}))
    rows = [
        student_row(world, 0),
        student_row(
            world,
            1,
            institution_code=world.college_b.code,
            specialty_code=world.programs_b[0].specialty.code,
        ),
        student_row(world, 2, iin=world.students_b[0].iin),
    ]
    outcome = run("students", write(STUDENT_COLUMNS, rows), context)
    assert outcome.status == Status.INVALID
    errors = {(row, column): message for row, column, _value, message in outcome.errors}
    assert errors[(3, "institution_code")] == "you may import only your own institution's records"
    # neutral: neither where nor that the person studies; the ministry is told instead
    assert errors[(4, "iin")] == (
        "This IIN cannot be registered here; the ministry has been asked to resolve it."
    )
    flag = AuditEntry.objects.get(action=AuditEntry.Action.FLAG)
    assert (flag.object_id, flag.actor) == (str(world.students_b[0].pk), admin)
    assert set(errors) == {(3, "institution_code"), (4, "iin")}
    ok = run("students", write(STUDENT_COLUMNS, rows[:1]), context)
    assert ok.status == Status.COMMITTED
    assert AuditEntry.objects.get(action=AuditEntry.Action.BULK_LOAD).actor == admin


def test_a_specialty_taught_in_two_languages_needs_the_language(world, write):
    from qadam.registry.tests.factories import ProgramFactory

    program = world.programs_a[0]
    ProgramFactory.create(
        institution=world.college_a, specialty=program.specialty, language="ru", form=program.form
    )
    row = student_row(world, 0, language="")
    outcome = run("students", write(STUDENT_COLUMNS, [row]))
    assert "several languages or forms" in outcome.errors[0][3]
    outcome = run("students", write(STUDENT_COLUMNS, [student_row(world, 0, language="ru")]))
    assert outcome.status == Status.COMMITTED
    assert Student.objects.get(iin=new_iin(0)).program.language == "ru"


def test_a_check_writes_nothing_and_counts(world, write):
    rows = [student_row(world, 0), student_row(world, 1, iin=world.students_a[1].iin)]
    outcome = run("students", write(STUDENT_COLUMNS, rows), commit=False)
    assert (outcome.status, outcome.new, outcome.updated) == (Status.VALID, 1, 1)
    assert outcome.preview[0][0] == new_iin(0)
    assert not Student.objects.filter(iin=new_iin(0)).exists()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_preview_shows_a_choice_by_its_label_in_the_readers_language(world, write, language):
    row = student_row(world, 0, funding="state_order", status="active")
    with translation.override(language):
        outcome = run("students", write(STUDENT_COLUMNS, [row]), commit=False)
        funding = str(Funding.STATE_ORDER.label)
        status = str(StudentStatus.ACTIVE.label)
    shown = dict(zip(outcome.columns, outcome.preview[0], strict=True))
    assert funding in shown.values() and status in shown.values()
    assert "state_order" not in shown.values() and "active" not in shown.values()


@pytest.mark.parametrize(
    ("rural", "disability", "expected"),
    [("да", "жоқ", (True, False)), ("no", "1", (False, True)), ("", "", (False, False))],
)
def test_the_quota_categories_import_in_any_language(world, write, rural, disability, expected):
    row = student_row(world, 0, rural=rural, disability=disability)
    outcome = run("students", write(STUDENT_COLUMNS, [row]))
    assert not outcome.errors
    student = Student.objects.get(iin=row[0])
    assert (student.rural, student.disability) == expected


def test_a_category_that_is_neither_yes_nor_no_is_refused(world, write):
    outcome = run("students", write(STUDENT_COLUMNS, [student_row(world, 0, rural="maybe")]))
    assert any("yes / no" in str(error) for error in outcome.errors)
