"""A round's offers declare their filters once (placements.filters): the round's page, a
student's list of the offers open to them, the API and the export read that declaration, so
the same filter values give the same offers in all of them, and a malformed value is dropped
by the page, 422 in the API and 400 from the export."""

import re

import pytest

from qadam.common.exports import exporter_get
from qadam.common.filters import NoFilters
from qadam.common.tests.exporting import column, export_post, export_values
from qadam.placements.filters import (
    ApplicantFilters,
    OfferFilters,
    PlacementFilters,
    RoundOfferFilters,
)

API = "/api/v1/placements"


@pytest.fixture
def openapi(db, client_for):
    return client_for(None).get("/api/openapi.json").json()


@pytest.fixture
def ministry(users, client_for):
    return client_for(users["ministry_admin"])


def page_offers(client, url, filters, table="results"):
    html = client.get(url, filters).content.decode()
    found = re.search(rf'data-testid="{table}">(.*?)</table>', html, re.S)
    assert found is not None
    return sorted(int(pk) for pk in re.findall(r'data-offer="(\d+)"', found.group(1)))


def api_offers(client, round_id, filters):
    response = client.get(f"{API}/rounds/{round_id}/offers", filters)
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["items"])


def exported_offers(client, capture, round_id, filters):
    rows = export_values(client, capture, "placements.offers", round=round_id, **filters)
    return sorted(column(rows, "#"))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (lambda w, r: {"kind": "targeted"}, ["pipe"]),
        (lambda w, r: {"region": w.region_b.pk}, ["pipe"]),
        (lambda w, r: {"q": "cook"}, ["cafe"]),
        (lambda w, r: {"specialty": w.programs_b[1].specialty_id}, ["cafe"]),
        (lambda w, r: {"enterprise": w.enterprise.pk, "kind": "dual"}, ["cafe", "weld"]),
    ],
)
def test_the_same_filters_give_the_same_offers_on_the_page_in_the_api_and_the_export(
    world, ministry, open_round, django_capture_on_commit_callbacks, values, expected
):
    round_id = open_round.round.pk
    filters = values(world, open_round)
    shown = page_offers(ministry, f"/placements/rounds/{round_id}/", filters)
    assert shown == sorted(getattr(open_round, name).pk for name in expected)
    assert api_offers(ministry, round_id, filters) == shown
    assert exported_offers(ministry, django_capture_on_commit_callbacks, round_id, filters) == shown


def test_a_students_offers_open_to_them_are_the_same_in_all_three(
    world, users, client_for, open_round, django_capture_on_commit_callbacks
):
    """The student's page always filters by their specialty; the API and the export do
    when asked (`compatible`), with the page's other filters."""
    client, round_id = client_for(users["student"]), open_round.round.pk
    url = f"/placements/rounds/{round_id}/my/"
    for filters, expected in [({}, ["pipe", "weld"]), ({"kind": "targeted"}, ["pipe"])]:
        shown = page_offers(client, url, filters, table="compatible-offers")
        assert shown == sorted(getattr(open_round, name).pk for name in expected)
        asked = {**filters, "compatible": "1"}
        assert api_offers(client, round_id, asked) == shown
        capture = django_capture_on_commit_callbacks
        assert exported_offers(client, capture, round_id, asked) == shown


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "bogus"), ("region", "abc"), ("specialty", "0"), ("compatible", "maybe")],
)
def test_a_malformed_filter_is_dropped_by_the_page_422_in_the_api_400_from_the_export(
    world, ministry, open_round, django_capture_on_commit_callbacks, field, value
):
    round_id, bad = open_round.round.pk, {field: value}
    url = f"/placements/rounds/{round_id}/"
    assert page_offers(ministry, url, bad) == page_offers(ministry, url, {})
    response = ministry.get(f"{API}/rounds/{round_id}/offers", bad)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]
    response, job = export_post(
        ministry, django_capture_on_commit_callbacks, "placements.offers", round=round_id, **bad
    )
    assert response.status_code == 400 and job is None
    assert f"“{field}”" in response.content.decode()


def test_the_api_documents_the_offers_declaration_and_the_export_adds_only_the_round(
    openapi,
):
    operation = openapi["paths"][f"{API}/rounds/{{round_id}}/offers"]["get"]
    documented = {p["name"] for p in operation["parameters"]} - {"round_id", "page", "page_size"}
    assert documented == set(OfferFilters.model_fields)
    assert exporter_get("placements.offers").filters is RoundOfferFilters
    assert set(RoundOfferFilters.model_fields) - set(OfferFilters.model_fields) == {"round"}


@pytest.mark.parametrize(
    ("name", "declaration"),
    [
        ("placements.rounds", NoFilters),
        ("placements.offers", RoundOfferFilters),
        ("placements.placements", PlacementFilters),
        ("placements.applicants", ApplicantFilters),
        ("placements.contracts", NoFilters),
    ],
)
def test_every_placement_export_reads_a_declaration(name, declaration):
    assert exporter_get(name).filters is declaration
