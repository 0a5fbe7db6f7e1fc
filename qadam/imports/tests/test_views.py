"""The pages: upload, check as a job, preview, confirm, write as a job; who may do what."""

import io

import pytest
from openpyxl import load_workbook

from qadam.common.models import Job
from qadam.imports.tests.conftest import STUDENT_COLUMNS, new_iin, student_row
from qadam.registry.models import Student

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


@pytest.fixture
def upload(client_for, django_capture_on_commit_callbacks):
    """upload(user, path, kind) -> (client, response); the check job runs at once."""

    def send(user, path, kind="students", client=None):
        client = client or client_for(user)
        with path.open("rb") as stream, django_capture_on_commit_callbacks(execute=True):
            response = client.post("/imports/upload/", {"kind": kind, "file": stream})
        return client, response

    return send


def test_upload_check_preview_confirm_and_write(
    world, users, write, upload, django_capture_on_commit_callbacks
):
    user = users["ministry_admin"]
    path = write(STUDENT_COLUMNS, [student_row(world, n) for n in range(4)], "students.xlsx")
    client, response = upload(user, path)
    check = Job.objects.get(owner=user, kind="imports.check")
    assert response.status_code == 302
    assert response["Location"] == f"/imports/jobs/{check.pk}/"
    assert check.parameters["file"].startswith("imports/uploads/")
    page = html(client.get(response["Location"]))
    assert 'data-outcome="valid"' in page
    assert 'data-count="new">4<' in page
    assert new_iin(0) in page  # the preview shows the first rows as read
    assert not Student.objects.filter(iin=new_iin(0)).exists()  # nothing written yet

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/imports/jobs/{check.pk}/confirm/")
    commit = Job.objects.get(owner=user, kind="imports.commit")
    assert response["Location"] == f"/imports/jobs/{commit.pk}/"
    commit.refresh_from_db()
    assert commit.status == Job.Status.SUCCEEDED
    assert Student.objects.filter(iin__in=[new_iin(n) for n in range(4)]).count() == 4
    page = html(client.get(response["Location"]))
    assert 'data-outcome="committed"' in page
    # the dashboard's job page follows it too
    assert 'data-status="succeeded"' in html(client.get(f"/jobs/{commit.pk}/"))
    # confirming again is refused: the file was imported
    response = client.post(f"/imports/jobs/{check.pk}/confirm/", follow=True)
    assert Job.objects.filter(kind="imports.commit").count() == 1
    assert "already been imported" in html(response)


def test_a_file_with_errors_shows_every_bad_row_paginated_and_downloadable(
    world, users, write, upload
):
    rows = [student_row(world, n, year_of_study=9) for n in range(60)]
    client, response = upload(users["ministry_admin"], write(STUDENT_COLUMNS, rows))
    job = Job.objects.get(kind="imports.check")
    assert job.status == Job.Status.FAILED
    page = html(client.get(response["Location"]))
    assert 'data-outcome="invalid"' in page
    assert "60 problems" in page
    assert "Must be from 1 to 6." in page
    assert "confirm" not in page.split('data-testid="import-status"')[1].split("Rows to fix")[0]
    second = html(client.get(response["Location"], {"page": 2}))
    assert ">61<" in second  # the last bad row is on the second page
    report = client.get(f"/imports/jobs/{job.pk}/report.csv")
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert text.count("Must be from 1 to 6.") == 60
    assert text.splitlines()[1].startswith("2,year_of_study,9,")
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(f"/imports/jobs/{job.pk}/report.xlsx")))
    )
    assert workbook.active.max_row == 61
    assert not Student.objects.filter(iin=new_iin(0)).exists()
    assert client.post(f"/imports/jobs/{job.pk}/confirm/").status_code == 302
    assert not Job.objects.filter(kind="imports.commit").exists()


def test_a_malformed_file_gets_its_message(world, users, tmp_path, upload):
    path = tmp_path / "students.csv"
    path.write_bytes("iin,фамилия\n1,Иванов\n".encode("cp1251"))
    client, response = upload(users["ministry_admin"], path)
    page = html(client.get(response["Location"]))
    assert 'data-outcome="malformed"' in page
    assert "Windows-1251" in page


