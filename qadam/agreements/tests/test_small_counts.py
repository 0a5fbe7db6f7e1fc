"""Analysts never see a count of people from 1 to 4 (qadam.common.disclosure): academic
mobility's figures, its charts and the Russian summary show "<5" to them on the page and in
the API, a total beside a masked row gives none away, and a share of a masked count is not
shown. The ministry sees every figure exactly. (Analysts have no mobility export: they read
no record.)"""

import json
import re

import pytest

from qadam.agreements import selectors_mobility as selectors
from qadam.agreements.tests.conftest import outgoing_students

API = "/api/v1/partnerships/mobility/figures"
LIST = "/partnerships/mobility/"


@pytest.fixture
def turkey(world, partnerships):
    """Beside the fixture's two (one to Russia, one incoming to Kazakhstan): six students in
    Turkey, two of them on a scholarship."""
    outgoing_students(world, 4)
    return outgoing_students(world, 2, scholarship=True, funding="state_scholarship")


def by_country(figures):
    return {row["country"]: row["count"] for row in figures["by_host_country"]}


def test_an_analyst_sees_small_mobility_figures_as_less_than_five(users, turkey):
    figures = selectors.mobility_figures(user=users["analyst"])
    assert by_country(figures) == {"TR": 6, "KZ": "<5", "RU": "<5"}
    # funding: a state and a host scholarship, 2 + 1, are masked: an exact total (8) would
    # give their sum away; the total is at least the other funding's 5
    assert figures["total"] == "≥ 5"
    assert figures["scholarship"] == "<5"  # three
    assert figures["scholarship_share"] is None
    russia = selectors.mobility_russia_summary(user=users["analyst"])
    assert (russia["total"], russia["scholarship"], russia["scholarship_share"]) == (
        "<5",
        "<5",
        None,
    )
    assert russia["returns_by_year"] == [{"year": 2029, "expected": "<5", "returned": 0}]


def test_the_ministry_sees_every_mobility_figure_exactly(users, turkey):
    figures = selectors.mobility_figures(user=users["ministry_admin"])
    assert by_country(figures) == {"TR": 6, "KZ": 1, "RU": 1}
    assert (figures["total"], figures["scholarship"], figures["scholarship_share"]) == (
        8,
        3,
        37.5,
    )
    assert selectors.mobility_russia_summary(user=users["ministry_admin"])["total"] == 1


@pytest.mark.parametrize(
    ("role", "countries", "total"),
    [
        ("analyst", {"TR": 6, "KZ": "<5", "RU": "<5"}, "≥ 5"),
        ("ministry_admin", {"TR": 6, "KZ": 1, "RU": 1}, 8),
    ],
)
def test_the_figures_api_masks_an_analysts_small_counts(
    users, turkey, client_for, role, countries, total
):
    response = client_for(users[role]).get(API)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (by_country(body), body["total"]) == (countries, total)
    assert body["russia"]["total"] == ("<5" if role == "analyst" else 1)


def test_the_mobility_page_and_its_charts_give_no_masked_count_back(users, turkey, client_for):
    page = client_for(users["analyst"]).get(LIST)
    html = page.content.decode()
    assert re.search(r'data-testid="figure-total">≥ 5<', html)
    assert re.search(r'data-testid="russia-total">&lt;5<', html)
    assert "37.5%" not in html  # the share of a masked count
    figure = json.loads(page.context["charts"]["country-chart"])["data"][0]
    shown = dict(zip(figure["y"], zip(figure["x"], figure["text"], strict=True), strict=True))
    assert shown == {"TR": (6, ""), "KZ": (0, "<5"), "RU": (0, "<5")}


def test_the_ministrys_mobility_page_shows_exact_figures(users, turkey, client_for):
    page = client_for(users["ministry_admin"]).get(LIST)
    html = page.content.decode()
    assert re.search(r'data-testid="figure-total">8<', html) and "37.5%" in html
    figure = json.loads(page.context["charts"]["country-chart"])["data"][0]
    assert dict(zip(figure["y"], figure["x"], strict=True)) == {"TR": 6, "KZ": 1, "RU": 1}
