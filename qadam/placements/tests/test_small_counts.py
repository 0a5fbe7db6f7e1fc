"""Analysts never see a count of people from 1 to 4 (qadam.common.disclosure): a round's
applicants, placements and filled seats are "<5" to them on the round's page and its charts,
the rounds list and its export, and the API; a total beside masked rows gives none away. The
ministry sees every figure exactly."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qadam.common.tests.exporting import column, export_values
from qadam.placements import selectors
from qadam.placements.tests.factories import RoundFactory
from qadam.registry.selectors import INSTITUTIONS_SHOWN
from qadam.registry.tests.factories import InstitutionFactory

API = "/api/v1/placements"


def crafted_round(world):
    """A matched round's stored figures: region A 10 applicants (8 placed, 6 at their first
    choice), region B 3 (all placed, 1 at their first choice); the dual offers filled 9 of 12
    seats, the targeted 2 of 2."""
    summary = {
        "applicants": 13,
        "applications": 40,
        "placed": 11,
        "first_choice": 7,
        "offers": 4,
        "seats": 14,
        "filled": 11,
        "proposals": 20,
        "blocking_pairs": 0,
        "by_region": [
            {"region_id": world.region_a.pk, "applicants": 10, "placed": 8, "first_choice": 6,
             "offers": 3, "seats": 12, "filled": 9},
            {"region_id": world.region_b.pk, "applicants": 3, "placed": 3, "first_choice": 1,
             "offers": 1, "seats": 2, "filled": 2},
        ],
        "by_specialty": [
            {"specialty_id": world.programs_a[0].specialty_id, "applicants": 13, "placed": 11,
             "first_choice": 7},
        ],
        "by_kind": [
            {"kind": "dual", "offers": 3, "seats": 12, "filled": 9},
            {"kind": "targeted", "offers": 1, "seats": 2, "filled": 2},
        ],
    }  # fmt: skip
    return RoundFactory.create(status="published", summary=summary)


def test_an_analyst_sees_small_round_figures_as_less_than_five(world, users):
    placement_round = crafted_round(world)
    figures = selectors.round_statistics(user=users["analyst"], placement_round=placement_round)
    regions = {row["region_id"]: row for row in figures["by_region"]}
    b = regions[world.region_b.pk]
    assert (b["applicants"], b["placed"], b["first_choice"], b["filled"]) == ("<5",) * 4
    a = regions[world.region_a.pk]
    assert (a["applicants"], a["placed"], a["first_choice"], a["filled"]) == (10, 8, 6, 9)
    assert {row["kind"]: row["filled"] for row in figures["by_kind"]} == {
        "dual": 9,
        "targeted": "<5",
    }
    # region B alone is masked: an exact total would give it back (13 - 10)
    assert (figures["applicants"], figures["placed"], figures["filled"]) == (
        "≥ 10",
        "≥ 8",
        "≥ 9",
    )
    assert figures["applications"] == 40  # not small: shown


def test_the_ministry_sees_every_round_figure_exactly(world, users):
    placement_round = crafted_round(world)
    figures = selectors.round_statistics(
        user=users["ministry_admin"], placement_round=placement_round
    )
    regions = {row["region_id"]: row for row in figures["by_region"]}
    assert regions[world.region_b.pk]["applicants"] == 3
    assert (figures["applicants"], figures["placed"], figures["filled"]) == (13, 11, 11)


def chart(page, element):
    """The figure the page draws in `element` (its JSON, as the page's data-chart holds it)."""
    found = re.search(rf'data-chart="{element}">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_the_round_page_and_its_charts_give_no_masked_count_back(world, users, client_for):
    placement_round = crafted_round(world)
    page = client_for(users["analyst"]).get(f"/placements/rounds/{placement_round.pk}/")
    html = page.content.decode()
    assert "&lt;5" in html and "≥ 10" in html
    shares = chart(html, "share-chart")["data"]
    b = shares[0]["y"].index(world.region_b.name)
    # region B's shares would give its placed back: no bar, labelled "<5"
    assert [(trace["x"][b], trace["text"][b]) for trace in shares] == [(0, "<5"), (0, "<5")]
    assert [trace["x"][1 - b] for trace in shares] == [80.0, 60.0]  # region A's, exact
    seats = chart(html, "kind-chart")["data"]
    # targeted: filled 2 of 2 masked, and its unfilled seats (2 - 2) too
    targeted = 1  # the rows of by_kind: dual, targeted
    assert [(trace["x"][targeted], trace["text"][targeted]) for trace in seats] == [
        (0, "<5"),
        (0, "<5"),
    ]
    table = re.search(r'data-testid="top-specialties">(.*?)</table>', html, re.S).group(1)
    assert "84.6%" in table  # 11 of 13 placed: neither masked


def test_the_ministrys_round_page_draws_exact_figures(world, users, client_for):
    placement_round = crafted_round(world)
    html = (
        client_for(users["ministry_admin"])
        .get(f"/placements/rounds/{placement_round.pk}/")
        .content.decode()
    )
    assert "&lt;5" not in html
    shares = chart(html, "share-chart")["data"]
    b = shares[0]["y"].index(world.region_b.name)
    assert [trace["x"][b] for trace in shares] == [100.0, 33.3]


@pytest.mark.parametrize(
    ("role", "shown", "filled"), [("analyst", "<5", ["<5", "<5"]), ("ministry_admin", 3, [1, 2])]
)
def test_the_statistics_api_masks_an_analysts_small_counts(
    world, users, client_for, published, role, shown, filled
):
    body = client_for(users[role]).get(f"{API}/rounds/{published.round.pk}/statistics").json()
    # three applicants, all placed: below five
    assert (body["applicants"], body["placed"], body["filled"]) == (shown, shown, shown)
    assert [row["filled"] for row in body["by_kind"]] == filled  # dual 1, targeted 2


@pytest.mark.parametrize(("role", "shown"), [("analyst", "<5"), ("ministry_admin", 3)])
def test_a_rounds_applicants_are_masked_on_its_page_list_export_and_api(
    world, users, client_for, published, django_capture_on_commit_callbacks, role, shown
):
    client = client_for(users[role])
    body = client.get(f"{API}/rounds/{published.round.pk}").json()
    assert body["counts"]["applicants"] == shown
    detail = client.get(f"/placements/rounds/{published.round.pk}/")
    assert detail.context["counts"]["applicants"] == shown
    listing = client.get("/placements/rounds/")
    assert [r.applicant_count for r in listing.context["page"]] == [shown]
    rows = export_values(client, django_capture_on_commit_callbacks, "placements.rounds")
    assert column(rows, "applicants") == [shown]


@pytest.mark.parametrize(("role", "shown"), [("analyst", "<5"), ("ministry_admin", 3)])
def test_the_rounds_list_counts_a_rounds_applicants_once(
    world, users, client_for, published, role, shown
):
    """The list's masked count is computed inside its subquery: a CASE around the subquery
    counted the round's applications (2 million at national scale) once per branch. A round
    without applications shows 0, not "<5"."""
    empty = RoundFactory()
    with CaptureQueriesContext(connection) as queries:
        listing = client_for(users[role]).get("/placements/rounds/")
    counts = {r.pk: r.applicant_count for r in listing.context["page"]}
    assert counts == {published.round.pk: shown, empty.pk: 0}
    subqueries = [q["sql"].count('FROM "placements_application"') for q in queries.captured_queries]
    assert sum(subqueries) == 1


@pytest.mark.parametrize(
    ("role", "applicants", "shown"), [("analyst", 3, "<5"), ("ministry_admin", 42, 42)]
)
def test_the_rounds_list_reads_a_matched_rounds_applicants_from_its_match(
    world, users, client_for, published, role, applicants, shown
):
    """A matched round's applications are closed and its match stored how many applied
    (2 million application rows nationally): the list reads that instead of counting."""
    published.round.summary = {**published.round.summary, "applicants": applicants}
    published.round.save(update_fields=["summary"])
    listing = client_for(users[role]).get("/placements/rounds/")
    assert [r.applicant_count for r in listing.context["page"]] == [shown]


def test_the_round_forms_institution_select_is_searched_when_long(world, users, client_for):
    """The ministry's round form listed all 900 institutions: beyond INSTITUTIONS_SHOWN it
    holds the national choice and a search box fills it; a college lists its own."""
    many = InstitutionFactory.create_batch(INSTITUTIONS_SHOWN, region=world.region_a)
    ministry = client_for(users["ministry_admin"])
    page = ministry.get("/placements/rounds/").content.decode()
    select = re.search(r'<select name="institution".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="(\d*)"', select) == [""]
    assert 'data-testid="search-institution"' in page
    found = ministry.get("/placements/rounds/institutions/", {"q": many[5].name_ru}).content
    assert re.findall(r'<option value="(\d+)"', found.decode()) == [str(many[5].pk)]
    college = client_for(users["college_admin_a"]).get("/placements/rounds/").content.decode()
    select = re.search(r'<select name="institution".*?</select>', college, re.S).group(0)
    assert re.findall(r'<option value="(\d*)"', select) == [
        str(users["college_admin_a"].institution_id)
    ]
