"""The register and academic mobility declare their filters once (agreements.filters): the
page, the API and the export read that one declaration, so the same filter values give the
same rows in all three, and a malformed value is dropped by the page, 422 in the API and
400 from the export. The overdue page takes no filters."""

import re
from dataclasses import dataclass
from typing import Any

import pytest

from qadam.agreements.filters import AgreementFilters, MobilityFilters
from qadam.agreements.models import Mobility
from qadam.common.exports import exporter_get
from qadam.common.filters import ListFilters, NoFilters
from qadam.common.models import Job
from qadam.common.tests.exporting import column, export_post, export_values

API = "/api/v1/partnerships"


@dataclass(frozen=True)
class List:
    page: str
    api: str
    export: str
    declaration: type[ListFilters]
    page_key: str  # a regex over the page: one match per row
    api_key: str  # the API item's field holding the same value
    export_key: str  # the export's column holding it


LISTS = {
    "register": List(
        "/partnerships/", "/agreements", "agreements.register", AgreementFilters,
        r'<tr data-number="([^"]+)"', "number", "number",
    ),
    "mobility": List(
        "/partnerships/mobility/", "/mobility", "agreements.mobility", MobilityFilters,
        r'<tr data-mobility="(\d+)"', "id", "full name",
    ),
}  # fmt: skip


@pytest.fixture
def openapi(db, client_for):
    return client_for(None).get("/api/openapi.json").json()


@pytest.fixture
def ministry(users, client_for, settings):
    settings.QADAM_PAGE_SIZE = 1000
    return client_for(users["ministry_admin"])


def page_rows(client, spec: List, filters: dict[str, Any]) -> list[str]:
    html = client.get(spec.page, filters).content.decode()
    rows = re.findall(spec.page_key, html)
    if spec is LISTS["mobility"]:  # the table shows names; the rows carry the record's id
        names = dict(Mobility.objects.values_list("pk", "full_name"))
        rows = [names[int(pk)] for pk in rows]
    return sorted(rows)


def api_response(client, spec: List, filters: dict[str, Any]):
    return client.get(f"{API}{spec.api}", filters)


def api_rows(client, spec: List, filters: dict[str, Any]) -> list[str]:
    response = api_response(client, spec, filters)
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    if spec is LISTS["mobility"]:
        return sorted(item["full_name"] for item in items)
    return sorted(str(item[spec.api_key]) for item in items)


# the filters that narrow each list in the partnerships fixture (fixtures -> query values)
NARROWING = [
    ("register", lambda w, p: {"kind": "patronage"}),
    ("register", lambda w, p: {"status": "signed"}),
    ("register", lambda w, p: {"country": "ru"}),
    ("register", lambda w, p: {"region": w.region_b.pk}),
    ("register", lambda w, p: {"enterprise": w.enterprise.pk, "q": "P-0"}),
    ("register", lambda w, p: {"institution": p.russian_university.pk}),
    ("mobility", lambda w, p: {"direction": "incoming"}),
    ("mobility", lambda w, p: {"person_kind": "educator"}),
    ("mobility", lambda w, p: {"host_country": "RU", "funding": "host_scholarship"}),
    ("mobility", lambda w, p: {"home_country": "ru"}),
    ("mobility", lambda w, p: {"institution": w.college_a.pk}),
    ("mobility", lambda w, p: {"scholarship": "no"}),
    ("mobility", lambda w, p: {"scholarship": "yes", "q": "арман"}),
    ("mobility", lambda w, p: {"status": "abroad"}),
]


@pytest.mark.parametrize(("name", "values"), NARROWING)
def test_the_same_filters_give_the_same_rows_on_the_page_in_the_api_and_in_the_export(
    world, partnerships, ministry, django_capture_on_commit_callbacks, name, values
):
    spec, filters = LISTS[name], values(world, partnerships)
    shown = page_rows(ministry, spec, filters)
    assert 0 < len(shown) < len(page_rows(ministry, spec, {}))  # the filter filters
    assert api_rows(ministry, spec, filters) == shown
    rows = export_values(ministry, django_capture_on_commit_callbacks, spec.export, **filters)
    assert sorted(column(rows, spec.export_key)) == shown


