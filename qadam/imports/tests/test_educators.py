"""Educators' import: an exported list re-imports with only the edited record changed (and
audited), the specialties taught included; a file with one bad row writes nothing."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from qadam.agreements.models import Agreement, Obligation, Party
from qadam.common.models import AuditEntry
from qadam.educators.models import Upskilling
from qadam.imports.pipeline import Status
from qadam.imports.tests.test_export_reimport import export_file, upload
from qadam.registry.models import Educator

pytestmark = pytest.mark.django_db


def _rows(path):
    workbook = load_workbook(path)
    sheet = workbook.active
    titles = [cell.value for cell in sheet[1]]
    return workbook, sheet, titles


def _bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("language", ["ru", "en", "kk"])
def test_exported_educators_edited_and_uploaded_change_that_educator_only(
    world, users, language, django_capture_on_commit_callbacks
):
    admin, capture = users["college_admin_a"], django_capture_on_commit_callbacks
    educator = world.educators_a[1]
    specialty = world.programs_a[0].specialty
    path = export_file(admin, "educators.educators", language, capture)
    workbook, sheet, titles = _rows(path)
    assert sheet.max_row - 1 == len(world.educators_a)
    iin = titles.index({"ru": "ИИН", "en": "IIN", "kk": "ЖСН"}[language])
    category = titles.index(
        {"ru": "Квалификационная категория", "en": "Qualification category",
         "kk": "Біліктілік санаты"}[language]
    )  # fmt: skip
    codes = titles.index(
        {"ru": "Коды специальностей", "en": "Specialty codes", "kk": "Мамандық кодтары"}[language]
    )
    (row,) = [r for r in sheet.iter_rows(min_row=2) if r[iin].value == educator.iin]
    row[category].value = "expert"
    row[codes].value = specialty.code

    checked, written = upload(admin, "educators", _bytes(workbook), language, capture)

    assert checked.status == Status.VALID, checked.errors or checked.messages
    assert (written.updated, written.unchanged, written.new) == (1, 1, 0)
    educator.refresh_from_db()
    assert educator.category == "expert"
    assert list(educator.specialties.all()) == [specialty]
    assert world.educators_a[0].specialties.count() == 0
    entry = AuditEntry.objects.get(
        action=AuditEntry.Action.UPDATE, model="registry.Educator", object_id=str(educator.pk)
    )
    assert entry.changes["category"] == ["none", "expert"]


def test_one_bad_row_writes_nothing_and_another_colleges_iin_is_refused(
    world, users, django_capture_on_commit_callbacks
):
    admin, capture = users["college_admin_a"], django_capture_on_commit_callbacks
    path = export_file(admin, "educators.educators", "en", capture)
    workbook, sheet, titles = _rows(path)
    years = titles.index("Years in industry")
    first = next(sheet.iter_rows(min_row=2))
    first[years].value = 3
    second = list(sheet.iter_rows(min_row=2))[1]
    second[years].value = 90  # beyond the range
    stranger = world.educators_b[0]
    sheet.append([stranger.iin, "Чужая", "Анна", "", world.college_a.code, "преподаватель"])
    before = list(Educator.objects.order_by("pk").values_list("years_in_industry", "institution"))

    checked, written = upload(admin, "educators", _bytes(workbook), "en", capture)

    assert checked.status != Status.VALID and written is None
    problems = {(row, column) for row, column, _value, _problem in checked.errors}
    assert problems == {(3, "Years in industry"), (4, "IIN")}
    after = list(Educator.objects.order_by("pk").values_list("years_in_industry", "institution"))
    assert after == before


def _workbook(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["iin", "kind", "title", "provider", "course_form", "enterprise_bin",
         "agreement_number", "hours", "started_on", "completed_on", "certificate_number"]
    )  # fmt: skip
    for row in rows:
        sheet.append(row)
    return _bytes(workbook)


def test_upskilling_records_import_under_the_patrons_obligation_or_not_at_all(
    world, users, django_capture_on_commit_callbacks
):
    admin, capture = users["college_admin_a"], django_capture_on_commit_callbacks
    patronage = Agreement.objects.create(
        number="P-001", kind="patronage", status="active", title="Patronage",
        signed_on=date(2025, 1, 10),
    )  # fmt: skip
    Party.objects.create(
        agreement=patronage, kind="enterprise", role="patron", enterprise=world.enterprise
    )
    places = Obligation.objects.create(
        agreement=patronage, kind="internship_places", beneficiary=world.college_a,
        target=Decimal(10), due_on=date(2027, 6, 30),
    )  # fmt: skip
    a, b = world.educators_a
    course = [a.iin, "course", "Digital tools", "Orleu", "online", None, None, 72,
              "2026-03-01", "2026-03-20", "SK-1"]  # fmt: skip
    internship = [b.iin, "internship", "Turbine halls", "Plant", None, world.enterprise.bin,
                  "P-001", 120, "2026-04-01", "2026-04-30", ""]  # fmt: skip
    stranger = [world.educators_b[0].iin, *course[1:]]
    bad_hours = [a.iin, "course", "Welding", "Centre", "centre", None, None, 0,
                 "2026-05-01", "2026-05-10", ""]  # fmt: skip

    checked, written = upload(
        admin, "upskilling", _workbook([course, internship, stranger, bad_hours]), "en", capture
    )
    assert checked.status != Status.VALID and written is None
    # the report names the file's own headers (here the machine names)
    assert {(row, column) for row, column, _v, _p in checked.errors} == {(4, "iin"), (5, "hours")}
    assert not Upskilling.objects.exists()

    checked, written = upload(admin, "upskilling", _workbook([course, internship]), "en", capture)
    assert checked.status == Status.VALID, checked.errors or checked.messages
    assert written.new == 2
    assert Upskilling.objects.get(educator=b).obligation == places
    entry = AuditEntry.objects.get(
        model="educators.Upskilling", object_id=str(Upskilling.objects.get(educator=a).pk)
    )
    assert entry.changes["source"]["file"] == "upskilling.xlsx"


def test_exported_upskilling_edited_and_uploaded_changes_that_record_only(
    world, users, django_capture_on_commit_callbacks
):
    """The educators' list exports their courses and internships in the upskilling import's
    columns: a spreadsheet user edits one record's hours and uploads the file back."""
    admin, capture = users["college_admin_a"], django_capture_on_commit_callbacks
    a, b = world.educators_a
    course = [a.iin, "course", "Digital tools", "Orleu", "online", None, None, 72,
              "2026-03-01", "2026-03-20", "SK-1"]  # fmt: skip
    other = [b.iin, "course", "Welding", "Centre", "centre", None, None, 36,
             "2026-05-01", "2026-05-10", ""]  # fmt: skip
    checked, written = upload(admin, "upskilling", _workbook([course, other]), "en", capture)
    assert written is not None and written.new == 2, checked.errors
    stranger = Upskilling.objects.create(
        educator=world.educators_b[0], kind="course", title="Not yours", provider="X",
        form="online", hours=10, started_on=date(2026, 1, 1), completed_on=date(2026, 1, 2),
    )  # fmt: skip

    path = export_file(admin, "educators.upskilling", "ru", capture)
    workbook, sheet, titles = _rows(path)
    assert sheet.max_row - 1 == 2  # the college's own educators' records only
    assert stranger.title not in [cell.value for row in sheet.iter_rows() for cell in row]
    hours, title = titles.index("Часы"), titles.index("Название")
    (row,) = [r for r in sheet.iter_rows(min_row=2) if r[title].value == "Digital tools"]
    row[hours].value = 80
    checked, written = upload(admin, "upskilling", _bytes(workbook), "ru", capture)

    assert checked.status == Status.VALID, checked.errors or checked.messages
    assert (written.updated, written.unchanged, written.new) == (1, 1, 0)
    assert Upskilling.objects.get(educator=a).hours == 80
    assert Upskilling.objects.get(educator=b).hours == 36
