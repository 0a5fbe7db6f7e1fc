"""An exported list re-imports: the students or programs file a user exports, edited in a
spreadsheet and uploaded, is accepted by the import in the same columns; only the edited
record changes, audited like any imported change. The institution's page shows the code
the import names it by."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from qadam.common.models import AuditEntry, Job
from qadam.common.services import export_start
from qadam.imports.pipeline import Status
from qadam.imports.selectors import import_result
from qadam.imports.services import import_confirm, import_start
from qadam.registry.models import Program, Student

pytestmark = pytest.mark.django_db


def export_file(user, name, language, capture, **params) -> Path:
    """The list as `user` exports it (its job run), the workbook's path."""
    with capture(execute=True):
        job = export_start(actor=user, name=name, params=params, language=language)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    return Path(settings.MEDIA_ROOT) / job.result_file


def edit(path: Path, header: str, key_header: str, key: str, value) -> bytes:
    """The workbook with one cell changed, in the row whose `key_header` cell is `key`."""
    workbook = load_workbook(path)
    sheet = workbook.active
    titles = [cell.value for cell in sheet[1]]
    column, key_column = titles.index(header), titles.index(key_header)
    rows = [row for row in sheet.iter_rows(min_row=2) if row[key_column].value == key]
    assert len(rows) == 1
    rows[0][column].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(user, kind, content, language, capture):
    """Check the file and, when every row is valid, import it: the outcomes of both jobs."""
    file = SimpleUploadedFile(f"{kind}.xlsx", content)
    with capture(execute=True):
        check = import_start(actor=user, kind_name=kind, upload=file, language=language)
    check.refresh_from_db()
    checked = import_result(job=check)
    if checked.status != Status.VALID:
        return checked, None
    with capture(execute=True):
        commit = import_confirm(actor=user, job=check)
    commit.refresh_from_db()
    return checked, import_result(job=commit)


@pytest.mark.parametrize("language", ["ru", "en", "kk"])
def test_a_colleges_exported_students_edited_and_uploaded_change_that_student_only(
    world, users, language, django_capture_on_commit_callbacks
):
    admin = users["college_admin_a"]
    capture = django_capture_on_commit_callbacks
    path = export_file(admin, "registry.students", language, capture)
    student = world.students_a[1]
    with_code = load_workbook(path).active
    assert with_code.max_row - 1 == len(world.students_a)
    iin_header = {"ru": "ИИН", "en": "IIN", "kk": "ЖСН"}[language]
    surname = {"ru": "Фамилия", "en": "Last name", "kk": "Тегі"}[language]
    content = edit(path, surname, iin_header, student.iin, "Бекова-Сейткали")
    before = {s.pk: (s.last_name, s.program_id, s.funding, s.status) for s in world.students_a}

    checked, written = upload(admin, "students", content, language, capture)

    assert checked.status == Status.VALID, checked.errors or checked.messages
    assert (written.status, written.updated, written.unchanged, written.new) == (
        Status.COMMITTED,
        1,
        len(world.students_a) - 1,
        0,
    )
    student.refresh_from_db()
    assert student.last_name == "Бекова-Сейткали"
    after = {
        s.pk: (s.last_name, s.program_id, s.funding, s.status)
        for s in Student.objects.filter(pk__in=before)
    }
    assert {pk for pk in before if before[pk] != after[pk]} == {student.pk}
    entry = AuditEntry.objects.get(
        action=AuditEntry.Action.UPDATE, model="registry.Student", object_id=str(student.pk)
    )
    assert entry.actor == admin
    assert entry.changes["last_name"] == ["Бекова", "Бекова-Сейткали"]
    assert entry.changes["source"]["file"] == "students.xlsx"


def test_the_ministrys_exported_programs_re_import_with_an_edited_capacity(
    world, users, django_capture_on_commit_callbacks
):
    ministry = users["ministry_admin"]
    capture = django_capture_on_commit_callbacks
    program = world.programs_b[0]
    path = export_file(
        ministry, "registry.programs", "ru", capture, institution=program.institution_id
    )
    titles = [cell.value for cell in load_workbook(path).active[1]]
    assert titles[:2] == ["Код организации образования", "Код специальности"]
    # programs are keyed by institution, specialty, language and form: edit this one's row
    workbook = load_workbook(path)
    sheet = workbook.active
    capacity = titles.index("Количество мест (первый курс)")
    specialty = titles.index("Код специальности")
    (row,) = [r for r in sheet.iter_rows(min_row=2) if r[specialty].value == program.specialty.code]
    row[capacity].value = program.capacity + 5
    buffer = io.BytesIO()
    workbook.save(buffer)

    checked, written = upload(ministry, "programs", buffer.getvalue(), "ru", capture)

    assert checked.status == Status.VALID, checked.errors or checked.messages
    assert (written.updated, written.unchanged, written.new) == (1, len(world.programs_b) - 1, 0)
    assert Program.objects.get(pk=program.pk).capacity == program.capacity + 5
    entry = AuditEntry.objects.get(
        action=AuditEntry.Action.UPDATE, model="registry.Program", object_id=str(program.pk)
    )
    assert entry.changes["capacity"] == [program.capacity, program.capacity + 5]


def test_the_institution_page_shows_the_code_the_import_names_it_by(world, users, client_for):
    page = client_for(users["college_admin_a"]).get(f"/registry/institutions/{world.college_a.pk}/")
    shown = page.content.decode().split('data-testid="institution-code">')[1]
    assert shown.startswith(f"<strong>{world.college_a.code}</strong>")
