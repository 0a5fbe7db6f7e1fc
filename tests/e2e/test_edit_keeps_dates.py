"""A college administrator working in Russian edits one field of a student in Chromium: the
enrolment and graduation dates survive, and the audit records the one change."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from qadam.common.models import AuditEntry
from qadam.registry.tests.factories import StudentFactory, UserFactory
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editing_a_student_in_russian_keeps_the_dates(live_server: object, page: Page) -> None:
    base = str(live_server)
    student = StudentFactory.create(
        enrolled_on=date(2025, 9, 1),
        expected_graduation_on=date(2028, 6, 30),
        grade_average=Decimal("4.00"),
    )
    UserFactory.college_admin(student.institution, username="kollege")

    sign_in(page, base, "kollege", "qadam-test-password")
    page.goto(f"{base}/registry/students/{student.pk}/edit/")
    page.click("button[data-lang=ru]")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    # the date picker holds the dates it was given, in the machine format
    expect(page.locator("input[name=enrolled_on]")).to_have_value("2025-09-01")
    expect(page.locator("input[name=expected_graduation_on]")).to_have_value("2028-06-30")

    page.fill("input[name=grade_average]", "4.50")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/registry/students/{student.pk}/")

    student.refresh_from_db()
    assert (student.enrolled_on, student.expected_graduation_on) == (
        date(2025, 9, 1),
        date(2028, 6, 30),
    )
    assert student.grade_average == Decimal("4.50")
    [entry] = AuditEntry.objects.filter(model="registry.Student", object_id=str(student.pk))
    assert entry.changes == {"grade_average": ["4.00", "4.50"]}
    assert entry.actor_username == "kollege"
