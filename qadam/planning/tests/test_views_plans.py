"""Megaproject and staffing-plan pages per role: who reads which megaproject and plan (404
out of scope), who creates and declares (403), the NPP template, the XLSX import with its
errors by row and column, download and re-import, deletion, and the pages in kk and ru."""

import io
import re
from collections import Counter

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from qadam.planning import npp_template
from qadam.planning.forms_plans import PARAMETER_LABELS, source_parts
from qadam.planning.models import Megaproject, StaffingPlan, StaffingRequirement
from qadam.planning.plan_xlsx import COLUMNS
from qadam.planning.services import plan_create_from_template
from qadam.planning.views_plans import COLUMN_HELP, SAMPLE_ROWS
from qadam.registry.seeding.reference import load_reference_data
from qadam.registry.tests.factories import ROLES

READERS = ("ministry_admin", "analyst", "enterprise_hr")
DECLARERS = ("ministry_admin", "enterprise_hr")
OUTSIDERS = tuple(role for role in ROLES if role not in READERS)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def html(response):
    return response.content.decode()


def field_errors(page, field):
    found = re.search(rf'<ul class="errorlist" data-field="{field}">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


def rows_of(plan):
    return Counter(
        plan.requirements.values_list(
            "specialty_id", "occupation_id", "level", "phase", "year", "headcount"
        )
    )


def workbook_bytes(rows, header=COLUMNS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="plan.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


def template_data(**changes):
    data = {
        name: default
        for name, default, _source in npp_template.parameter_fields()
        if not isinstance(default, tuple)
    }
    return {"name": "NPP template", **data, **changes}


@pytest.fixture
def catalogue(db):
    """The shipped specialty catalogue and ISCO-08 occupations the template names."""
    load_reference_data()


@pytest.fixture
def other_megaproject(world):
    """A megaproject without an operator: enterprise HR does not read it."""
    return Megaproject.objects.create(code="RAIL-T", name="Test railway", region=world.region_b)


# --------------------------------------------------------------------------- reading


def test_every_parameter_and_column_is_described():
    assert set(PARAMETER_LABELS) == {name for name, *_ in npp_template.parameter_fields()}
    assert tuple(COLUMN_HELP) == COLUMNS


@pytest.mark.parametrize("role", ROLES)
def test_megaproject_list_shows_what_the_role_reads(
    planning, other_megaproject, users, client_for, role
):
    response = client_for(users[role]).get("/planning/megaprojects/")
    assert response.status_code == 200
    page = html(response)
    assert (f'data-megaproject="{planning.megaproject.pk}"' in page) == (role in READERS)
    national = role in ("ministry_admin", "analyst")
    assert (f'data-megaproject="{other_megaproject.pk}"' in page) == national
    assert ("/planning/megaprojects/new/" in page) == (role == "ministry_admin")


@pytest.mark.parametrize("role", ROLES)
def test_megaproject_and_plan_pages_are_404_outside_the_scope(planning, users, client_for, role):
    client = client_for(users[role])
    megaproject, plan = planning.megaproject, planning.plan
    paths = [
        f"/planning/megaprojects/{megaproject.pk}/",
        f"/planning/plans/{plan.pk}/",
        f"/planning/plans/{plan.pk}/download/",
    ]
    expected = 200 if role in READERS else 404
    assert [client.get(path).status_code for path in paths] == [expected] * 3
    assert client.post(f"/planning/plans/{plan.pk}/delete/").status_code in (
        (302, 403) if role in READERS else (404,)
    )
    assert StaffingPlan.objects.filter(pk=plan.pk).exists()


def test_enterprise_hr_reads_only_the_megaprojects_it_operates(
    planning, other_megaproject, users, client_for
):
    client = client_for(users["enterprise_hr"])
    path = f"/planning/megaprojects/{other_megaproject.pk}/"
    assert client.get(path).status_code == 404
    assert client.get(f"{path}plans/import/").status_code == 404


def test_megaproject_detail_lists_its_plans_with_rows_and_headcount(planning, users, client_for):
    path = f"/planning/megaprojects/{planning.megaproject.pk}/"
    page = html(client_for(users["analyst"]).get(path))
    assert planning.megaproject.region.name in page
    assert planning.megaproject.enterprise.name in page
    plan_row = re.search(rf'<tr data-plan="{planning.plan.pk}">(.*?)</tr>', page, re.S).group(1)
    assert f"/planning/plans/{planning.plan.pk}/" in plan_row
    assert re.search(r'<td class="num">\s*7\s*</td>', plan_row)  # rows
    assert re.search(r'<td class="num">\s*118\s*</td>', plan_row)  # 115 workers + 3 engineers
    assert 'data-testid="plan-actions"' not in page  # analysts only read


@pytest.mark.parametrize("role", DECLARERS)
def test_declarers_see_the_buttons_to_declare_plans(planning, users, client_for, role):
    page = html(client_for(users[role]).get(f"/planning/megaprojects/{planning.megaproject.pk}/"))
    assert f"/planning/megaprojects/{planning.megaproject.pk}/plans/template/" in page
    assert f"/planning/megaprojects/{planning.megaproject.pk}/plans/import/" in page


def test_plan_detail_shows_curves_peaks_and_rows(planning, users, client_for):
    page = html(client_for(users["enterprise_hr"]).get(f"/planning/plans/{planning.plan.pk}/"))
    assert 'id="phase-chart"' in page and 'id="level-chart"' in page
    assert "data-chart=" in page and "/static/plotly/plotly.min.js" in page
    assert re.search(r'data-testid="peak-worker">\s*30\s*<', page)  # 2030 and 2031: earliest
    assert re.search(r'data-testid="peak-higher">\s*3\s*<', page)
    assert 'data-testid="delete-form"' in page
    assert page.count("<tr><td>20") == 7  # every row, one page
    assert 'data-testid="parameters"' not in page  # imported, not from the template


def test_analyst_sees_no_delete_button(planning, users, client_for):
    page = html(client_for(users["analyst"]).get(f"/planning/plans/{planning.plan.pk}/"))
    assert 'data-testid="delete-form"' not in page
    assert 'data-testid="download"' in page


# --------------------------------------------------------------------------- megaprojects


@pytest.mark.parametrize("role", [role for role in ROLES if role != "ministry_admin"])
def test_only_the_ministry_creates_megaprojects(world, users, client_for, role):
    client = client_for(users[role])
    assert client.get("/planning/megaprojects/new/").status_code == 403
    data = {"code": "X-1", "name": "X", "region": world.region_a.pk}
    assert client.post("/planning/megaprojects/new/", data).status_code == 403
    assert not Megaproject.objects.exists()


def test_ministry_creates_a_megaproject_with_its_operator(world, users, client_for):
    client = client_for(users["ministry_admin"])
    data = {
        "code": "NPP-2",
        "name": "Second NPP",
        "region": world.region_b.pk,
        "enterprise": world.enterprise.bin,
        "description": "",
    }
    response = client.post("/planning/megaprojects/new/", data)
    megaproject = Megaproject.objects.get(code="NPP-2")
    assert response["Location"] == f"/planning/megaprojects/{megaproject.pk}/"
    assert megaproject.enterprise == world.enterprise and megaproject.region == world.region_b
    # the same code again, and a BIN nobody has: both beside their fields
    page = html(client.post("/planning/megaprojects/new/", {**data, "enterprise": "000000000000"}))
    assert "No enterprise in the registry has this BIN." in field_errors(page, "enterprise")
    page = html(client.post("/planning/megaprojects/new/", data))
    assert field_errors(page, "code")
    assert Megaproject.objects.count() == 1


# --------------------------------------------------------------------------- the NPP template


@pytest.mark.parametrize(
    ("role", "status"),
    [("ministry_admin", 200), ("enterprise_hr", 200), ("analyst", 403), ("college_admin_a", 404)],
)
def test_who_may_open_the_declaring_pages(planning, users, client_for, role, status):
    client = client_for(users[role])
    for page in ("template", "import"):
        path = f"/planning/megaprojects/{planning.megaproject.pk}/plans/{page}/"
        assert client.get(path).status_code == status


def test_template_form_shows_every_parameter_with_default_and_source(
    catalogue, planning, users, client_for
):
    path = f"/planning/megaprojects/{planning.megaproject.pk}/plans/template/"
    page = html(client_for(users["enterprise_hr"]).get(path))
    assert "over 6,000 workers and more than 3,000 mid-level specialists" in page
    assert "sources 000 and 001" in page
    for name, default, source in npp_template.parameter_fields():
        if isinstance(default, tuple):
            mix = re.search(rf'data-mix="{name}">(.*?)</div>', page, re.S).group(1)
            code = default[0][0]
            assert f"<code>{code}</code>" in mix
        else:
            row = re.search(rf'<tr data-parameter="{name}">(.*?)</tr>', page, re.S).group(1)
            assert f'name="{name}"' in row and f'value="{default}"' in row
        assert source_parts(source)[1].replace("'", "&#x27;") in page
    assert "Concrete and reinforced concrete works" in page  # a specialty's name
    assert "Civil engineers" in page  # an ISCO-08 unit group's title


def test_template_builds_the_plan_and_its_page_shows_the_published_peaks(
    catalogue, planning, users, client_for
):
    client = client_for(users["enterprise_hr"])
    path = f"/planning/megaprojects/{planning.megaproject.pk}/plans/template/"
    response = client.post(path, template_data())
    plan = StaffingPlan.objects.get(name="NPP template")
    assert response["Location"] == f"/planning/plans/{plan.pk}/"
    expected = npp_template.build(npp_template.NppParameters())
    assert plan.requirements.count() == len(expected) > 500
    assert plan.source == "template" and plan.megaproject == planning.megaproject
    page = html(client.get(response["Location"]))
    for level, peak in (("worker", "6,000"), ("mid_level_specialist", "3,000"), ("higher", "900")):
        assert re.search(rf'data-testid="peak-{level}">\s*{peak}\s*<', page), level
    assert 'data-testid="parameters"' in page and npp_template.SOURCES["peak_workers"] in page
    assert 'data-mix="operation_higher"' in page
    assert "page 1 of" in page and "page 1 of 1<" not in page  # the rows are paginated
    rows_only = html(client.get(response["Location"] + "?page=2", HTTP_HX_REQUEST="true"))
    assert rows_only.startswith('<table data-testid="rows">') and "<h1>" not in rows_only


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"operation_share_workers": 0.5}, "operation_share_workers", "must sum to 1"),
        ({"units": 0}, "units", "Must be from 1 to 10."),
        (
            {"operating_staff_lead_years": 12},
            "operating_staff_lead_years",
            "Must not exceed the years of construction per unit (10).",
        ),
    ],
)
def test_template_names_the_bad_parameter_and_saves_nothing(
    catalogue, planning, users, client_for, changes, field, words
):
    path = f"/planning/megaprojects/{planning.megaproject.pk}/plans/template/"
    response = client_for(users["ministry_admin"]).post(path, template_data(**changes))
    assert response.status_code == 200
    assert words in field_errors(html(response), field)
    assert "The template cannot be built from these values." in html(response)
    assert not StaffingPlan.objects.filter(name="NPP template").exists()


