"""The main menu each role sees: assembled by dashboard from what each app declares, and
exactly the menu each role had when one function in accounts built it."""

import re

import pytest

from qadam.planning.models import Megaproject
from qadam.registry.tests.factories import EnterpriseFactory, InstitutionFactory, UserFactory

HOME = ("Home", "/")
STUDENTS = ("Students", "/registry/students/")
REGISTRY = [
    ("Institutions", "/registry/institutions/"),
    ("Programs", "/registry/programs/"),
    ("Enterprises", "/registry/enterprises/"),
    ("Specialties", "/registry/specialties/"),
]
PLACEMENTS = ("Placements", "/placements/rounds/")
CONTRACTS = ("Contracts", "/placements/contracts/")
EVENTS = ("Career guidance", "/guidance/events/")
DIAGNOSTIC = ("Career guidance", "/guidance/start/")
PUPILS = ("Pupils", "/guidance/pupils/")
PLANNING = ("Planning", "/planning/")
MEGAPROJECTS = ("Planning", "/planning/megaprojects/")
PARTNERSHIPS = ("Partnerships", "/partnerships/")
JOINT = ("Joint KZ–RU programme", "/joint/")  # institutions: only those taking part in one
MODERNISATION = ("Modernisation", "/modernisation/")
OWN_PROJECT = ("Modernisation", "/modernisation/projects/")
FUNDED_LINES = ("Modernisation", "/modernisation/lines/")
INVESTMENTS = ("Modernisation", "/modernisation/investments/")
IMPORT = ("Import", "/imports/")
AUDIT = ("Audit log", "/audit/")
FUNNEL = ("Learner funnel", "/learners/funnel/")
JOURNEY = ("My journey", "/learners/{student}/journey/")  # the student's own record
EDUCATORS = ("Educators", "/educators/")
EDUCATORS_UPSKILLED = ("Educators upskilled", "/educators/shares/")
TAIL = [("Jobs", "/jobs/"), ("About", "/about/")]

NATIONAL = ("National targets", "/national/")
NATIONAL_ADMIN = [HOME, NATIONAL, STUDENTS, *REGISTRY, PLACEMENTS, CONTRACTS, EVENTS, PLANNING]
INSTITUTION = [HOME, STUDENTS, *REGISTRY, PLACEMENTS, CONTRACTS, DIAGNOSTIC, PARTNERSHIPS]
MENUS = {
    "ministry_admin": [
        *NATIONAL_ADMIN,
        *[PARTNERSHIPS, JOINT, MODERNISATION, FUNNEL, EDUCATORS, IMPORT, AUDIT, *TAIL],
    ],
    "superuser": [
        *NATIONAL_ADMIN,
        *[PARTNERSHIPS, JOINT, MODERNISATION, FUNNEL, EDUCATORS, IMPORT, AUDIT, *TAIL],
    ],
    "analyst": [
        HOME,
        NATIONAL,
        STUDENTS,
        *REGISTRY,
        PLACEMENTS,
        EVENTS,
        PLANNING,
        PARTNERSHIPS,
        JOINT,
        MODERNISATION,
        FUNNEL,
        EDUCATORS_UPSKILLED,
        *TAIL,
    ],
    "college_admin_a": [*INSTITUTION, OWN_PROJECT, EDUCATORS, IMPORT, *TAIL],
    "university_admin": [*INSTITUTION, INVESTMENTS, EDUCATORS, IMPORT, *TAIL],
    "enterprise_hr": [
        *[HOME, *REGISTRY, PLACEMENTS, CONTRACTS, DIAGNOSTIC, PARTNERSHIPS, FUNDED_LINES],
        *TAIL,
    ],
    "operator": [
        *[HOME, *REGISTRY, PLACEMENTS, CONTRACTS, DIAGNOSTIC, MEGAPROJECTS, PARTNERSHIPS],
        *[FUNDED_LINES, *TAIL],
    ],
    "student": [HOME, STUDENTS, *REGISTRY, PLACEMENTS, CONTRACTS, DIAGNOSTIC, JOURNEY, *TAIL],
    "guidance_organiser": [HOME, *REGISTRY, EVENTS, *TAIL],
    "school_counsellor": [HOME, *REGISTRY, DIAGNOSTIC, PUPILS, *TAIL],
    "parent": [HOME, *REGISTRY, DIAGNOSTIC, PUPILS, *TAIL],
}


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def menu(client) -> list[tuple[str, str]]:
    """The (label, href) pairs of the page's main navigation, in order."""
    page = client.get("/about/").content.decode()
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', page, re.S).group(1)
    return [(label, href) for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)]


@pytest.fixture
def role_users(world, users):
    """Every role, plus the HR of a megaproject's operator and a superuser without a role."""
    operator = UserFactory.enterprise_hr(EnterpriseFactory.create(), username="operator")
    Megaproject.objects.create(
        code="NPP-T", name="Test NPP", region=world.region_a, enterprise=operator.enterprise
    )
    school = InstitutionFactory.create(kind="school", region=world.region_a)
    return {
        **users,
        "operator": operator,
        "school_counsellor": UserFactory.school_counsellor(school, username="counsellor"),
        "parent": UserFactory.parent(username="parent"),
        "superuser": UserFactory.create(username="root", is_superuser=True, role=""),
    }


@pytest.mark.parametrize("role", sorted(MENUS))
def test_each_role_sees_the_menu_it_always_had(role, role_users, client_for):
    user = role_users[role]
    expected = [(label, href.format(student=user.student_id)) for label, href in MENUS[role]]
    assert menu(client_for(user)) == expected


def test_an_anonymous_visitor_gets_no_menu(client_for, db):
    assert menu(client_for(None)) == []
