"""A pupil takes the interest diagnostic on a phone, without an account, and reads the results.

The seeded small country provides the regions, the item bank and the specialty catalogue;
the pupil answers like a Realistic-Investigative person and should see the code RIC.
"""

import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from qadam.registry.models import Institution

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
PROFILE = {"R": "5", "I": "4", "C": "3"}  # every other scale: 1
SCREENS = 8


@pytest.fixture
def country() -> None:
    call_command("seed", profile="small", seed=42, verbosity=0)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def answer_screen(page: Page) -> None:
    for fieldset in page.locator("#screen fieldset.likert").all():
        field = fieldset.get_attribute("data-field") or ""
        if field.startswith("item_"):
            value = PROFILE.get(field.removeprefix("item_")[0], "1")
        else:  # the optional skills on the last screen
            value = "4"
        fieldset.locator(f"label:has(input[value='{value}'])").click()


def test_a_pupil_takes_the_diagnostic_on_a_phone(
    country: None, live_server: object, phone: Page
) -> None:
    base = str(live_server)
    school = Institution.objects.filter(kind="school").order_by("id").first()
    assert school is not None and school.region_id is not None
    phone.goto(f"{base}/guidance/start/")
    expect(phone.get_by_test_id("what-we-collect")).to_contain_text("No name")
    expect(phone.locator("input[name=language][value=en]")).to_be_checked()
    phone.fill("#id_age", "15")
    phone.select_option("#id_region", value=str(school.region_id))
    # htmx swaps in the region's schools
    phone.select_option("#id_school", value=str(school.pk))
    phone.locator("label[for=id_consent]").click()
    assert fits_the_screen(phone)
    phone.get_by_test_id("start").click()

    expect(phone.get_by_test_id("resume-code")).to_contain_text("write it down")
    phone.evaluate("window.sameDocument = true")  # gone if a screen reloads the page
    for number in range(1, SCREENS + 1):
        expect(phone.locator("#screen")).to_have_attribute("data-screen", str(number))
        expect(phone.get_by_test_id("progress-text")).to_contain_text(f"Screen {number} of 8")
        assert fits_the_screen(phone)
        assert phone.evaluate("window.sameDocument === true")  # htmx swapped the screen
        if number > 1:  # and the address follows, for the browser's Back and a reload
            expect(phone).to_have_url(re.compile(rf"/guidance/s/\w+/\?screen={number}$"))
        answer_screen(phone)
        if number < SCREENS:
            phone.get_by_test_id("next").click()
        else:
            phone.get_by_test_id("finish").click()

    phone.wait_for_url(f"{base}/guidance/r/*/")
    assert phone.evaluate("window.sameDocument === undefined")  # a real page: the results
    expect(phone.get_by_test_id("holland-code")).to_have_text("RIC")
    expect(phone.locator("#radar-chart.js-plotly-plot")).to_be_visible()
    expect(phone.locator("#radar-chart .main-svg").first).to_be_visible()
    chart = phone.locator("#radar-chart").bounding_box()
    assert chart is not None and chart["height"] > 300  # drawn, not clipped to a sliver
    first = phone.get_by_test_id("recommendation").first
    expect(first).to_contain_text("matches that profile")
    expect(phone.get_by_test_id("attribution")).to_contain_text("Liao")
    assert fits_the_screen(phone)
