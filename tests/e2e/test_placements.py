"""A student ranks offers in a real browser, then reads why they got their second choice.

The test builds its own national round over the seeded small country (so it does not depend
on the seed's own round): two offers open to the demo student's specialty, one seat each.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.services import user_create
from qadam.placements import services
from qadam.placements.matching import run_match
from qadam.placements.models import Offer, PlacementRound
from qadam.registry.models import Enterprise, Program, Student
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def country() -> None:
    call_command("seed", profile="small", seed=42, verbosity=0)


def _active_with_program(student: Student, grade: str) -> Student:
    """The seed may have graduated or expelled the student: make them an applicant."""
    if student.program_id is None:
        student.program = Program.objects.filter(institution=student.institution).first()
    student.status = "active"
    student.grade_average = Decimal(grade)
    student.save()
    return student


def _offer(ministry: User, placement_round: PlacementRound, title: str, specialties) -> Offer:
    return services.offer_create(
        actor=ministry,
        placement_round=placement_round,
        enterprise_id=Enterprise.objects.order_by("id").values_list("id", flat=True).first(),
        specialties=specialties,
        title=title,
        kind=Offer.Kind.DUAL,
        region=Enterprise.objects.order_by("id").first().region,
        address="1 Test St",
        seats=1,
        starts_on="2027-02-01",
        ends_on="2027-06-30",
    )


def ranked_titles(page: Page) -> list[str]:
    return [link.inner_text() for link in page.get_by_test_id("ranking").locator("li a").all()]


def test_student_ranks_offers_then_reads_why_not_the_first_choice(
    country: None, live_server: object, page: Page
) -> None:
    base = str(live_server)
    ministry = User.objects.get(username="ministry")
    me = _active_with_program(User.objects.get(username="student").student, "3.00")
    rival = _active_with_program(
        Student.objects.filter(status="active", program__isnull=False).exclude(pk=me.pk).first(),
        "5.00",
    )
    specialties = sorted({me.program.specialty_id, rival.program.specialty_id})
    placement_round = services.round_create(actor=ministry, name="Browser round", term="2027")
    _offer(ministry, placement_round, "Assembly line trainee", specialties)
    _offer(ministry, placement_round, "Laboratory trainee", specialties)
    services.round_open(actor=ministry, placement_round=placement_round)

    sign_in(page, base, "student")
    page.click("button[data-lang=en]")
    page.goto(f"{base}/placements/rounds/{placement_round.pk}/")
    page.click("text=My ranking")
    expect(page.get_by_test_id("compatible-offers")).to_contain_text("Laboratory trainee")

    for title in ("Assembly line trainee", "Laboratory trainee"):
        row = page.get_by_test_id("compatible-offers").locator("tr", has_text=title)
        row.get_by_test_id("add").click()
        expect(page.get_by_test_id("ranking")).to_contain_text(title)
    assert ranked_titles(page) == ["Assembly line trainee", "Laboratory trainee"]

    second = page.get_by_test_id("ranking").locator("li", has_text="Laboratory trainee")
    second.get_by_test_id("move-up").click()
    expect(page.get_by_test_id("ranking").locator("li").first).to_contain_text("Laboratory trainee")
    assert ranked_titles(page) == ["Laboratory trainee", "Assembly line trainee"]

    # the rival, with better grades, wants the laboratory too; the round is then matched
    rival_user = user_create(
        username="rival", password="qadam-demo", role=Role.STUDENT, student=rival
    )
    laboratory = placement_round.offers.get(title="Laboratory trainee")
    services.application_rank_set(
        actor=rival_user, placement_round=placement_round, offer_ids=[laboratory.pk]
    )
    services.round_close(actor=ministry, placement_round=placement_round)
    run_match(round_id=placement_round.pk, actor=ministry)
    services.round_publish(actor=ministry, placement_round=placement_round)

    page.goto(f"{base}/placements/rounds/{placement_round.pk}/my/")
    expect(page.get_by_test_id("placed")).to_contain_text("Assembly line trainee")
    expect(page.get_by_test_id("explanations")).to_contain_text(
        "«Laboratory trainee» filled its 1 seat; the lowest admitted score was 100.0, "
        "yours was 60.0."
    )
