"""Scenarios', megaprojects' and staffing plans' names in Kazakh, Russian and English: the
pages show the reader's (else Russian, English, Kazakh), the API and the exports carry the
three, the forms take them, and a copy is named in every language."""

import json

import pytest
from django.conf import settings

from qadam.common.tests.exporting import export_values
from qadam.planning.models import Megaproject, Scenario

LANGUAGES = ["kk", "ru", "en"]
NPP = {"kk": "Бірінші АЭС", "ru": "Первая АЭС", "en": ""}  # no English name: Russian shown


@pytest.fixture
def named(planning):
    Megaproject.objects.filter(pk=planning.megaproject.pk).update(
        name=NPP["ru"], name_kk=NPP["kk"], name_en=NPP["en"]
    )
    Scenario.objects.filter(pk=planning.scenario.pk).update(
        name="Базовый", name_kk="Негізгі", name_en="Base case"
    )
    return planning


def page(client, path, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_show_the_readers_names(named, users, client_for, language):
    client = client_for(users["ministry_admin"])
    shown = page(client, f"/planning/megaprojects/{named.megaproject.pk}/", language)
    assert f"<h1>{NPP[language] or NPP['ru']} " in shown
    scenario = {"kk": "Негізгі", "ru": "Базовый", "en": "Base case"}[language]
    assert f"<h1>{scenario}</h1>" in page(
        client, f"/planning/scenarios/{named.scenario.pk}/", language
    )
    home = page(client, "/planning/", language)
    assert scenario in home and (NPP[language] or NPP["ru"]) in home


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_api_gives_the_readers_name_and_the_variants(named, users, client_for, language):
    client = client_for(users["ministry_admin"])
    body = client.get(
        f"/api/v1/planning/megaprojects/{named.megaproject.pk}", HTTP_ACCEPT_LANGUAGE=language
    ).json()
    assert body["name"] == (NPP[language] or NPP["ru"])
    assert (body["name_kk"], body["name_ru"], body["name_en"]) == (NPP["kk"], NPP["ru"], "")


def test_the_megaprojects_export_carries_the_variants(
    named, users, client_for, django_capture_on_commit_callbacks
):
    rows = export_values(
        client_for(users["ministry_admin"]),
        django_capture_on_commit_callbacks,
        "planning.megaprojects",
        language="kk",
    )
    [row] = [r for r in rows[1:] if r[0] == "NPP-T"]
    assert row[1] == NPP["kk"]
    assert row[-3:-1] == [NPP["kk"], NPP["ru"]] and row[-1] in ("", None)


def test_a_scenario_created_by_the_api_keeps_its_names(planning, users, client_for):
    payload = {"name": "Сценарий", "name_en": "Scenario", "base_year": 2027, "plans": []}
    response = client_for(users["ministry_admin"]).post(
        "/api/v1/planning/scenarios", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    scenario = Scenario.objects.get(pk=response.json()["id"])
    assert (scenario.name, scenario.name_kk, scenario.name_en) == ("Сценарий", "", "Scenario")


def test_the_copy_page_names_the_copy_in_every_language(named, users, client_for):
    client = client_for(users["ministry_admin"])
    shown = page(client, f"/planning/scenarios/{named.scenario.pk}/copy/", "en")
    assert 'value="Copy of Base case"' in shown
    response = client.post(
        f"/planning/scenarios/{named.scenario.pk}/copy/",
        {"name": "Копия", "name_kk": "Көшірме", "name_en": "Copy"},
    )
    assert response.status_code == 302
    copy = Scenario.objects.latest("id")
    assert (copy.name, copy.name_kk, copy.name_en) == ("Копия", "Көшірме", "Copy")


def test_the_megaproject_form_takes_the_three_names(world, users, client_for):
    response = client_for(users["ministry_admin"]).post(
        "/planning/megaprojects/new/",
        {
            "code": "NPP-2",
            "name": "Вторая АЭС",
            "name_kk": "Екінші АЭС",
            "name_en": "Second NPP",
            "region": world.region_a.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Megaproject.objects.get(code="NPP-2")
    assert (created.name, created.name_kk, created.name_en) == (
        "Вторая АЭС",
        "Екінші АЭС",
        "Second NPP",
    )


def test_an_api_copy_without_names_is_named_in_every_language(named, users, client_for):
    client = client_for(users["ministry_admin"])
    path = f"/api/v1/planning/scenarios/{named.scenario.pk}/copy"
    response = client.post(path, "{}", content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name_en"] == "Base case (copy)"
    assert body["name_ru"].startswith("Базовый") and body["name_kk"].startswith("Негізгі")
    given = client.post(path, json.dumps({"name": "Вариант"}), content_type="application/json")
    assert (given.json()["name_ru"], given.json()["name_kk"], given.json()["name_en"]) == (
        "Вариант",
        "",
        "",
    )
