"""The ministry registers a student in Chromium: among more programs than the select lists,
it types part of a specialty's name, chooses the program found, saves, and the student has it;
editing another student, a search that finds nothing leaves their program as it was."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from qadam.registry.forms import PROGRAM_CHOICES_SHOWN
from qadam.registry.models import Student
from qadam.registry.tests.factories import (
    InstitutionFactory,
    ProgramFactory,
    SpecialtyFactory,
    StudentFactory,
    UserFactory,
    iin_for,
)
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ministry_finds_a_program_by_typing_and_the_student_gets_it(
    live_server: object, page: Page
) -> None:
    base = str(live_server)
    for _ in range(PROGRAM_CHOICES_SHOWN + 5):
        ProgramFactory.create()
    college = InstitutionFactory.create(name_ru="Колледж энергетики", name_en="Energy College")
    welding = SpecialtyFactory.create(name_ru="Сварочное производство", name_en="Welding")
    program = ProgramFactory.create(institution=college, specialty=welding)
    UserFactory.ministry_admin(username="minister")
    iin = iin_for(date(2008, 6, 1), "F", 77)

    sign_in(page, base, "minister", "qadam-test-password")
    page.goto(f"{base}/registry/students/new/")
    page.click("button[data-lang=ru]")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    select = page.locator("select[name=program]")
    expect(select.locator("option[value]:not([value=''])")).to_have_count(0)

    page.fill("#id_iin", iin)
    page.fill("#id_last_name", "Сапарова")
    page.fill("#id_first_name", "Алия")
    page.select_option("#id_region", value=str(college.region_id))
    page.select_option("#id_institution", value=str(college.pk))
    page.get_by_test_id("program-search").press_sequentially("свар", delay=50)
    expect(select.locator(f"option[value='{program.pk}']")).to_have_count(1)
    page.select_option("select[name=program]", value=str(program.pk))
    page.fill("#id_year_of_study", "1")
    page.select_option("#id_funding", value="state_order")
    page.fill("#id_enrolled_on", "2025-09-01")
    page.fill("#id_expected_graduation_on", "2028-06-30")
    page.locator("form button[type=submit].primary").click()

    page.wait_for_url(re.compile(r"/registry/students/\d+/$"))
    student = Student.objects.get(iin=iin)
    assert page.url == f"{base}/registry/students/{student.pk}/"
    assert student.program_id == program.pk


def test_a_search_that_finds_nothing_keeps_the_students_program(
    live_server: object, page: Page
) -> None:
    base = str(live_server)
    student = StudentFactory.create()
    UserFactory.college_admin(student.institution, username="kollege")
    original = student.program_id

    sign_in(page, base, "kollege", "qadam-test-password")
    page.goto(f"{base}/registry/students/{student.pk}/edit/")
    page.get_by_test_id("program-search").press_sequentially("нет такого", delay=30)
    # the first line says nothing matched; the chosen program stays selected below it
    expect(page.locator("select[name=program] option").first).to_have_text("No program matches")
    expect(page.locator("select[name=program]")).to_have_value(str(original))
    page.fill("input[name=grade_average]", "4.50")
    page.locator("form button[type=submit].primary").click()
    page.wait_for_url(f"{base}/registry/students/{student.pk}/")

    student.refresh_from_db()
    assert student.program_id == original
