"""The student form's program search: the select holds only the chosen program at national
scale, the search fills it with the programs the user may enrol a student in, and the form
still accepts only those."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qadam.registry.forms import PROGRAM_CHOICES_SHOWN
from qadam.registry.models import Student
from qadam.registry.tests.factories import InstitutionFactory, ProgramFactory, SpecialtyFactory
from qadam.registry.tests.test_views import student_form_data

OPTIONS = "/registry/students/programs/"


def option_ids(content: bytes) -> list[int]:
    return [int(pk) for pk in re.findall(r'<option value="(\d+)"', content.decode())]


def program_select(content: bytes) -> str:
    found = re.search(r'<select name="program".*?</select>', content.decode(), re.S)
    assert found is not None
    return found.group(0)


def many_programs(count: int) -> None:
    for _ in range(count):
        ProgramFactory.create(institution=InstitutionFactory.create())


def test_search_finds_programs_by_a_lower_case_word_of_the_specialty(world, users, client_for):
    welding = SpecialtyFactory.create(name_ru="Сварочное производство", code="07150100")
    program = ProgramFactory.create(institution=world.college_b, specialty=welding)
    client = client_for(users["ministry_admin"])

    for typed in ("свароч", "Сварочное", "0715", "производство свар"):
        response = client.get(OPTIONS, {"program_search": typed})
        assert response.status_code == 200
        assert option_ids(response.content) == [program.pk], typed


def test_search_by_the_institutions_name_and_within_the_chosen_institution(
    world, users, client_for
):
    client = client_for(users["ministry_admin"])
    college_a = world.college_a
    response = client.get(OPTIONS, {"program_search": college_a.name_ru.lower()})
    assert sorted(option_ids(response.content)) == sorted(p.pk for p in world.programs_a)

    response = client.get(OPTIONS, {"program_search": "", "institution": world.college_b.pk})
    assert sorted(option_ids(response.content)) == sorted(p.pk for p in world.programs_b)


def test_a_college_admin_finds_only_their_colleges_programs(world, users, client_for):
    client = client_for(users["college_admin_a"])
    other = world.programs_b[0]
    response = client.get(OPTIONS, {"program_search": other.specialty.name_ru})
    assert option_ids(response.content) == []
    # even asked for by id as the chosen one
    response = client.get(OPTIONS, {"program_search": "", "program": other.pk})
    assert other.pk not in option_ids(response.content)


def test_the_program_already_chosen_stays_chosen_while_searching(world, users, client_for):
    chosen = world.programs_a[0]
    response = client_for(users["college_admin_a"]).get(
        OPTIONS, {"program_search": "no such words", "program": chosen.pk}
    )
    assert re.search(rf'<option value="{chosen.pk}" selected>', response.content.decode())


def test_many_matches_are_capped_and_say_so(world, users, client_for, settings):
    settings.LANGUAGE_CODE = "en"
    many_programs(PROGRAM_CHOICES_SHOWN + 5)
    response = client_for(users["ministry_admin"]).get(OPTIONS, {"program_search": "College"})
    assert len(option_ids(response.content)) == PROGRAM_CHOICES_SHOWN
    assert "type more of the name" in response.content.decode()


@pytest.mark.parametrize("role", ["analyst", "enterprise_hr", "student", "guidance_organiser"])
def test_roles_that_register_no_students_get_no_programs(world, users, client_for, role):
    assert client_for(users[role]).get(OPTIONS, {"program_search": "a"}).status_code == 403


def test_the_create_page_lists_only_the_chosen_program_when_there_are_many(
    world, users, client_for
):
    many_programs(PROGRAM_CHOICES_SHOWN + 5)
    client = client_for(users["ministry_admin"])
    page = program_select(client.get("/registry/students/new/").content)
    assert option_ids(page.encode()) == []

    student = world.students_a[0]
    page = program_select(client.get(f"/registry/students/{student.pk}/edit/").content)
    assert option_ids(page.encode()) == [student.program_id]
    assert f'<option value="{student.program_id}" selected>' in page


def test_a_college_with_few_programs_sees_them_all_without_searching(world, users, client_for):
    page = program_select(
        client_for(users["college_admin_a"]).get("/registry/students/new/").content
    )
    assert sorted(option_ids(page.encode())) == sorted(p.pk for p in world.programs_a)


def test_the_form_still_refuses_a_program_it_would_not_offer(world, users, client_for):
    many_programs(PROGRAM_CHOICES_SHOWN + 5)
    data = student_form_data(world, program=world.programs_b[0].pk)
    response = client_for(users["college_admin_a"]).post("/registry/students/new/", data)
    assert response.status_code == 200
    assert 'data-field="program"' in response.content.decode()
    assert not Student.objects.filter(iin=data["iin"]).exists()


def queries_of(client, urls: list[str]) -> list[int]:
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    return counts


def test_the_pages_queries_do_not_grow_with_the_programs(world, users, client_for):
    """The 7,000 programs once cost a query each (their institution's name): N+1."""
    client = client_for(users["ministry_admin"])
    student = world.students_a[0]
    pages = ["/registry/students/new/", f"/registry/students/{student.pk}/edit/"]
    search = [f"{OPTIONS}?program_search=College"]
    few_pages, few_found = queries_of(client, pages), queries_of(client, search)

    many_programs(PROGRAM_CHOICES_SHOWN + 5)
    many_pages = queries_of(client, pages)
    assert all(many <= few for many, few in zip(many_pages, few_pages, strict=True))
    assert queries_of(client, search) == few_found


def test_a_colleges_full_program_list_costs_no_query_per_program(world, users, client_for):
    client = client_for(users["college_admin_a"])
    before = queries_of(client, ["/registry/students/new/"])
    for _ in range(PROGRAM_CHOICES_SHOWN - len(world.programs_a)):
        ProgramFactory.create(institution=world.college_a)
    assert queries_of(client, ["/registry/students/new/"]) == before
