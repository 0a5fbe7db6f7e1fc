"""A run's seats declare their filters once (planning.filters): the seat page, the API and
the export read that declaration, so the same filter values give the same seats in all
three, and a malformed value is dropped by the page, 422 in the API and 400 from the
export. The other planning exports read a declaration too (the plan, or none)."""

import re

import pytest
from django.db.models import F

from qadam.common.exports import exporter_get
from qadam.common.filters import NoFilters
from qadam.common.tests.exporting import column, export_cells, export_post, values
from qadam.planning.filters import PlanRowFilters, RunSeatFilters, SeatFilters
from qadam.planning.models import SeatAllocation

API = "/api/v1/planning"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def openapi(db, client_for):
    return client_for(None).get("/api/openapi.json").json()


@pytest.fixture
def ministry(users, client_for):
    return client_for(users["ministry_admin"])


def key(seat: SeatAllocation) -> str:
    return f"{seat.program.institution.code} {seat.program.specialty.code}"


def page_seats(client, run, filters) -> list[str]:
    html = client.get(f"/planning/runs/{run.pk}/seats/", filters, **HTMX).content.decode()
    ids = [int(pk) for pk in re.findall(r'<tr data-seat="(\d+)"', html)]
    seats = SeatAllocation.objects.select_related("program__institution", "program__specialty")
    return sorted(key(seat) for seat in seats.filter(pk__in=ids))


def api_response(client, run, filters):
    return client.get(f"{API}/runs/{run.pk}/seats", filters)


def api_seats(client, run, filters) -> list[str]:
    response = api_response(client, run, filters)
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    return sorted(f"{item['institution_code']} {item['specialty_code']}" for item in items)


def exported_seats(client, capture, run, filters) -> list[str]:
    cells = export_cells(client, capture, "planning.seats", language="en", run=run.pk, **filters)
    rows = values(cells)
    return sorted(
        f"{c} {s}"
        for c, s in zip(column(rows, "college code"), column(rows, "specialty code"), strict=True)
    )


@pytest.mark.parametrize(
    "values_of",
    [
        lambda w: {"region": w.region_b.pk},
        lambda w: {"specialty": w.programs_a[1].specialty_id},
        lambda w: {"institution": w.college_a.pk},
        lambda w: {"changed": "1"},
        lambda w: {"changed": "on", "region": w.region_a.pk},
    ],
)
def test_the_same_filters_give_the_same_seats_on_the_page_in_the_api_and_the_export(
    world, ministry, planning, django_capture_on_commit_callbacks, settings, values_of
):
    settings.QADAM_PAGE_SIZE = 1000
    run, filters = planning.run, values_of(world)
    kept = SeatAllocation.objects.get(run=run, program=world.programs_a[0])
    SeatAllocation.objects.filter(pk=kept.pk).update(seats=F("last_year_seats"))
    shown = page_seats(ministry, run, filters)
    assert 0 < len(shown) < len(page_seats(ministry, run, {}))  # the filter filters
    assert api_seats(ministry, run, filters) == shown
    capture = django_capture_on_commit_callbacks
    assert exported_seats(ministry, capture, run, filters) == shown


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("region", "north"),
        ("specialty", "99999999999999999999"),
        ("institution", "0"),
        ("changed", "maybe"),
    ],
)
def test_a_malformed_filter_is_dropped_by_the_page_422_in_the_api_400_from_the_export(
    ministry, planning, django_capture_on_commit_callbacks, settings, field, value
):
    settings.QADAM_PAGE_SIZE = 1000
    run, bad = planning.run, {field: value}
    assert page_seats(ministry, run, bad) == page_seats(ministry, run, {})
    response = api_response(ministry, run, bad)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]
    response, job = export_post(
        ministry, django_capture_on_commit_callbacks, "planning.seats", run=run.pk, **bad
    )
    assert response.status_code == 400 and job is None
    assert f"“{field}”" in response.content.decode()


def test_the_api_documents_the_seats_declaration_and_the_export_adds_only_the_run(openapi):
    operation = openapi["paths"][f"{API}/runs/{{run_id}}/seats"]["get"]
    documented = {p["name"] for p in operation["parameters"]} - {"run_id", "page", "page_size"}
    assert documented == set(SeatFilters.model_fields)
    assert exporter_get("planning.seats").filters is RunSeatFilters
    assert set(RunSeatFilters.model_fields) - set(SeatFilters.model_fields) == {"run"}


@pytest.mark.parametrize(
    ("name", "declaration"),
    [
        ("planning.scenarios", NoFilters),
        ("planning.megaprojects", NoFilters),
        ("planning.plan_rows", PlanRowFilters),
        ("planning.seats", RunSeatFilters),
    ],
)
def test_every_planning_export_reads_a_declaration(name, declaration):
    assert exporter_get(name).filters is declaration
