"""Help with the rank list while applying (issue 16): each choice's score against last
round's lowest admitted score, warnings for a short list and for a list of long shots, and
the page saying that ranking truthfully stays the best strategy, in kk, ru and en."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from qadam.placements import services
from qadam.placements.models import PlacementRound
from qadam.placements.tests.factories import OfferFactory, RoundFactory

TRUTHFUL = (
    "Rank the offers in the order you really prefer them. The match never holds it against "
    "you: an offer you put first does not make a lower choice less likely, and no other order "
    "can get you a better result. What helps is a long enough list that includes offers where "
    "your score would have got in."
)


@pytest.fixture
def last_round(open_round):
    """Last round: weld's namesake admitted down to 95.0; pipe's left seats over."""
    previous = RoundFactory.create(status=PlacementRound.Status.PUBLISHED)
    OfferFactory.create(
        round=previous,
        enterprise=open_round.weld.enterprise,
        title=open_round.weld.title,
        cutoff=95.0,
        filled=1,
    )
    OfferFactory.create(
        round=previous,
        enterprise=open_round.pipe.enterprise,
        title=open_round.pipe.title,
        seats=2,
        cutoff=None,
        filled=1,
    )
    return previous


def _page(client_for, users, open_round, offers) -> str:
    services.application_rank_set(
        actor=users["student"],
        placement_round=open_round.round,
        offer_ids=[o.pk for o in offers],
    )
    response = client_for(users["student"]).get(f"/placements/rounds/{open_round.round.pk}/my/")
    assert response.status_code == 200
    return response.content.decode()


def test_each_choice_shows_the_score_against_last_round(users, open_round, last_round, client_for):
    html = _page(client_for, users, open_round, [open_round.weld, open_round.pipe])
    weld = html.split(f'data-offer="{open_round.weld.pk}" class="bad"')[1].split("</tr>")[0]
    assert "90" in weld and "95" in weld and "above yours" in weld  # grade 4.50 is 90 points
    pipe = html.split(f'<tr data-offer="{open_round.pipe.pk}"')[1].split("</tr>")[0]
    assert "seats were left over" in pipe
    assert 'data-testid="short-list"' in html  # two offers of up to 20
    assert 'data-testid="all-above"' not in html  # pipe had room
    assert TRUTHFUL in html


def test_a_list_of_long_shots_is_warned(users, open_round, last_round, client_for):
    html = _page(client_for, users, open_round, [open_round.weld])
    assert 'data-testid="all-above"' in html
    assert "admitted only applicants with higher scores than yours" in html


def test_an_offer_without_a_past_says_so(users, open_round, client_for):
    html = _page(client_for, users, open_round, [open_round.weld])
    assert "no comparable offer last round" in html
    assert 'data-testid="all-above"' not in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_help_speaks_the_readers_language(users, open_round, last_round, client_for, language):
    services.application_rank_set(
        actor=users["student"], placement_round=open_round.round, offer_ids=[open_round.weld.pk]
    )
    client = client_for(users["student"])
    client.cookies["django_language"] = language
    html = client.get(f"/placements/rounds/{open_round.round.pk}/my/").content.decode()
    with translation.override(language):
        assert gettext(TRUTHFUL) in html
        assert gettext("Your score against last round's") in html
        assert gettext("last round's lowest admitted score") in html


def test_nobody_but_the_student_gets_help(users, open_round, client_for):
    response = client_for(users["college_admin_a"]).get(
        f"/placements/rounds/{open_round.round.pk}/my/"
    )
    assert response.status_code in (403, 404)


def test_last_rounds_offers_are_found_in_a_fixed_number_of_queries(users, open_round, last_round):
    """Two queries for the whole list (carried-over sources, then namesakes), not three per
    choice: the help stays as fast with twenty choices as with two."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qadam.placements.selectors.ranking_help import _last_offers

    offers = [open_round.weld, open_round.pipe]
    with CaptureQueriesContext(connection) as two:
        found = _last_offers(offers)
    more = offers + OfferFactory.create_batch(6, round=open_round.round)
    with CaptureQueriesContext(connection) as eight:
        _last_offers(more)
    assert len(eight) == len(two) <= 2
    assert {found[o.pk].round_id for o in offers} == {last_round.pk}
    assert found[open_round.weld.pk].cutoff == 95.0
