"""Each registry list declares its filters once (registry.filters): its page, its API and its
export read that one declaration, so the same filter values give the same rows in all three,
and a malformed value is dropped by the page, 422 in the API and 400 from the export."""

import re
from dataclasses import dataclass
from typing import Any

import pytest

from qadam.common.exports import exporter_get
from qadam.common.filters import ListFilters
from qadam.common.models import Job
from qadam.common.tests.exporting import column, export_post, export_values
from qadam.registry.filters import (
    EnterpriseFilters,
    InstitutionFilters,
    ProgramFilters,
    SpecialtyFilters,
    StudentCountFilters,
    StudentFilters,
)
from qadam.registry.tests.factories import EnterpriseFactory

API = "/api/v1/registry"


@dataclass(frozen=True)
class List:
    page: str
    api: str
    export: str
    declaration: type[ListFilters]
    page_key: str  # a regex over the page's table: one match per row
    api_key: str  # the API item's field holding the same value
    export_key: str | None  # the export's column holding it (None: count the rows)


LISTS = {
    "students": List(
        "/registry/students/", "/students", "registry.students", StudentFilters,
        r"<td>(\d{12})</td>", "iin", "ИИН",
    ),
    "institutions": List(
        "/registry/institutions/", "/institutions", "registry.institutions", InstitutionFilters,
        r'href="/registry/institutions/(\d+)/"', "id", None,
    ),
    "enterprises": List(
        "/registry/enterprises/", "/enterprises", "registry.enterprises", EnterpriseFilters,
        r"<td>(\d{12})</td>", "bin", "БИН",
    ),
    "programs": List(
        "/registry/programs/", "/programs", "registry.programs", ProgramFilters,
        r'href="/registry/programs/(\d+)/"', "id", None,
    ),
    "specialties": List(
        "/registry/specialties/", "/specialties", "registry.specialties", SpecialtyFilters,
        r"<tr><td>([^<]+)</td>", "code", "код",
    ),
}  # fmt: skip


@pytest.fixture
def openapi(db, client_for):
    return client_for(None).get("/api/openapi.json").json()


@pytest.fixture
def ministry(users, client_for):
    return client_for(users["ministry_admin"])


def page_rows(client, spec: List, filters: dict[str, Any]) -> list[str]:
    html = client.get(spec.page, filters).content.decode()
    table = re.search(r'data-testid="results">(.*?)</table>', html, re.S)
    assert table is not None
    return sorted(re.findall(spec.page_key, table.group(1)))


def api_response(client, spec: List, filters: dict[str, Any]):
    return client.get(f"{API}{spec.api}", filters)


def api_rows(client, spec: List, filters: dict[str, Any]) -> list[str]:
    response = api_response(client, spec, filters)
    assert response.status_code == 200, response.content
    return sorted(str(item[spec.api_key]) for item in response.json()["items"])


# the filters of each list that narrow it in the test world (world -> query values)
NARROWING = [
    ("students", lambda w: {"funding": "paid"}),
    ("students", lambda w: {"region": w.region_b.pk, "q": "Аб"}),
    ("students", lambda w: {"institution": w.college_a.pk, "year_of_study": "2"}),
    ("students", lambda w: {"specialty": w.programs_a[0].specialty_id, "status": "active"}),
    ("institutions", lambda w: {"kind": "college"}),
    ("institutions", lambda w: {"region": w.region_b.pk, "q": w.branch.name_en}),
    ("enterprises", lambda w: {"sector": "construction"}),
    ("enterprises", lambda w: {"region": w.region_a.pk}),
    ("programs", lambda w: {"institution": w.college_b.pk}),
    ("programs", lambda w: {"region": w.region_a.pk, "sector": "services"}),
    ("specialties", lambda w: {"sector": "services"}),
    ("specialties", lambda w: {"q": w.programs_b[1].specialty.code}),
]


@pytest.mark.parametrize(("name", "values"), NARROWING)
def test_the_same_filters_give_the_same_rows_on_the_page_in_the_api_and_in_the_export(
    world, users, ministry, django_capture_on_commit_callbacks, settings, name, values
):
    settings.QADAM_PAGE_SIZE = 1000
    EnterpriseFactory(region=world.region_b, sector="construction")
    spec, filters = LISTS[name], values(world)
    shown = page_rows(ministry, spec, filters)
    assert 0 < len(shown) < len(page_rows(ministry, spec, {}))  # the filter filters
    assert api_rows(ministry, spec, filters) == shown
    rows = export_values(ministry, django_capture_on_commit_callbacks, spec.export, **filters)
    assert len(rows) - 1 == len(shown)
    if spec.export_key:
        assert sorted(column(rows, spec.export_key)) == shown


