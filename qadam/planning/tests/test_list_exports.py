"""The planning lists as XLSX: scenarios, megaprojects, a staffing plan's rows and a run's
seats with the seat page's filters; as each page shows them, headers in the request's
language, no cell a formula, nothing to roles that may not read planning."""

import re

import pytest

from qadam.common.tests.exporting import (
    column,
    export_cells,
    export_post,
    export_values,
    no_formula,
)
from qadam.planning.models import AllocationRun, Megaproject
from qadam.planning.services import run_prepare, scenario_copy
from qadam.planning.tests.conftest import make_plan
from qadam.registry.tests.factories import EnterpriseFactory, UserFactory

FORMULA = '=HYPERLINK("http://evil.example","click")'
HTMX = {"HTTP_HX_REQUEST": "true"}
READERS = ["ministry_admin", "analyst"]
OTHERS = ["college_admin_a", "enterprise_hr", "student", "guidance_organiser"]


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def export(client_for, capture):
    def run(user, name, **params):
        return export_values(client_for(user), capture, name, **params)

    return run


def refused(client_for, capture, user, name, **params):
    response, job = export_post(client_for(user), capture, name, **params)
    assert job is None
    return response.status_code


# --------------------------------------------------------------------------- scenarios


@pytest.mark.parametrize("role", READERS)
def test_the_scenarios_export_holds_the_planning_homes_rows(
    users, client_for, export, planning, role
):
    scenario_copy(actor=users["ministry_admin"], scenario=planning.scenario, name="Not run")
    page = client_for(users[role]).get("/planning/").content.decode()
    rows = export(users[role], "planning.scenarios", language="ru")
    assert rows[0][:5] == ["сценарий", "год приёма", "мегапроекты", "последний запуск", "статус"]
    assert column(rows, "сценарий") == ["Not run", "Base"]  # newest first, as on the page
    assert page.count("data-scenario=") == 2
    base = rows[2]
    assert base[1:5] == [2027, "NPP-T", planning.run.pk, "завершено"]
    assert base[5] == planning.run.results["allocation"]["seats"]
    assert rows[1][3:5] == [None, "запусков ещё не было"]


@pytest.mark.parametrize("role", OTHERS)
def test_roles_outside_planning_cannot_export_scenarios(users, client_for, capture, planning, role):
    assert refused(client_for, capture, users[role], "planning.scenarios") == 404


# --------------------------------------------------------------------------- megaprojects


@pytest.mark.parametrize(
    ("role", "codes"),
    [
        ("ministry_admin", ["NPP-T", "X-1"]),
        ("analyst", ["NPP-T", "X-1"]),
        ("enterprise_hr", ["NPP-T"]),  # the operator sees its own
        ("college_admin_a", []),
    ],
)
def test_the_megaprojects_export_holds_what_the_page_lists(
    world, users, client_for, capture, planning, role, codes
):
    Megaproject.objects.create(
        code="X-1", name=FORMULA, region=world.region_b, enterprise=EnterpriseFactory()
    )
    client = client_for(users[role])
    page = client.get("/planning/megaprojects/").content.decode()
    assert page.count("data-megaproject=") == len(codes)
    cells = export_cells(client, capture, "planning.megaprojects")
    rows = [[c.value for c in row] for row in cells]
    assert column(rows, "code") == codes
    if "X-1" in codes:
        assert column(rows, "megaproject")[codes.index("X-1")] == "'" + FORMULA
        assert column(rows, "staffing plans")[codes.index("NPP-T")] == 1
    assert no_formula(cells)


# --------------------------------------------------------------------------- plan rows


@pytest.mark.parametrize("role", ["ministry_admin", "analyst", "enterprise_hr"])
def test_a_plans_rows_export_holds_every_row(world, users, client_for, export, planning, role):
    page = client_for(users[role]).get(f"/planning/plans/{planning.plan.pk}/").content.decode()
    assert 'data-exporter="planning.plan_rows"' in page
    rows = export(users[role], "planning.plan_rows", plan=planning.plan.pk, language="ru")
    assert rows[0][0] == "год" and rows[0][-1] == "численность"
    assert len(rows) - 1 == planning.plan.requirements.count() == 7
    assert sum(column(rows, "численность")) == sum(
        r.headcount for r in planning.plan.requirements.all()
    )