def test_template_without_the_catalogue_says_which_code_is_missing(planning, users, client_for):
    path = f"/planning/megaprojects/{planning.megaproject.pk}/plans/template/"
    page = html(client_for(users["ministry_admin"]).post(path, template_data()))
    assert "The catalogue has no specialty or occupation" in page
    assert not StaffingPlan.objects.filter(name="NPP template").exists()


def test_analyst_may_not_build_a_plan(catalogue, planning, users, client_for):
    path = f"/planning/megaprojects/{planning.megaproject.pk}/plans/template/"
    assert client_for(users["analyst"]).post(path, template_data()).status_code == 403
    assert not StaffingPlan.objects.filter(name="NPP template").exists()


# --------------------------------------------------------------------------- import


def test_the_sample_spreadsheet_imports(catalogue, planning, users, client_for):
    client = client_for(users["enterprise_hr"])
    sample = client.get("/planning/plans/import/sample.xlsx")
    assert sample["Content-Type"] == XLSX and "attachment" in sample["Content-Disposition"]
    header = next(load_workbook(io.BytesIO(sample.content)).active.iter_rows(values_only=True))
    assert header == COLUMNS
    path = f"/planning/megaprojects/{planning.megaproject.pk}/plans/import/"
    page = html(client.get(path))
    assert "/planning/plans/import/sample.xlsx" in page
    assert all(f"<code>{column}</code>" in page for column in COLUMNS)
    response = client.post(path, {"name": "Sample", "file": upload(sample.content)})
    plan = StaffingPlan.objects.get(name="Sample")
    assert response["Location"] == f"/planning/plans/{plan.pk}/"
    assert plan.source == "import" and plan.requirements.count() == len(SAMPLE_ROWS)