def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    world, users, write, client_for, settings
):
    settings.QADAM_IMPORT_MAX_BYTES = 10
    client = client_for(users["ministry_admin"])
    big = b"x" * (200 * 1024)
    response = client.post(
        "/imports/upload/", {"kind": "students", "file": io.BytesIO(big)}, format="multipart"
    )
    assert response.status_code == 413
    assert "larger than" in html(response)
    assert not Job.objects.exists()


def test_an_upload_over_the_limit_is_stopped_while_it_streams(
    world, users, write, client_for, settings
):
    settings.QADAM_IMPORT_MAX_BYTES = 100
    path = write(STUDENT_COLUMNS, [student_row(world, n) for n in range(5)])
    client = client_for(users["ministry_admin"])
    with path.open("rb") as stream:
        response = client.post("/imports/upload/", {"kind": "students", "file": stream})
    assert response.status_code == 413
    assert "larger than" in html(response)
    assert not Job.objects.exists()


def test_an_empty_upload(world, users, tmp_path, client_for):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with path.open("rb") as stream:
        response = client_for(users["ministry_admin"]).post(
            "/imports/upload/", {"kind": "students", "file": stream}
        )
    assert response.status_code == 400
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("college_admin_a", 200),
        ("university_admin", 200),
        ("analyst", 403),
        ("enterprise_hr", 403),
        ("student", 403),
        ("guidance_organiser", 403),
    ],
)
def test_who_may_import(world, users, client_for, role, status):
    assert client_for(users[role]).get("/imports/").status_code == status


def test_anonymous_users_sign_in_first(db, client_for):
    assert client_for(None).get("/imports/")["Location"].startswith("/accounts/login/")


def test_a_college_administrator_imports_only_their_own(world, users, write, upload, client_for):
    user = users["college_admin_a"]
    page = html(client_for(user).get("/imports/"))
    assert 'data-kind="students"' in page and 'data-kind="programs"' in page
    assert 'data-kind="institutions"' not in page
    assert client_for(user).get("/imports/templates/institutions.xlsx").status_code == 403
    path = write(["code", "kind", "name_ru"], [["X-1", "college", "Колледж"]])
    _client, response = upload(user, path, kind="institutions")
    assert response.status_code == 400  # not a choice for them
    rows = [student_row(world, 0, institution_code=world.college_b.code)]
    client, response = upload(user, write(STUDENT_COLUMNS, rows))
    page = html(client.get(response["Location"]))
    assert "you may import only your own institution" in page


def test_someone_elses_import_is_not_found(world, users, write, upload, client_for):
    _client, response = upload(
        users["ministry_admin"], write(STUDENT_COLUMNS, [student_row(world)])
    )
    other = client_for(users["college_admin_a"])
    assert other.get(response["Location"]).status_code == 404
    job = Job.objects.get()
    assert other.post(f"/imports/jobs/{job.pk}/confirm/").status_code == 404


def test_templates_download(world, users, client_for, settings):
    client = client_for(users["ministry_admin"])
    response = client.get("/imports/templates/agreements.xlsx", {"language": "kk"})
    assert response["Content-Disposition"] == 'attachment; filename="qadam-agreements-kk.xlsx"'
    header = [cell.value for cell in load_workbook(io.BytesIO(response.content)).worksheets[0][1]]
    assert header[0] == "Келісім нөмірі"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    response = client.get("/imports/templates/students.csv")
    assert response.content.decode("utf-8-sig").startswith("ИИН,Фамилия")  # the page's language
    assert client.get("/imports/templates/nothing.csv").status_code == 404


def test_job_progress_partial_for_htmx(world, users, write, upload):
    client, response = upload(users["ministry_admin"], write(STUDENT_COLUMNS, [student_row(world)]))
    partial = html(client.get(response["Location"], HTTP_HX_REQUEST="true"))
    assert partial.startswith('<section id="import-status"')


@pytest.mark.parametrize(("language", "iin_label"), [("ru", "ИИН"), ("kk", "ЖСН")])
def test_the_page_in_russian_and_kazakh(world, users, client_for, settings, language, iin_label):
    client = client_for(users["ministry_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = html(client.get("/imports/"))
    assert f'<html lang="{language}">' in page
    assert f"<td>{iin_label}<br>" in page
    assert {"ru": "Студенты", "kk": "Студенттер"}[language] in page
    template = client.get("/imports/templates/students.xlsx")
    assert template["Content-Disposition"].endswith(f'-{language}.xlsx"')
