"""A pupil takes the diagnostic, shares it for enrolment, their college links it by IIN, a
placement round places them, and they read the journey: diagnostic, enrolment, placement.

Over the seeded small country; the pupil is a student of the demo college (not the demo
student, whose diagnostic the seed already links).
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
from qadam.placements.models import Offer
from qadam.registry.models import Enterprise, Student
from tests.e2e.conftest import sign_in
from tests.e2e.test_guidance import SCREENS, answer_screen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def country() -> None:
    call_command("seed", profile="small", seed=42, verbosity=0)


def _pupil() -> Student:
    college = User.objects.get(username="college").institution
    demo = User.objects.get(username="student").student_id
    student = (
        Student.objects.filter(institution=college, program__isnull=False)
        .exclude(pk=demo)
        .order_by("id")
        .first()
    )
    assert student is not None
    student.status, student.grade_average = "active", Decimal("4.00")
    student.save()
    return student


def take_the_diagnostic(page: Page, base: str, student: Student) -> None:
    page.goto(f"{base}/guidance/start/")
    page.fill("#id_age", "16")
    page.select_option("#id_region", value=str(student.region_id))
    page.locator("label[for=id_consent]").click()
    page.get_by_test_id("start").click()
    for number in range(1, SCREENS + 1):
        expect(page.locator("#screen")).to_have_attribute("data-screen", str(number))
        answer_screen(page)
        page.get_by_test_id("next" if number < SCREENS else "finish").click()
    page.wait_for_url(f"{base}/guidance/r/*/")
    expect(page.get_by_test_id("holland-code")).to_have_text("RIC")


def place(student: Student) -> None:
    ministry = User.objects.get(username="ministry")
    placement_round = services.round_create(actor=ministry, name="Journey round", term="2027")
    enterprise = Enterprise.objects.order_by("id").first()
    assert enterprise is not None and student.program is not None
    offer = services.offer_create(
        actor=ministry,
        placement_round=placement_round,
        enterprise_id=enterprise.pk,
        specialties=[student.program.specialty_id],
        title="Workshop trainee",
        kind=Offer.Kind.DUAL,
        region=enterprise.region,
        address="1 Test St",
        seats=1,
        starts_on="2027-02-01",
        ends_on="2027-06-30",
    )
    services.round_open(actor=ministry, placement_round=placement_round)
    pupil = User.objects.get(username="pupil")
    services.application_rank_set(
        actor=pupil, placement_round=placement_round, offer_ids=[offer.pk]
    )
    services.round_close(actor=ministry, placement_round=placement_round)
    run_match(round_id=placement_round.pk, actor=ministry)
    services.round_publish(actor=ministry, placement_round=placement_round)


def test_a_pupil_from_diagnostic_to_a_placed_student_reads_the_journey(
    country: None, live_server: object, page: Page
) -> None:
    base = str(live_server)
    student = _pupil()
    user_create(username="pupil", password="qadam-demo", role=Role.STUDENT, student=student)

    take_the_diagnostic(page, base, student)
    share = page.get_by_test_id("share-for-enrolment")
    share.locator("input[name=iin]").fill(student.iin)
    share.locator("button").click()
    expect(page.get_by_test_id("shared")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "college")
    page.click("button[data-lang=en]")
    page.goto(f"{base}/registry/students/{student.pk}/")
    page.get_by_test_id("journey-link").click()
    page.get_by_test_id("link-diagnostics").click()
    expect(page.locator("li[data-stage=diagnostic]")).to_contain_text("Holland code RIC")

    place(student)
    page.context.clear_cookies()
    sign_in(page, base, "pupil")
    page.click("button[data-lang=en]")
    page.goto(f"{base}/registry/students/{student.pk}/")
    page.get_by_test_id("journey-link").click()
    journey = page.get_by_test_id("journey")
    stages = [item.get_attribute("data-stage") for item in journey.locator("> li").all()]
    assert {"diagnostic", "enrolment", "placement"} <= set(stages)
    expect(journey.locator("li[data-stage=diagnostic]")).to_contain_text(
        "linked by the college at enrolment"
    )
    expect(journey.locator("li[data-stage=placement]")).to_contain_text("Workshop trainee")
    expect(journey.locator("li[data-stage=enrolment]")).to_contain_text("student record")
