"""A planner reads the seeded scenario's allocation, runs it again, and asks why a college got
its seats; an analyst reads the same workspace without the buttons.

The small country's seed holds NPP-1 with the template's plan and two scenarios, allocated.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from qadam.common.localized import localized
from qadam.planning.models import AllocationRun, Scenario
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def country() -> None:
    call_command("seed", profile="small", seed=42, verbosity=0)


def test_planner_runs_a_scenario_and_reads_why_a_program_got_its_seats(
    country: None, live_server: object, page: Page
) -> None:
    base = str(live_server)
    scenario = Scenario.objects.order_by("id").first()
    assert scenario is not None
    sign_in(page, base, "ministry")
    page.click("button[data-lang=en]")
    page.goto(f"{base}/planning/")
    page.click(f"text={localized(scenario, language='en')}")  # the page is in English
    expect(page.get_by_test_id("qadam-vs-proportional")).to_contain_text(
        re.compile(r"Qadam's allocation leaves [\d,]+ people of demand unmet")
    )
    expect(page.locator(".js-plotly-plot").first).to_be_visible()  # plotly drew a chart
    expect(page.get_by_test_id("lead-time").first).to_contain_text("2030")

    runs_before = AllocationRun.objects.filter(scenario=scenario).count()
    page.get_by_test_id("run-button").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/"))
    expect(page.locator("main")).to_contain_text("finished")
    assert AllocationRun.objects.filter(scenario=scenario).count() == runs_before + 1
    run = AllocationRun.objects.filter(scenario=scenario).order_by("-id").first()
    assert run is not None and run.status == AllocationRun.Status.FINISHED

    page.goto(f"{base}/planning/runs/{run.pk}/seats/")
    region = run.seats.filter(seats__gt=0).first().program.institution.region
    page.get_by_test_id("seat-filters").locator("select[name=region]").select_option(str(region.pk))
    page.wait_for_url(re.compile(rf"region={region.pk}"))
    page.locator("#results a", has_text=re.compile(r"why", re.I)).first.click()
    expect(page.locator("main")).to_contain_text("graduates in")


def test_analyst_reads_the_workspace_without_the_planners_buttons(
    country: None, live_server: object, page: Page
) -> None:
    base = str(live_server)
    scenario = Scenario.objects.order_by("id").first()
    assert scenario is not None
    sign_in(page, base, "analyst")
    page.click("button[data-lang=kk]")
    page.goto(f"{base}/planning/scenarios/{scenario.pk}/")
    expect(page.get_by_test_id("qadam-vs-proportional")).to_be_visible()
    expect(page.get_by_test_id("run-button")).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", "kk")
