"""The demo users `qadam seed` creates: one per role, each acting for something worth a look."""

from dataclasses import dataclass
from typing import Any

from qadam.accounts.roles import Role
from qadam.accounts.services import user_create
from qadam.placements.models import Offer, Placement
from qadam.registry.models import Enterprise, Institution, Student

DEMO_PASSWORD = "qadam-demo"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    acts_for: str


def _demo_student(college: Institution | None) -> Student | None:
    """A student of the demo college placed below their first choice: their page shows a
    placement and why the choices above it went to others."""
    placed_lower = Placement.objects.filter(student__institution=college, rank__gte=2)
    placement = placed_lower.order_by("student_id").first()
    if placement is not None:
        return placement.student
    return Student.objects.filter(institution=college).order_by("id").first()


def _demo_enterprise() -> Enterprise | None:
    """An enterprise with trainees on a targeted-training offer (an energy one if possible),
    so its HR page has someone to accept and a contract to follow."""
    with_trainees = Enterprise.objects.filter(
        offers__kind=Offer.Kind.TARGETED,
        offers__placements__status=Placement.Status.PENDING,
    ).order_by("id")
    return (
        with_trainees.filter(sector="energy").first()
        or with_trainees.first()
        or Enterprise.objects.filter(sector="energy").order_by("id").first()
    )


def demo_users() -> list[DemoLogin]:
    college = Institution.objects.filter(kind="college", region__kato="19").order_by("id").first()
    college = college or Institution.objects.filter(kind="college").order_by("id").first()
    university = Institution.objects.filter(kind="university").order_by("id").first()
    enterprise = _demo_enterprise()
    student = _demo_student(college)
    school = Institution.objects.filter(kind="school", region__kato="19").order_by("id").first()
    school = school or Institution.objects.filter(kind="school").order_by("id").first()
    specs: list[tuple[Role, str, dict[str, Any], str]] = [
        (Role.MINISTRY_ADMIN, "ministry", {}, "the ministry (national scope)"),
        (Role.ANALYST, "analyst", {}, "—"),
        (Role.COLLEGE_ADMIN, "college", {"institution": college}, str(college)),
        (Role.UNIVERSITY_ADMIN, "university", {"institution": university}, str(university)),
        (Role.ENTERPRISE_HR, "enterprise", {"enterprise": enterprise}, str(enterprise)),
        (Role.STUDENT, "student", {"student": student}, str(student)),
        (Role.GUIDANCE_ORGANISER, "organiser", {}, "—"),
        (Role.SCHOOL_COUNSELLOR, "counsellor", {"institution": school}, str(school)),
        (Role.PARENT, "parent", {}, "—"),
    ]
    logins = []
    for role, username, organisation, acts_for in specs:
        user_create(username=username, password=DEMO_PASSWORD, role=role, **organisation)
        logins.append(DemoLogin(str(role.label), username, DEMO_PASSWORD, acts_for))
    return logins
