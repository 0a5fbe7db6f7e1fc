"""An imported record has its own history: one entry per new or changed record, as a form's
save writes, saying who imported it from which file and row; written in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qadam.common.models import AuditEntry
from qadam.imports.kinds import Context
from qadam.imports.tests.conftest import STUDENT_COLUMNS, new_bin, new_iin, run, student_row
from qadam.registry import services
from qadam.registry.models import Institution, Program, Student

pytestmark = pytest.mark.django_db


def created(model):
    return AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, model=model._meta.label)


def test_each_new_student_gets_a_created_entry_like_a_forms(world, users, write):
    admin = users["ministry_admin"]
    rows = [student_row(world, n) for n in range(3)]
    outcome = run("students", write(STUDENT_COLUMNS, rows, "students.xlsx"), Context(actor=admin))
    assert outcome.new == 3
    entries = {entry.object_id: entry for entry in created(Student)}
    assert len(entries) == 3
    student = Student.objects.get(iin=new_iin(1))
    entry = entries[str(student.pk)]
    assert (entry.actor, entry.actor_username, entry.actor_role) == (admin, "ministry", admin.role)
    assert entry.summary == "from students.xlsx, row 3"
    assert entry.changes["source"] == {"file": "students.xlsx", "row": 3}
    assert entry.changes["iin"] == [None, new_iin(1)]
    assert entry.changes["birth_date"] == [None, student.birth_date.isoformat()]
    assert entry.changes["grade_average"] == [None, "4.50"]
    assert entry.changes["program_id"] == [None, world.programs_a[0].pk]

    # the same student saved by the service's form path: the same fields, the same values
    by_form = services.student_create(
        actor=admin,
        iin=new_iin(50),
        last_name=student.last_name,
        first_name=student.first_name,
        middle_name=student.middle_name,
        region_id=student.region_id,
        institution_id=student.institution_id,
        program_id=student.program_id,
        year_of_study=student.year_of_study,
        funding=student.funding,
        status=student.status,
        enrolled_on=student.enrolled_on,
        expected_graduation_on=student.expected_graduation_on,
        grade_average=student.grade_average,
    )
    form_entry = created(Student).get(object_id=str(by_form.pk))
    different = {"id", "iin", "birth_date", "sex"}  # another person
    imported = {k: v for k, v in entry.changes.items() if k not in {*different, "source"}}
    assert imported == {k: v for k, v in form_entry.changes.items() if k not in different}
    assert set(entry.changes) - {"source"} == set(form_entry.changes)


def test_the_student_page_says_who_imported_it_from_which_file_and_row(
    world, users, write, client_for
):
    admin = users["ministry_admin"]
    rows = [student_row(world, n) for n in range(2)]
    run("students", write(STUDENT_COLUMNS, rows, "осень-2026.csv"), Context(actor=admin))
    rows[1] = student_row(world, 1, year_of_study=2)
    run("students", write(STUDENT_COLUMNS, rows, "весна-2027.csv"), Context(actor=admin))
    student = Student.objects.get(iin=new_iin(1))
    page = client_for(admin).get(reverse("registry:student_detail", args=[student.pk]))
    history = page.content.decode().split('data-testid="history"')[1]
    assert "from весна-2027.csv, row 3" in history  # the change, newest first
    assert "from осень-2026.csv, row 3" in history  # the creation
    assert history.index("весна-2027") < history.index("осень-2026")
    assert "ministry" in history
    assert "year_of_study</strong>: 1 → 2" in history


def test_new_programs_and_institutions_get_entries_on_the_right_records(world, write):
    specialty = world.programs_b[0].specialty
    header = ["institution_code", "specialty_code", "language", "form", "duration_months"]
    header += ["capacity", "state_funded_seats"]
    rows = [
        [world.college_a.code, specialty.code, language, "dual", 34, 25, 5]
        for language in ("ru", "kk")
    ]
    run("programs", write(header, rows))
    for entry in created(Program):
        program = Program.objects.get(pk=entry.object_id)
        assert entry.changes["language"] == [None, program.language]
        assert entry.changes["source"]["row"] == 2 + ["ru", "kk"].index(program.language)

    header = ["code", "kind", "name_ru", "bin", "region_kato", "parent_code"]
    rows = [
        ["BR-1", "foreign_branch", "Филиал", "", world.region_b.kato, "UNI-1"],
        ["UNI-1", "university", "Университет", new_bin(1), world.region_a.kato, ""],
    ]
    run("institutions", write(header, rows))
    branch = Institution.objects.get(code="BR-1")
    entry = created(Institution).get(object_id=str(branch.pk))
    assert entry.changes["code"] == [None, "BR-1"]
    assert entry.changes["_parent"] == [None, "UNI-1"]
    assert entry.changes["source"] == {"file": "file.csv", "row": 2}


def test_the_audit_is_written_in_bulk_not_row_by_row(world, write):
    def queries(count: int, offset: int) -> int:
        rows = [student_row(world, offset + n) for n in range(count)]
        path = write(STUDENT_COLUMNS, rows, f"{offset}.csv")
        with CaptureQueriesContext(connection) as captured:
            outcome = run("students", path)
        assert outcome.new == count
        return len(captured.captured_queries)

    assert queries(40, 100) == queries(4, 200)
    assert created(Student).count() == 44