@pytest.mark.parametrize("role", ["college_admin_a", "student", "guidance_organiser"])
def test_a_plan_out_of_sight_is_404(users, client_for, capture, planning, role):
    status = refused(client_for, capture, users[role], "planning.plan_rows", plan=planning.plan.pk)
    assert status == 404


def test_another_operator_cannot_export_the_plan(world, users, client_for, capture, planning):
    other = Megaproject.objects.create(code="X-2", name="Other", region=world.region_b)
    plan = make_plan(world, other, name="Theirs")
    hr = users["enterprise_hr"]  # operator of NPP-T only
    assert refused(client_for, capture, hr, "planning.plan_rows", plan=plan.pk) == 404
    assert (
        refused(
            client_for,
            capture,
            UserFactory.enterprise_hr(),
            "planning.plan_rows",
            plan=planning.plan.pk,
        )
        == 404
    )


@pytest.mark.parametrize("params", [{}, {"plan": "x"}, {"plan": "1.5"}, {"plan": "10" * 20}])
def test_a_plan_export_needs_a_valid_plan(users, client_for, capture, planning, params):
    status = refused(client_for, capture, users["ministry_admin"], "planning.plan_rows", **params)
    assert status == 400


# --------------------------------------------------------------------------- seats


@pytest.mark.parametrize(
    "filters",
    [{}, {"region": "A"}, {"institution": "B"}, {"changed": "1"}, {"specialty": "S"}],
)
def test_the_seats_export_holds_the_seat_tables_rows(
    world, users, client_for, export, planning, settings, filters
):
    values = {
        "A": world.region_a.pk,
        "B": world.college_b.pk,
        "S": world.programs_a[0].specialty_id,
        "1": "1",
    }
    filters = {key: values[value] for key, value in filters.items()}
    settings.QADAM_PAGE_SIZE = 1000
    client = client_for(users["analyst"])
    partial = client.get(f"/planning/runs/{planning.run.pk}/seats/", filters, **HTMX)
    page = partial.content.decode()
    shown = re.findall(r'<tr data-seat="(\d+)"', page)
    form = re.search(r'<form[^>]*data-exporter="planning.seats".*?</form>', page, re.S).group(0)
    assert f'name="run" value="{planning.run.pk}"' in form
    for key, value in filters.items():
        assert f'name="{key}" value="{value}"' in form
    rows = export(users["analyst"], "planning.seats", run=planning.run.pk, **filters)
    assert len(rows) - 1 == len(shown) > 0
    if "institution" in filters:
        assert set(column(rows, "college")) == {world.college_b.name_en}
    if "changed" in filters:
        assert all(change != 0 for change in column(rows, "change"))


def test_the_seats_export_is_the_ministrys_file_in_the_users_language(
    world, users, client_for, capture, planning
):
    cells = export_cells(
        client_for(users["ministry_admin"]),
        capture,
        "planning.seats",
        language="ru",
        run=planning.run.pk,
    )
    header = [c.value for c in cells[0]]
    assert header[0] == "регион" and "новые места" in header and "места прошлого года" in header
    assert sum(row[8].value for row in cells[1:]) == sum(s.seats for s in planning.run.seats.all())
    assert no_formula(cells)


def test_an_unfinished_runs_seats_are_400(users, client_for, capture, planning):
    copy = scenario_copy(actor=users["ministry_admin"], scenario=planning.scenario, name="Q")
    queued = run_prepare(scenario=copy)
    assert queued.status == AllocationRun.Status.QUEUED
    status = refused(client_for, capture, users["ministry_admin"], "planning.seats", run=queued.pk)
    assert status == 400


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_cannot_export_seats(users, client_for, capture, planning, role):
    assert refused(client_for, capture, users[role], "planning.seats", run=planning.run.pk) == 404


@pytest.mark.parametrize(
    "params", [{"run": "x"}, {"run": "1", "changed": "maybe"}, {"run": "1", "region": "-3"}]
)
def test_malformed_seat_filters_are_400(users, client_for, capture, planning, params):
    assert refused(client_for, capture, users["analyst"], "planning.seats", **params) == 400