def test_a_bad_spreadsheet_shows_every_error_and_changes_nothing(planning, users, client_for):
    specialty = planning.plan.requirements.first().specialty
    content = workbook_bytes(
        [
            (specialty.code, None, "worker", "construction", 2030, 10),
            (specialty.code, None, "boss", "construction", 2030, 10),
            (specialty.code, None, "worker", "construction", 1900, 10),
            ("NOPE-1", None, "worker", "construction", 2031, "ten"),
        ]
    )
    before = (StaffingPlan.objects.count(), StaffingRequirement.objects.count())
    path = f"/planning/megaprojects/{planning.megaproject.pk}/plans/import/"
    response = client_for(users["ministry_admin"]).post(
        path, {"name": "Bad", "file": upload(content)}
    )
    assert response.status_code == 200
    page = html(response)
    errors = field_errors(page, "file")
    assert "row 3, qualification_level" in errors
    assert "row 4, year: 1900 — Must be from 2000 to 2100." in errors
    assert "row 5, specialty_code: &#x27;NOPE-1&#x27; is not in the specialty catalogue" in errors
    assert "row 5, headcount" in errors
    assert "nothing changed" in page and 'data-testid="nothing-saved"' in page
    assert (StaffingPlan.objects.count(), StaffingRequirement.objects.count()) == before


