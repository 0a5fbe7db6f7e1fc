"""The pages work under the Content-Security-Policy: Plotly draws its charts, htmx swaps,
Swagger UI and the admin load, and Chromium reports no violation of the policy."""

from collections.abc import Iterator
from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from qadam.agreements.models import Mobility
from qadam.guidance.models import DiagnosticSession, GuidanceEvent
from qadam.placements.models import PlacementRound
from qadam.planning.models import AllocationRun, Scenario, StaffingPlan
from qadam.registry.models import Institution
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Chromium reports a blocked resource on the console and as a DOM event; both are collected
LISTEN = """window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});"""


@pytest.fixture
def country() -> None:
    call_command("seed", profile="small", seed=42, verbosity=0)


@pytest.fixture
def watched(page: Page) -> Iterator[tuple[Page, list[str]]]:
    problems: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield page, problems


def _abroad(college: Institution | None) -> None:
    """Two students abroad, so that mobility's three charts have something to draw."""
    assert college is not None
    for name, country, ends in (
        ("Сапарова Айым", "RU", date(2027, 6, 30)),
        ("Омаров Ерлан", "TR", None),
    ):
        Mobility.objects.create(
            person_kind="student",
            direction="outgoing",
            full_name=name,
            home_institution=college,
            host_country=country,
            program="Nuclear power engineering",
            starts_on=date(2025, 9, 1),
            ends_on=ends,
            returned_on=None if ends else date(2026, 6, 30),
            funding="self",
        )


def _visit(page: Page, url: str, problems: list[str], charts: int = 0) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    if charts:
        expect(page.locator(".js-plotly-plot svg.main-svg").first).to_be_visible()
        assert page.locator(".js-plotly-plot").count() >= charts, url
    problems.extend(f"{url}: {v}" for v in page.evaluate("window.__violations"))


def test_chart_pages_draw_with_no_policy_violation(
    country: None, live_server: object, watched: tuple[Page, list[str]]
) -> None:
    page, problems = watched
    base = str(live_server)
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
    sign_in(page, base, "ministry")
    page.click("button[data-lang=en]")
    scenario = Scenario.objects.order_by("id").first()
    run = AllocationRun.objects.filter(status=AllocationRun.Status.FINISHED).first()
    plan = StaffingPlan.objects.order_by("id").first()
    placement_round = PlacementRound.objects.exclude(status="draft").order_by("id").first()
    event = GuidanceEvent.objects.order_by("id").first()
    assert scenario and run and plan and placement_round and event
    _abroad(Institution.objects.filter(kind="college").order_by("id").first())
    for url, charts in [
        (f"{base}/planning/scenarios/{scenario.pk}/", 2),
        (f"{base}/planning/runs/{run.pk}/", 2),
        (f"{base}/planning/plans/{plan.pk}/", 1),
        (f"{base}/placements/rounds/{placement_round.pk}/", 1),
        (f"{base}/partnerships/charts/", 1),
        (f"{base}/national/", 2),
        (f"{base}/partnerships/mobility/", 3),  # plain plotly.js dicts, not graph objects
        (f"{base}/guidance/events/{event.pk}/", 0),
        (f"{base}/api/docs", 0),
        (f"{base}/admin/", 0),
    ]:
        _visit(page, url, problems, charts)
    expect(page.locator("body")).not_to_contain_text("Server Error")
    # choosing another indicator redraws the map for it (no inline handler to block)
    _visit(page, f"{base}/national/", problems, charts=2)
    page.select_option("#kpi-select", "dual_students")
    page.wait_for_url("**/national/?kpi=dual_students*")
    expect(page.locator("#kpi-map")).to_have_attribute("data-kpi", "dual_students")
    assert problems == []
    assert outside == []  # the national map's base layer too: it draws offline


def test_a_pupils_results_draw_their_radar_with_no_policy_violation(
    country: None, live_server: object, watched: tuple[Page, list[str]]
) -> None:
    page, problems = watched
    session = DiagnosticSession.objects.filter(completed_at__isnull=False).first()
    assert session is not None
    _visit(page, f"{live_server}/guidance/r/{session.resume_code}/", problems, charts=1)
    assert problems == []


def test_the_api_docs_load_swagger_ui_from_this_site(
    live_server: object, watched: tuple[Page, list[str]]
) -> None:
    page, problems = watched
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(str(live_server)) else None
        ),
    )
    _visit(page, f"{live_server}/api/docs", problems)
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Qadam API")
    assert problems == [] and outside == []
