"""Each offer's filled seats count people placed there: an analyst sees 1 to 4 as "<5"
(qadam.common.disclosure) in the offers table, on the offer's page, in the offers export and
the API; 0 and 5 or more stay numbers. The ministry and the offer's enterprise see them
exactly."""

import re

import pytest

from qadam.common.tests.exporting import column, export_values
from qadam.placements import selectors
from qadam.placements.models import Offer

API = "/api/v1/placements"


@pytest.fixture
def filled(published):
    """The published round with weld's stored figure raised to 7 (pipe filled 2, cafe 0)."""
    Offer.objects.filter(pk=published.weld.pk).update(filled=7)
    return published


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("analyst", {"weld": 7, "pipe": "<5", "cafe": 0}),
        ("ministry_admin", {"weld": 7, "pipe": 2, "cafe": 0}),
    ],
)
def test_the_offers_filled_seats_on_the_selector_table_export_and_api(
    users, client_for, django_capture_on_commit_callbacks, filled, role, shown
):
    user = users[role]
    names = {filled.weld.pk: "weld", filled.pipe.pk: "pipe", filled.cafe.pk: "cafe"}
    offers = selectors.offer_list(user=user, placement_round=filled.round)
    assert {names[o.pk]: o.filled_shown for o in offers} == shown
    client = client_for(user)
    page = client.get(f"/placements/rounds/{filled.round.pk}/")
    assert {names[o.pk]: o.filled_shown for o in page.context["page"]} == shown
    pipe_row = re.search(rf'data-offer="{filled.pipe.pk}">(.*?)</tr>', page.content.decode())
    assert pipe_row.group(1).endswith(
        f'<td class="num hide-sm">{shown["pipe"]}</td>'.replace("<5", "&lt;5")
    )
    rows = export_values(
        client, django_capture_on_commit_callbacks, "placements.offers", round=filled.round.pk
    )
    assert {
        names[pk]: n for pk, n in zip(column(rows, "#"), column(rows, "filled"), strict=True)
    } == shown
    body = client.get(f"{API}/rounds/{filled.round.pk}/offers").json()
    assert {names[o["id"]]: o["filled"] for o in body["items"]} == shown


@pytest.mark.parametrize(("role", "shown"), [("analyst", "<5"), ("ministry_admin", 2)])
def test_an_offers_page_and_api_show_its_filled_seats_as_the_reader_may(
    users, client_for, filled, role, shown
):
    user = users[role]
    assert selectors.offer_get(user=user, offer_id=filled.pipe.pk).filled_shown == shown
    client = client_for(user)
    page = client.get(f"/placements/offers/{filled.pipe.pk}/")
    expected = f'data-testid="filled">{shown} / 2<'.replace("<5", "&lt;5")
    assert expected in page.content.decode()
    assert client.get(f"{API}/offers/{filled.pipe.pk}").json()["filled"] == shown


def test_the_offers_enterprise_sees_its_own_filled_seats_exactly(client_for, filled, pipe_hr):
    client = client_for(pipe_hr)
    assert client.get(f"{API}/offers/{filled.pipe.pk}").json()["filled"] == 2
    page = client.get(f"/placements/rounds/{filled.round.pk}/").content.decode()
    own = re.search(r'data-testid="own-offers">(.*?)</table>', page, re.S).group(1)
    assert '<td class="num">2</td>' in own
