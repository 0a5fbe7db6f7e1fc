"""Analysts never see a count of pupils from 1 to 4 (qadam.common.disclosure): an event's
started and finished pupils, its first letters, codes and specialties are "<5" to them on the
events list, its export and the live figures (and its chart); a total beside a masked cell is
"≥ N"; the scales' reliability of fewer than 5 finished pupils is withheld. The ministry and
the organiser see every figure exactly."""

import json
import re
import uuid
from datetime import date

import pytest

from qadam.common.tests.exporting import column, export_values
from qadam.guidance import selectors, services
from qadam.guidance.tests.test_services import answers_for, details, submit


@pytest.fixture
def event(users, instrument):
    return services.event_create(
        actor=users["guidance_organiser"],
        name="Fest",
        kind="festival",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 1, 2),
    )


def pupils(world, instrument, event, *, realistic: int, social: int = 0, answering: int = 0):
    """`realistic` pupils finish as RIC (electrician fits best), `social` as SIC (nursing);
    `answering` pupils start and have not finished."""
    for pattern, n in ((dict(R=5, I=4, C=3), realistic), (dict(S=5, I=4, C=3), social)):
        for i in range(n):
            answers = answers_for(instrument, **pattern)
            answers["R1"] = 1 + i % 5  # some variance inside the R scale
            submit(world, instrument, answers, event_code=event.join_code)
    for _ in range(answering):
        services.session_start(
            client_id=uuid.uuid4(), details=details(world), consent=True, event_code=event.join_code
        )


def test_an_analyst_sees_a_small_events_figures_as_less_than_five(
    world, users, instrument, catalogue, event
):
    pupils(world, instrument, event, realistic=3, answering=1)
    shown = selectors.event_dashboard(user=users["analyst"], event=event)
    assert (shown.started, shown.completed) == ("<5", "<5")
    assert dict(shown.first_letters) == {"R": "<5", "I": 0, "A": 0, "S": 0, "E": 0, "C": 0}
    assert shown.codes == [("RIC", "<5")]
    assert shown.specialties == [(catalogue.electrician, "<5")]
    assert shown.reliability_withheld
    assert all(r.alpha is None and r.mean is None for r in shown.reliability)
    assert shown.reliability[0].norm_alpha == 0.88  # the published norms are nobody's


def test_the_ministry_sees_a_small_events_figures_exactly(
    world, users, instrument, catalogue, event
):
    pupils(world, instrument, event, realistic=3, answering=1)
    shown = selectors.event_dashboard(user=users["ministry_admin"], event=event)
    assert (shown.started, shown.completed) == (4, 3)
    assert dict(shown.first_letters)["R"] == 3
    assert shown.codes == [("RIC", 3)]
    assert not shown.reliability_withheld
    assert shown.reliability[0].alpha is not None and shown.reliability[0].mean is not None


def test_a_total_that_would_give_a_masked_count_away_is_a_lower_bound(
    world, users, instrument, catalogue, event
):
    # 6 RIC and 1 SIC finished, 2 still answering: 7 finished less the 6 R would give S back
    pupils(world, instrument, event, realistic=6, social=1, answering=2)
    shown = selectors.event_dashboard(user=users["analyst"], event=event)
    assert dict(shown.first_letters)["R"] == 6 and dict(shown.first_letters)["S"] == "<5"
    assert (shown.started, shown.completed) == ("≥ 6", "≥ 6")
    assert shown.codes == [("RIC", 6), ("SIC", "<5")]
    assert not shown.reliability_withheld  # 7 finished
    assert shown.reliability[0].alpha is not None
    exact = selectors.event_dashboard(user=users["ministry_admin"], event=event)
    assert (exact.started, exact.completed) == (9, 7)


def test_masked_codes_come_last_in_the_order_of_their_names(
    world, users, instrument, catalogue, event
):
    # the ministry sees SIC (2) before RIC (1); the analyst sees both "<5", by name
    pupils(world, instrument, event, realistic=1, social=2)
    analyst = selectors.event_dashboard(user=users["analyst"], event=event)
    assert analyst.codes == [("RIC", "<5"), ("SIC", "<5")]
    ministry = selectors.event_dashboard(user=users["ministry_admin"], event=event)
    assert ministry.codes == [("SIC", 2), ("RIC", 1)]


def letters_chart(page: str) -> dict:
    found = re.search(r'data-chart="letters-chart"[^>]*>(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize(
    ("role", "started", "finished", "bar", "label"),
    [("analyst", "<5", "<5", 0, "<5"), ("ministry_admin", 4, 3, 3, "")],
)
def test_the_events_list_export_and_live_figures_agree(
    world,
    users,
    instrument,
    catalogue,
    event,
    client_for,
    django_capture_on_commit_callbacks,
    role,
    started,
    finished,
    bar,
    label,
):
    pupils(world, instrument, event, realistic=3, answering=1)
    client = client_for(users[role])
    listing = client.get("/guidance/events/")
    assert [(e.started, e.completed) for e in listing.context["events"]] == [(started, finished)]
    rows = export_values(client, django_capture_on_commit_callbacks, "guidance.events")
    assert column(rows, "pupils started") == [started]
    assert column(rows, "pupils finished") == [finished]
    page = client.get(f"/guidance/events/{event.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    cards = re.search(r'data-testid="started">([^<]*)<', html).group(1)
    assert cards == str(started).replace("<", "&lt;")
    bars = letters_chart(html)["data"][0]
    assert (bars["y"][0], bars["text"][0]) == (bar, label)  # R, the first scale
    assert ('data-testid="reliability-withheld"' in html) == (role == "analyst")
    live = client.get(f"/guidance/events/{event.pk}/", HTTP_HX_REQUEST="true")
    assert live.context["dashboard"].completed == finished


def test_the_organiser_sees_their_events_figures_exactly(
    world, users, instrument, catalogue, event, client_for
):
    pupils(world, instrument, event, realistic=3)
    listing = client_for(users["guidance_organiser"]).get("/guidance/events/")
    assert [(e.started, e.completed) for e in listing.context["events"]] == [(3, 3)]