MALFORMED = [
    ("register", "kind", "castle"),
    ("register", "status", "<script>"),
    ("register", "country", "RUS"),
    ("register", "region", "abc"),
    ("register", "enterprise", "0"),
    ("register", "institution", "99999999999999999999"),
    ("mobility", "direction", "sideways"),
    ("mobility", "person_kind", "robot"),
    ("mobility", "host_country", "7"),
    ("mobility", "institution", "-1"),
    ("mobility", "funding", "nope"),
    ("mobility", "scholarship", "maybe"),
    ("mobility", "status", "bogus"),
]


@pytest.mark.parametrize(("name", "field", "value"), MALFORMED)
def test_a_malformed_filter_is_dropped_by_the_page_422_in_the_api_400_from_the_export(
    partnerships, ministry, django_capture_on_commit_callbacks, name, field, value
):
    spec, bad = LISTS[name], {field: value}
    assert page_rows(ministry, spec, bad) == page_rows(ministry, spec, {})
    response = api_response(ministry, spec, bad)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]
    response, job = export_post(ministry, django_capture_on_commit_callbacks, spec.export, **bad)
    assert response.status_code == 400 and job is None
    assert f"“{field}”" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("path", "declaration"),
    [
        ("/agreements", AgreementFilters),
        ("/agreements/figures", AgreementFilters),
        ("/agreements/export", AgreementFilters),
        ("/mobility", MobilityFilters),
        ("/mobility/figures", MobilityFilters),
    ],
)
def test_the_api_documents_the_lists_declaration(openapi, path, declaration):
    operation = openapi["paths"][f"{API}{path}"]
    operation = operation.get("get") or operation["post"]
    documented = {p["name"] for p in operation["parameters"]} - {"page", "page_size"}
    assert documented == set(declaration.model_fields)


@pytest.mark.parametrize(
    ("name", "declaration"),
    [
        ("agreements.register", AgreementFilters),
        ("agreements.mobility", MobilityFilters),
        ("agreements.overdue", NoFilters),
    ],
)
def test_every_partnership_export_reads_a_declaration(name, declaration):
    assert exporter_get(name).filters is declaration


def test_the_register_charts_read_the_registers_declaration(partnerships, ministry):
    """The charts page drops a malformed filter as the table does; its API refuses it."""

    def charts(filters):
        html = ministry.get("/partnerships/charts/", filters).content.decode()
        return re.search(r"<main.*</main>", html, re.S).group(0)  # not the menu's tokens

    assert charts({"kind": "castle"}) == charts({})
    assert charts({"kind": "patronage"}) != charts({})
    response = ministry.get(f"{API}/agreements/figures", {"kind": "castle"})
    assert response.status_code == 422
    narrowed = ministry.get(f"{API}/agreements/figures", {"kind": "patronage"}).json()
    assert narrowed != ministry.get(f"{API}/agreements/figures").json()


def test_a_search_is_cleaned_never_refused(
    partnerships, ministry, django_capture_on_commit_callbacks
):
    """A search longer than the box takes is cut to 100 characters, a control character
    dropped: the page, the API and the export search the same text."""
    spec, filters = LISTS["register"], {"q": "P-0\x01" + "1" * 200}
    assert page_rows(ministry, spec, filters) == []  # "P-0111…" matches no number
    assert page_rows(ministry, spec, {"q": "P-\x010"}) == ["P-001"]
    assert api_rows(ministry, spec, {"q": "P-\x010"}) == ["P-001"]
    assert api_rows(ministry, spec, filters) == []
    rows = export_values(
        ministry, django_capture_on_commit_callbacks, spec.export, q="P-\x010" + " " * 200
    )
    assert column(rows, "number") == ["P-001"]
