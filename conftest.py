"""Shared fixtures: a small world of the registry and one user per role.

The world: two colleges (A, B) in different regions, each with two programs, three students
and two educators; a university with a foreign branch, one student each; an enterprise;
and a user of every role (the student user is linked to a student of college A).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from qadam.accounts.models import User
from qadam.guidance.recommend import forget_catalogue
from qadam.guidance.services.places import forget_places
from qadam.planning.outlook import forget_outlook
from qadam.registry.models import Educator, Enterprise, Institution, Program, Region, Student
from qadam.registry.tests.factories import (
    EducatorFactory,
    EnterpriseFactory,
    InstitutionFactory,
    ProgramFactory,
    RegionFactory,
    SpecialtyFactory,
    StudentFactory,
    UserFactory,
)


@dataclass(frozen=True)
class World:
    region_a: Region
    region_b: Region
    college_a: Institution
    college_b: Institution
    university: Institution
    branch: Institution
    enterprise: Enterprise
    programs_a: list[Program]
    programs_b: list[Program]
    students_a: list[Student]
    students_b: list[Student]
    university_student: Student
    branch_student: Student
    educators_a: list[Educator]
    educators_b: list[Educator]

    @property
    def all_students(self) -> list[Student]:
        return [*self.students_a, *self.students_b, self.university_student, self.branch_student]

    @property
    def all_educators(self) -> list[Educator]:
        return [*self.educators_a, *self.educators_b]


def _college(region: Region, technical: bool) -> tuple[Institution, list[Program]]:
    college = InstitutionFactory.create(region=region)
    programs = [
        ProgramFactory.create(
            institution=college, specialty=SpecialtyFactory.create(is_technical=technical)
        ),
        ProgramFactory.create(
            institution=college,
            specialty=SpecialtyFactory.create(is_technical=False, sector="services"),
            capacity=30,
            state_funded_seats=10,
        ),
    ]
    return college, programs


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Exports go to a temporary directory, never to the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    region_a = RegionFactory.create(
        name_en="Alpha Region", name_ru="Альфа", kato="91", iso_code="KZ-ALF"
    )
    region_b = RegionFactory.create(
        name_en="Beta Region", name_ru="Бета", kato="92", iso_code="KZ-BET"
    )
    college_a, programs_a = _college(region_a, technical=True)
    college_b, programs_b = _college(region_b, technical=True)
    students_a = [
        StudentFactory.create(institution=college_a, program=programs_a[0], last_name="Абаев"),
        StudentFactory.create(
            institution=college_a,
            program=programs_a[1],
            last_name="Бекова",
            funding="paid",
            year_of_study=2,
        ),
        StudentFactory.create(
            institution=college_a,
            program=programs_a[0],
            last_name="Абдиев",
            region=region_b,
        ),
    ]
    students_b = [
        StudentFactory.create(institution=college_b, program=programs_b[0], last_name="Абенов"),
        StudentFactory.create(institution=college_b, program=programs_b[1], last_name="Волков"),
        StudentFactory.create(
            institution=college_b,
            program=programs_b[1],
            last_name="Гарина",
            funding="paid",
        ),
    ]
    university = InstitutionFactory.create(university=True, region=region_a)
    branch = InstitutionFactory.create(foreign_branch=True, parent=university, region=region_b)
    return World(
        region_a=region_a,
        region_b=region_b,
        college_a=college_a,
        college_b=college_b,
        university=university,
        branch=branch,
        enterprise=EnterpriseFactory.create(region=region_a),
        programs_a=programs_a,
        programs_b=programs_b,
        students_a=students_a,
        students_b=students_b,
        university_student=StudentFactory.create(institution=university, last_name="Университетов"),
        branch_student=StudentFactory.create(institution=branch, last_name="Филиалов"),
        educators_a=EducatorFactory.create_batch(2, institution=college_a),
        educators_b=EducatorFactory.create_batch(2, institution=college_b),
    )


@pytest.fixture
def users(world: World) -> dict[str, User]:
    """One user per role, keyed by the names in factories.ROLES."""
    return {
        "ministry_admin": UserFactory.ministry_admin(username="ministry"),
        "analyst": UserFactory.analyst(username="analyst"),
        "college_admin_a": UserFactory.college_admin(world.college_a, username="college_a"),
        "college_admin_b": UserFactory.college_admin(world.college_b, username="college_b"),
        "university_admin": UserFactory.university_admin(world.university, username="university"),
        "enterprise_hr": UserFactory.enterprise_hr(world.enterprise, username="hr"),
        "student": UserFactory.student_user(world.students_a[0], username="student"),
        "guidance_organiser": UserFactory.guidance_organiser(username="organiser"),
    }


@pytest.fixture
def client_for(db) -> Callable[[User | None], Client]:
    """A test client logged in as `user` (session auth); None gives an anonymous client."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _no_process_caches_across_tests():
    """The catalogue, the outlook and the confirmed places are cached per process (the
    festival's speed); a test's database is rolled back after it, so no test may read
    what an earlier one cached (the order of the whole suite would decide the outcome)."""
    forget_catalogue()
    forget_outlook()
    forget_places()
    yield
    forget_catalogue()
    forget_outlook()
    forget_places()
