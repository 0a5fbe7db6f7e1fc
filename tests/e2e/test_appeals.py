"""A student appeals a published result in a real browser; the coordinator upholds it with
the corrected score; the re-run changes exactly the placements the appeal's page lists.

The test builds its own national round over the seeded small country: two offers open to
the demo student's specialty, one seat each; a rival with better grades takes the one the
student wanted most, until the student's score there is corrected above the rival's."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.services import user_create
from qadam.placements import services
from qadam.placements.matching import run_match
from qadam.placements.models import Appeal, Placement, PlacementRound
from qadam.registry.models import Student
from tests.e2e.conftest import sign_in
from tests.e2e.test_placements import _active_with_program, _offer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def country() -> None:
    call_command("seed", profile="small", seed=42, verbosity=0)


def _placements(placement_round: PlacementRound) -> dict[int, int | None]:
    rows = Placement.objects.filter(round=placement_round).values_list("student_id", "offer_id")
    return dict(rows)


def test_student_appeals_the_coordinator_upholds_and_the_listed_placements_change(
    country: None, live_server: object, page: Page, browser: Browser
) -> None:
    base = str(live_server)
    # the test backend runs the re-run job inside the decision's request
    page.set_default_timeout(30_000)
    ministry = User.objects.get(username="ministry")
    me = _active_with_program(User.objects.get(username="student").student, "3.00")
    rival = _active_with_program(
        Student.objects.filter(status="active", program__isnull=False).exclude(pk=me.pk).first(),
        "4.50",
    )
    specialties = sorted({me.program.specialty_id, rival.program.specialty_id})
    placement_round = services.round_create(actor=ministry, name="Appeal round", term="2027")
    laboratory = _offer(ministry, placement_round, "Laboratory trainee", specialties)
    assembly = _offer(ministry, placement_round, "Assembly line trainee", specialties)
    services.round_open(actor=ministry, placement_round=placement_round)
    services.application_rank_set(
        actor=User.objects.get(username="student"),
        placement_round=placement_round,
        offer_ids=[laboratory.pk, assembly.pk],
    )
    rival_user = user_create(
        username="rival", password="qadam-demo", role=Role.STUDENT, student=rival
    )
    services.application_rank_set(
        actor=rival_user, placement_round=placement_round, offer_ids=[laboratory.pk]
    )
    services.round_close(actor=ministry, placement_round=placement_round)
    run_match(round_id=placement_round.pk, actor=ministry)
    services.round_publish(actor=ministry, placement_round=placement_round)
    before = _placements(placement_round)
    assert before == {me.pk: assembly.pk, rival.pk: laboratory.pk}

    # the student appeals their score at the laboratory
    sign_in(page, base, "student")
    page.click("button[data-lang=en]")
    page.goto(f"{base}/placements/rounds/{placement_round.pk}/my/")
    expect(page.get_by_test_id("verifiable")).to_be_visible()
    page.get_by_test_id("appeal").locator("summary").click()
    form = page.get_by_test_id("appeal-form")
    form.locator("select[name=ground]").select_option("score")
    form.locator("input[name=offer]").fill(str(laboratory.pk))
    form.locator("textarea[name=statement]").fill("My grades were entered wrong.")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("my-appeals")).to_contain_text("submitted")
    appeal = Appeal.objects.get(student=me)

    # the coordinator upholds it with the corrected score
    coordinator = browser.new_context(locale="en-GB").new_page()
    coordinator.set_default_timeout(30_000)
    sign_in(coordinator, base, "ministry")
    coordinator.click("button[data-lang=en]")
    coordinator.goto(f"{base}/placements/rounds/{placement_round.pk}/")
    coordinator.get_by_test_id("appeals-link").click()
    coordinator.locator(f"tr[data-appeal='{appeal.pk}'] a").click()
    decide = coordinator.get_by_test_id("decide")
    decide.locator("input[name=decision][value=uphold]").check()
    decide.locator("input[name=reason]").fill("The grade record was wrong.")
    decide.locator("input[name=corrected_score]").fill("95")
    decide.locator("button[type=submit]").click()
    coordinator.wait_for_url(re.compile(r"/jobs/\d+/"))
    expect(coordinator.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")

    # the appeal's page lists exactly the placements the re-run changed
    coordinator.goto(f"{base}/placements/appeals/{appeal.pk}/")
    expect(coordinator.get_by_test_id("correction-certificate")).to_be_visible()
    rows = coordinator.get_by_test_id("changes").locator("tr[data-student]")
    listed = {
        int(row.get_attribute("data-student") or 0): [
            cell.get_attribute("data-offer") or None for cell in row.locator("td[data-offer]").all()
        ]
        for row in rows.all()
    }
    after = _placements(placement_round)
    changed = {s for s in before if before[s] != after[s]}
    assert set(listed) == changed == {me.pk, rival.pk}
    for student, (was, now) in listed.items():
        assert (was and int(was), now and int(now)) == (before[student], after[student])
    assert after == {me.pk: laboratory.pk, rival.pk: None}

    # the student sees their new placement and the decision
    page.reload()
    expect(page.get_by_test_id("placed")).to_contain_text("Laboratory trainee")
    expect(page.get_by_test_id("my-appeals")).to_contain_text("upheld")
    coordinator.context.close()
