"""The demo users `qadam seed` creates: one per role, each acting for something worth a look."""

from dataclasses import dataclass
from typing import Any

from qadam.accounts.roles import Role
from qadam.accounts.services import user_create
from qadam.placements.models import Offer, Placement
from qadam.registry.models import Enterprise, Institution, Student
from qadam.registry.seeding.economy import PROFILE_SECTORS, RegionEconomy, read_economy
from qadam.registry.seeding.organisations import NPP_OPERATOR

DEMO_PASSWORD = "qadam-demo"
DEMO_REGION_KATO = "19"  # Almaty Region: NPP-1's, so the demo users see its pipeline


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    acts_for: str


def _demo_student(college: Institution | None) -> Student | None:
    """A student of the demo college, in a specialty of its profile's own sector, placed below
    their first choice: their page shows a placement and why the choices above it went to
    others."""
    students = Student.objects.filter(institution=college)
    if college is not None and college.profile in PROFILE_SECTORS:
        own = students.filter(program__specialty__sector__in=PROFILE_SECTORS[college.profile][0])
        students = own if own.exists() else students
    placed_lower = Placement.objects.filter(student__in=students, rank__gte=2)
    placement = placed_lower.order_by("student_id").first()
    if placement is not None:
        return placement.student
    return students.order_by("id").first()


def _fits_its_region(enterprise: Enterprise, economy: dict[str, RegionEconomy]) -> bool:
    """Whether the enterprise works in one of its region's three main industries."""
    region = economy.get(enterprise.region.kato)
    return region is not None and enterprise.sector in region.main_industries()


def _demo_enterprise() -> Enterprise | None:
    """An enterprise of one of its region's main industries (an energy one of the demo region if
    possible) with trainees on a targeted-training offer, so its HR page has someone to
    accept and a contract to follow; the NPP operator is the megaproject's login, not this."""
    economy = read_economy()
    with_trainees = (
        Enterprise.objects.filter(
            offers__kind=Offer.Kind.TARGETED,
            offers__placements__status=Placement.Status.PENDING,
        )
        .exclude(name=NPP_OPERATOR["name"])
        .select_related("region")
        .distinct()
        .order_by("id")
    )
    for candidates in (
        with_trainees.filter(sector="energy", region__kato=DEMO_REGION_KATO),
        with_trainees.filter(region__kato=DEMO_REGION_KATO),
        with_trainees,
    ):
        fitting = next((e for e in candidates if _fits_its_region(e, economy)), None)
        if fitting is not None:
            return fitting
    return (
        with_trainees.first()
        or Enterprise.objects.filter(sector="energy").exclude(name=NPP_OPERATOR["name"]).first()
    )


def demo_users() -> list[DemoLogin]:
    # a region's first college is of its signature profile (the NPP region's: energy)
    college = (
        Institution.objects.filter(kind="college", region__kato=DEMO_REGION_KATO)
        .order_by("id")
        .first()
    )
    college = college or Institution.objects.filter(kind="college").order_by("id").first()
    university = Institution.objects.filter(kind="university").order_by("id").first()
    enterprise = _demo_enterprise()
    student = _demo_student(college)
    school = (
        Institution.objects.filter(kind="school", region__kato=DEMO_REGION_KATO)
        .order_by("id")
        .first()
    )
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