MALFORMED = [
    ("students", "funding", "free"),
    ("students", "status", "<script>"),
    ("students", "region", "abc"),
    ("students", "year_of_study", "-1"),
    ("institutions", "kind", "castle"),
    ("institutions", "region", "99999999999999999999"),
    ("enterprises", "sector", "oil-and-gas"),
    ("programs", "institution", "0"),
    ("specialties", "sector", "x"),
]


@pytest.mark.parametrize(("name", "field", "value"), MALFORMED)
def test_a_malformed_filter_is_dropped_by_the_page_422_in_the_api_400_from_the_export(
    world, users, ministry, django_capture_on_commit_callbacks, settings, name, field, value
):
    settings.QADAM_PAGE_SIZE = 1000
    spec, bad = LISTS[name], {field: value}
    assert page_rows(ministry, spec, bad) == page_rows(ministry, spec, {})
    response = api_response(ministry, spec, bad)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]
    response, job = export_post(ministry, django_capture_on_commit_callbacks, spec.export, **bad)
    assert response.status_code == 400 and job is None
    assert re.search(f"[«“]{field}[»”]", response.content.decode())


@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_api_documents_the_lists_declaration_and_the_export_reads_it(openapi, name):
    spec = LISTS[name]
    assert exporter_get(spec.export).filters is spec.declaration
    operation = openapi["paths"][f"{API}{spec.api}"]["get"]
    documented = {p["name"] for p in operation["parameters"]} - {"page", "page_size"}
    assert documented == set(spec.declaration.model_fields)


def test_the_api_lists_a_choices_values(openapi):
    operation = openapi["paths"][f"{API}/students"]["get"]
    funding = next(p for p in operation["parameters"] if p["name"] == "funding")
    assert funding["schema"]["enum"] == ["", "state_order", "paid", "targeted", "scholarship"]


def test_a_blank_filter_is_no_filter_in_the_api(world, ministry):
    spec = LISTS["students"]
    blank = {"region": "", "funding": "", "year_of_study": ""}
    assert api_rows(ministry, spec, blank) == api_rows(ministry, spec, {})


# --------------------------------------------------------------------------- counts


def test_the_counts_page_its_api_and_its_export_read_one_declaration(
    world, users, client_for, django_capture_on_commit_callbacks
):
    assert exporter_get("registry.student_counts").filters is StudentCountFilters
    analyst = client_for(users["analyst"])
    filters = {"by": "funding", "region": world.region_a.pk}
    html = analyst.get("/registry/students/", filters).content.decode()
    table = re.search(r'data-testid="counts">(.*?)</table>', html, re.S).group(1)
    shown = re.findall(r'<tr><td>([^<]+)</td><td class="num">([^<]+)</td></tr>', table)
    # an analyst's counts below 5 are "<5", the same on the page, in the API and the export
    assert shown == [("госзаказ", "&lt;5"), ("платное обучение", "&lt;5")]
    body = analyst.get(f"{API}/students/counts", filters).json()
    assert [(row["key"], row["count"]) for row in body] == [("state_order", "<5"), ("paid", "<5")]
    rows = export_values(
        analyst, django_capture_on_commit_callbacks, "registry.student_counts", **filters
    )
    assert [tuple(row) for row in rows[1:]] == [("госзаказ", "<5"), ("платное обучение", "<5")]


def test_an_unknown_grouping_is_by_region_on_the_page_422_in_the_api_400_from_the_export(
    world, users, client_for, django_capture_on_commit_callbacks
):
    analyst = client_for(users["analyst"])
    page = analyst.get("/registry/students/", {"by": "iin"}).content.decode()
    by_region = analyst.get("/registry/students/", {"by": "region"}).content.decode()
    counts = re.compile(r'data-testid="counts">.*?</table>', re.S)
    assert counts.search(page).group(0) == counts.search(by_region).group(0)
    assert analyst.get(f"{API}/students/counts", {"by": "iin"}).status_code == 422
    response, job = export_post(
        analyst, django_capture_on_commit_callbacks, "registry.student_counts", by="iin"
    )
    assert response.status_code == 400 and job is None
    assert not Job.objects.exists()
