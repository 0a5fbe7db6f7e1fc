"""Rounds' names and offers' titles in Kazakh, Russian and English: a page shows the
reader's, or the Russian (then English, then Kazakh) one where theirs is blank; the API and
the exports carry the three variants; the forms take them; a second round is named in each."""

import json

import pytest
from django.conf import settings
from django.utils import translation

from qadam.common.tests.exporting import export_values
from qadam.placements import services
from qadam.placements.models import PlacementRound

LANGUAGES = ["kk", "ru", "en"]
NAMES = {"kk": "Негізгі кезең 2026", "ru": "Основной раунд 2026", "en": "Main round 2026"}


@pytest.fixture
def named(open_round):
    """The open round named in three languages; the welding offer titled in Kazakh only
    besides Russian (English blank)."""
    PlacementRound.objects.filter(pk=open_round.round.pk).update(
        name=NAMES["ru"], name_kk=NAMES["kk"], name_en=NAMES["en"]
    )
    type(open_round.weld).objects.filter(pk=open_round.weld.pk).update(
        title="Сварщик", title_kk="Дәнекерлеуші", title_en=""
    )
    open_round.round.refresh_from_db()
    open_round.weld.refresh_from_db()
    return open_round


def page(client, path, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_shows_the_readers_name_and_falls_back_to_russian(
    named, users, client_for, language
):
    client = client_for(users["ministry_admin"])
    round_page = page(client, f"/placements/rounds/{named.round.pk}/", language)
    assert f"<h1>{NAMES[language]} " in round_page
    assert all(NAMES[other] not in round_page for other in LANGUAGES if other != language)
    offer_page = page(client, f"/placements/offers/{named.weld.pk}/", language)
    title = {"kk": "Дәнекерлеуші", "ru": "Сварщик", "en": "Сварщик"}[language]  # en is blank
    assert f"<h1>{title}</h1>" in offer_page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_api_gives_the_readers_name_and_the_three_variants(named, users, client_for, language):
    client = client_for(users["ministry_admin"])
    body = client.get(
        f"/api/v1/placements/rounds/{named.round.pk}", HTTP_ACCEPT_LANGUAGE=language
    ).json()
    assert body["name"] == NAMES[language]
    assert (body["name_kk"], body["name_ru"], body["name_en"]) == (
        NAMES["kk"],
        NAMES["ru"],
        NAMES["en"],
    )
    offer = client.get(
        f"/api/v1/placements/offers/{named.weld.pk}", HTTP_ACCEPT_LANGUAGE=language
    ).json()
    assert offer["title"] == ("Дәнекерлеуші" if language == "kk" else "Сварщик")
    assert (offer["title_kk"], offer["title_ru"], offer["title_en"]) == (
        "Дәнекерлеуші",
        "Сварщик",
        "",
    )


def test_the_api_takes_the_variants(world, users, client_for):
    client = client_for(users["ministry_admin"])
    payload = {"name": NAMES["ru"], "name_kk": NAMES["kk"], "term": "2026"}
    response = client.post(
        "/api/v1/placements/rounds", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = PlacementRound.objects.get(pk=response.json()["id"])
    assert (created.name, created.name_kk, created.name_en) == (NAMES["ru"], NAMES["kk"], "")
    too_long = {**payload, "name_en": "x" * 201}
    response = client.post(
        "/api/v1/placements/rounds", json.dumps(too_long), content_type="application/json"
    )
    assert response.status_code == 422


def test_the_exports_carry_the_variants(
    named, users, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users["ministry_admin"])
    capture = django_capture_on_commit_callbacks
    rounds = export_values(client, capture, "placements.rounds", language="en")
    assert rounds[0][0] == "round" and rounds[0][7:] == [
        "name (Kazakh)",
        "name (Russian)",
        "name (English)",
    ]
    [row] = [r for r in rounds[1:] if r[0] == NAMES["en"]]
    assert row[7:] == [NAMES["kk"], NAMES["ru"], NAMES["en"]]
    offers = export_values(
        client, capture, "placements.offers", language="kk", round=named.round.pk
    )
    [weld] = [r for r in offers[1:] if r[0] == named.weld.pk]
    assert weld[1] == "Дәнекерлеуші" and weld[7:9] == ["Дәнекерлеуші", "Сварщик"]
    assert weld[9] in ("", None)  # blank in the file: no English title was entered


def test_the_round_form_takes_the_three_names(world, users, client_for):
    client = client_for(users["ministry_admin"])
    form = {"name": NAMES["ru"], "name_kk": NAMES["kk"], "name_en": "", "term": "2026"}
    response = client.post("/placements/rounds/", {**form, "max_choices": 5})
    assert response.status_code == 302, response.content.decode()[:2000]
    created = PlacementRound.objects.latest("id")
    assert (created.name, created.name_kk, created.name_en) == (NAMES["ru"], NAMES["kk"], "")


def test_a_second_round_is_named_in_every_language(published, users):
    PlacementRound.objects.filter(pk=published.round.pk).update(
        name=NAMES["ru"], name_kk=NAMES["kk"], name_en=""
    )
    published.round.refresh_from_db()
    with translation.override("en"):  # the coordinator's language does not matter
        follow_up = services.round_create_follow_up(
            actor=users["ministry_admin"], previous=published.round
        )
    assert follow_up.name == f"{NAMES['ru']}: второй тур"
    assert follow_up.name_kk == f"{NAMES['kk']}: екінші тур"
    assert follow_up.name_en == f"{NAMES['ru']}: second round"  # of the name English reads
