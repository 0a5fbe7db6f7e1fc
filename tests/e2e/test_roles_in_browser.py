"""Two roles sign in with a real browser and see what each may see, in three languages."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from qadam.accounts.models import User
from qadam.registry.models import Student
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
IIN_PATTERN = re.compile(r"\b\d{12}\b")


@pytest.fixture
def country() -> None:
    call_command("seed", profile="small", seed=42, verbosity=0)


def test_college_admin_sees_only_their_college_and_can_switch_language(
    country: None, live_server: object, page: Page
) -> None:
    base = str(live_server)
    college = User.objects.get(username="college").institution
    own = Student.objects.filter(institution=college).order_by("last_name", "first_name", "id")
    other = Student.objects.exclude(institution=college).first()
    assert college is not None and other is not None

    sign_in(page, base, "college")
    page.goto(f"{base}/registry/students/")
    expect(page.get_by_test_id("result-count")).to_contain_text(f"{own.count():,}".replace(",", ""))
    table = page.get_by_test_id("results")
    expect(table).to_contain_text(own.first().iin)
    assert other.iin not in page.content()

    # htmx filter: a surname prefix narrows the table without a full reload
    surname = own.first().last_name
    page.fill("input[name=q]", surname[:4])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q="))
    expect(table.locator("tbody tr").first).to_contain_text(surname[:4])

    # someone else's record is simply not there
    response = page.goto(f"{base}/registry/students/{other.pk}/")
    assert response is not None and response.status == 404

    for code, students in (("kk", "Студенттер"), ("ru", "Студенты"), ("en", "Students")):
        page.goto(f"{base}/registry/students/")
        page.click(f"button[data-lang={code}]")
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.locator("header nav")).to_contain_text(students)


def test_analyst_sees_counts_and_never_an_iin(
    country: None, live_server: object, page: Page
) -> None:
    base = str(live_server)
    sign_in(page, base, "analyst")
    page.click("button[data-lang=en]")
    expect(page.locator("#region-chart .main-svg").first).to_be_visible()
    assert not IIN_PATTERN.search(page.inner_text("main"))

    page.goto(f"{base}/registry/students/")
    expect(page.get_by_test_id("counts-total")).to_have_text(f"{Student.objects.count():,}")
    assert not IIN_PATTERN.search(page.inner_text("main"))
    response = page.goto(f"{base}/api/v1/registry/students")
    assert response is not None and response.status == 403


def test_ministry_gets_field_errors_and_follows_an_export(
    country: None, live_server: object, page: Page
) -> None:
    base = str(live_server)
    sign_in(page, base, "ministry")
    page.click("button[data-lang=en]")
    before = Student.objects.count()
    page.goto(f"{base}/registry/students/new/")
    page.fill("#id_iin", "080126600001")
    page.fill("#id_last_name", "Test")
    page.fill("#id_first_name", "Pupil")
    page.click("button[type=submit].primary")
    expect(page.locator("ul.errorlist[data-field=iin]")).to_contain_text("check digit")
    assert Student.objects.count() == before

    page.goto(f"{base}/registry/students/?funding=paid")
    page.click("text=Export to XLSX")
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")
    with page.expect_download() as download:
        page.click("text=Download")
    assert download.value.suggested_filename.endswith(".xlsx")
