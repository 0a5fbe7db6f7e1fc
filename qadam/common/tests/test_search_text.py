"""Search boxes survive control characters: PostgreSQL refuses a NUL in a parameter, so a
NUL is refused before any view reads it (common.middleware: 400 on a page, 422 in the API),
and search_text drops any other control character."""

import pytest

from qadam.common.forms import search_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" Абаев ", "Абаев"), ("a\x00b", "ab"), ("\x00", ""), ("x" * 150, "x" * 100), (None, "")],
)
def test_search_text_is_trimmed_capped_and_printable(raw, expected):
    assert search_text(raw) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/registry/students/",
        "/registry/institutions/",
        "/registry/enterprises/",
        "/registry/programs/",
        "/registry/specialties/",
        "/partnerships/",
        "/partnerships/mobility/",
    ],
)
def test_a_nul_in_the_search_box_is_refused_not_a_server_error(path, users, client_for):
    response = client_for(users["ministry_admin"]).get(path, {"q": "Аб\x00"})
    assert response.status_code == 400
    response = client_for(users["ministry_admin"]).get(path, {"q": "Аб\x01"})
    assert response.status_code == 200


def test_a_nul_in_the_offer_search_is_refused_not_a_server_error(users, client_for):
    from qadam.placements.tests.factories import RoundFactory

    placement_round = RoundFactory.create(status="open")
    response = client_for(users["ministry_admin"]).get(
        f"/placements/rounds/{placement_round.pk}/", {"q": "\x00weld"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/registry/students",
        "/api/v1/partnerships/agreements",
        "/api/v1/partnerships/mobility",
    ],
)
def test_a_nul_in_an_api_search_is_refused_not_a_server_error(path, users, client_for):
    assert client_for(users["ministry_admin"]).get(path, {"q": "\x00"}).status_code == 422


def test_a_nul_in_the_offers_api_search_is_refused_not_a_server_error(users, client_for):
    from qadam.placements.tests.factories import RoundFactory

    placement_round = RoundFactory.create(status="open")
    path = f"/api/v1/placements/rounds/{placement_round.pk}/offers"
    assert client_for(users["ministry_admin"]).get(path, {"q": "\x00"}).status_code == 422
