"""Seeding a whole dataset: reference data, the synthetic country and one demo user per role."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.services import user_create
from qadam.agreements.seeding import PARTNERSHIP_MODELS, seed_partnerships
from qadam.common.models import AuditEntry, Job
from qadam.guidance.instruments import instrument_load
from qadam.guidance.models import DiagnosticSession, GuidanceEvent, ParentLink
from qadam.guidance.seeding import seed_guidance_event
from qadam.placements.matching import run_match
from qadam.placements.models import Application, Offer, Placement, PlacementRound, TrainingContract
from qadam.placements.seeding import seed_placement_round
from qadam.planning.models import (
    AllocationRun,
    DemandAdjustment,
    Megaproject,
    Scenario,
    SeatAllocation,
    StaffingPlan,
    StaffingRequirement,
)
from qadam.planning.seeding import seed_planning
from qadam.registry.models import Educator, Enterprise, Institution, Program, Student
from qadam.registry.seeding.bulk import refresh_planner_statistics
from qadam.registry.seeding.national import NationalBuilder
from qadam.registry.seeding.profiles import PROFILES
from qadam.registry.seeding.reference import load_reference_data

DEMO_PASSWORD = "qadam-demo"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    acts_for: str


class DatasetExists(Exception):
    pass


def registry_is_empty() -> bool:
    return not Institution.objects.exists()


def _wipe() -> None:
    """Remove the seeded country (guidance and placements, then people), keeping reference
    data, the guidance instruments and superusers."""
    # raw: millions of applications, and a collector would refuse rounds that a follow-up
    # round protects even though both go
    dependants: tuple[type[Model], ...] = (
        *PARTNERSHIP_MODELS,
        SeatAllocation,
        AllocationRun,
        DemandAdjustment,
        Scenario.plans.through,
        Scenario,
        StaffingRequirement,
        StaffingPlan,
        Megaproject,
        ParentLink,
        DiagnosticSession,
        GuidanceEvent,
        TrainingContract,
        Placement,
        Application,
        Offer.specialties.through,
        Offer,
        PlacementRound,
    )
    for dependant in dependants:
        dependant._default_manager.all()._raw_delete(using=connection.alias)
    User.objects.filter(is_superuser=False).delete()
    for model in (Student, Educator, Program, Enterprise):
        model.objects.all()._raw_delete(using=connection.alias)
    Institution.objects.filter(parent__isnull=False).delete()
    Institution.objects.all().delete()
    AuditEntry.objects.all().delete()
    Job.objects.all().delete()


@contextmanager
def _large_sqlite_cache() -> Iterator[None]:
    """SQLite's default 2 MB page cache thrashes while millions of rows enter indexes in random
    order (students, applications); 512 MB for the load makes those steps a third faster."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -524288")  # negative: KiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _match_and_publish(placement_round: PlacementRound) -> None:
    """The demo opens on a term whose round is already matched and published."""
    run_match(round_id=placement_round.pk)
    PlacementRound.objects.filter(pk=placement_round.pk).update(
        status=PlacementRound.Status.PUBLISHED, published_at=timezone.now()
    )


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


def seed_dataset(
    *, profile_name: str, seed: int, reset: bool, progress: Callable[[str], None]
) -> list[DemoLogin]:
    """Build the dataset in one transaction: all of it, or nothing."""
    profile = PROFILES[profile_name]
    with _large_sqlite_cache(), transaction.atomic():
        if not registry_is_empty():
            if not reset:
                raise DatasetExists("The registry already holds a dataset; use --reset.")
            progress("removing the previous dataset")
            _wipe()
        progress("reference data")
        load_reference_data()
        instrument_load()
        NationalBuilder(profile, seed, progress).build()
        progress("placement round")
        placement_round = seed_placement_round(profile=profile, seed=seed, progress=progress)
        progress("placement match")
        _match_and_publish(placement_round)
        progress("demo users")
        logins = demo_users()
        progress("guidance festival")
        seed_guidance_event(
            profile=profile,
            seed=seed,
            organiser=User.objects.get(username="organiser"),
            progress=progress,
        )
        progress("workforce planning")
        megaproject, operator_login = seed_planning(
            planner=User.objects.get(username="ministry"),
            password=DEMO_PASSWORD,
            total_seats=profile.state_funded_seats,
            progress=progress,
        )
        if operator_login is not None:
            logins.append(
                DemoLogin(
                    str(Role.ENTERPRISE_HR.label),
                    operator_login.username,
                    DEMO_PASSWORD,
                    f"{megaproject.code}: {operator_login.enterprise}",
                )
            )
        progress("partnerships")
        seed_partnerships(profile=profile, seed=seed, progress=progress)
        AuditEntry.objects.create(
            action=AuditEntry.Action.BULK_LOAD,
            model="registry.dataset",
            summary=f"seed --profile {profile_name} --seed {seed}",
        )
    progress("planner statistics")
    refresh_planner_statistics()
    return logins