def test_a_file_that_is_not_a_workbook_is_refused(planning, users, client_for):
    path = f"/planning/megaprojects/{planning.megaproject.pk}/plans/import/"
    response = client_for(users["enterprise_hr"]).post(
        path, {"name": "Text", "file": upload(b"year,headcount\n2030,1\n", "plan.csv")}
    )
    assert "not an XLSX workbook" in field_errors(html(response), "file")
    assert not StaffingPlan.objects.filter(name="Text").exists()


def test_a_downloaded_plan_imports_unchanged(catalogue, planning, users, client_for):
    hr = users["enterprise_hr"]
    original = plan_create_from_template(
        actor=hr,
        megaproject=planning.megaproject,
        name="Template",
        parameters=npp_template.NppParameters(),
    )
    client = client_for(hr)
    download = client.get(f"/planning/plans/{original.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    path = f"/planning/megaprojects/{planning.megaproject.pk}/plans/import/"
    client.post(path, {"name": "Again", "file": upload(download.content)})
    copy = StaffingPlan.objects.get(name="Again")
    assert rows_of(copy) == rows_of(original)


# --------------------------------------------------------------------------- delete


def test_a_plan_used_by_a_scenario_is_not_deleted(planning, users, client_for):
    client = client_for(users["enterprise_hr"])
    response = client.post(f"/planning/plans/{planning.plan.pk}/delete/", follow=True)
    assert "A scenario uses this plan; remove it from the scenario first." in html(response)
    assert 'data-testid="plan-scenarios"' not in html(response)  # HR reads no scenarios
    page = html(client_for(users["analyst"]).get(f"/planning/plans/{planning.plan.pk}/"))
    scenarios = re.search(r'data-testid="plan-scenarios">(.*?)</p>', page, re.S).group(1)
    assert f"/planning/scenarios/{planning.scenario.pk}/" in scenarios
    assert StaffingPlan.objects.filter(pk=planning.plan.pk).exists()


def test_operator_deletes_an_unused_plan_and_analyst_may_not(world, planning, users, client_for):
    from qadam.planning.tests.conftest import make_plan

    unused = make_plan(world, planning.megaproject, name="Draft")
    path = f"/planning/plans/{unused.pk}/delete/"
    assert client_for(users["analyst"]).post(path).status_code == 403
    assert client_for(users["enterprise_hr"]).get(path).status_code == 405
    response = client_for(users["enterprise_hr"]).post(path)
    assert response["Location"] == f"/planning/megaprojects/{planning.megaproject.pk}/"
    assert not StaffingPlan.objects.filter(pk=unused.pk).exists()


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(("language", "construction"), [("ru", "строительство"), ("kk", "құрылыс")])
def test_plan_page_renders_in_russian_and_kazakh(
    planning, users, client_for, language, construction
):
    client = client_for(users["enterprise_hr"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = html(client.get(f"/planning/plans/{planning.plan.pk}/"))
    assert f'<html lang="{language}">' in page
    assert construction in page


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_template_and_import_pages_render_in_russian_and_kazakh(
    catalogue, planning, users, client_for, language
):
    client = client_for(users["enterprise_hr"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for page in ("template", "import"):
        response = client.get(f"/planning/megaprojects/{planning.megaproject.pk}/plans/{page}/")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in html(response)
