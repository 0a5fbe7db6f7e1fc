"""The ministry registers an agreement in Chromium among more institutions than a select
lists: it types part of each party's name, chooses the institution found, saves, and the
agreement's parties are those institutions."""

import re

import pytest
from playwright.sync_api import Page, expect

from qadam.agreements.models import Agreement
from qadam.registry.selectors import INSTITUTIONS_SHOWN
from qadam.registry.tests.factories import InstitutionFactory, UserFactory
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ministry_finds_each_partys_institution_by_typing(live_server: object, page: Page) -> None:
    base = str(live_server)
    InstitutionFactory.create_batch(INSTITUTIONS_SHOWN + 5)
    energy = InstitutionFactory.create(name_ru="Колледж энергетики", name_en="Energy College")
    mining = InstitutionFactory.create(name_ru="Горный колледж", name_en="Mining College")
    UserFactory.ministry_admin(username="minister")

    sign_in(page, base, "minister", "qadam-test-password")
    page.goto(f"{base}/partnerships/new/")
    page.click("button[data-lang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    first = page.locator("select[name=parties-0-institution]")
    expect(first.locator("option[value]:not([value=''])")).to_have_count(0)

    page.fill("input[name=number]", "MEM-77")
    page.select_option("select[name=kind]", value="memorandum")
    page.fill("input[name=title]", "Energy and mining")
    for row, (institution, typed) in enumerate([(energy, "энерг"), (mining, "mining")]):
        page.select_option(f"select[name=parties-{row}-kind]", value="institution")
        page.select_option(f"select[name=parties-{row}-role]", value="partner")
        search = page.get_by_test_id(f"search-parties-{row}-institution")
        search.press_sequentially(typed, delay=50)
        select = page.locator(f"select[name=parties-{row}-institution]")
        expect(select.locator(f"option[value='{institution.pk}']")).to_have_count(1)
        select.select_option(value=str(institution.pk))
    page.locator("form[data-testid=agreement-form] button[type=submit].primary").click()

    page.wait_for_url(re.compile(r"/partnerships/\d+/$"))
    agreement = Agreement.objects.get(number="MEM-77")
    parties = set(agreement.parties.values_list("institution_id", flat=True))
    assert parties == {energy.pk, mining.pk}
