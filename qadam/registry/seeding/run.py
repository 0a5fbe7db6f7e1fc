"""Seeding a whole dataset: reference data, the synthetic country and one demo user per role."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.services import user_create
from qadam.common.models import AuditEntry, Job
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
    """Remove the seeded country (people first), keeping reference data and superusers."""
    User.objects.filter(is_superuser=False).delete()
    for model in (Student, Educator, Program, Enterprise):
        model.objects.all()._raw_delete(using=connection.alias)
    Institution.objects.filter(parent__isnull=False).delete()
    Institution.objects.all().delete()
    AuditEntry.objects.all().delete()
    Job.objects.all().delete()


def demo_users() -> list[DemoLogin]:
    college = Institution.objects.filter(kind="college", region__kato="19").order_by("id").first()
    college = college or Institution.objects.filter(kind="college").order_by("id").first()
    university = Institution.objects.filter(kind="university").order_by("id").first()
    enterprise = Enterprise.objects.filter(sector="energy").order_by("id").first()
    student = Student.objects.filter(institution=college).order_by("id").first()
    specs: list[tuple[Role, str, dict[str, Any], str]] = [
        (Role.MINISTRY_ADMIN, "ministry", {}, "the ministry (national scope)"),
        (Role.ANALYST, "analyst", {}, "—"),
        (Role.COLLEGE_ADMIN, "college", {"institution": college}, str(college)),
        (Role.UNIVERSITY_ADMIN, "university", {"institution": university}, str(university)),
        (Role.ENTERPRISE_HR, "enterprise", {"enterprise": enterprise}, str(enterprise)),
        (Role.STUDENT, "student", {"student": student}, str(student)),
        (Role.GUIDANCE_ORGANISER, "organiser", {}, "—"),
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
    with transaction.atomic():
        if not registry_is_empty():
            if not reset:
                raise DatasetExists("The registry already holds a dataset; use --reset.")
            progress("removing the previous dataset")
            _wipe()
        progress("reference data")
        load_reference_data()
        NationalBuilder(profile, seed, progress).build()
        progress("demo users")
        logins = demo_users()
        AuditEntry.objects.create(
            action=AuditEntry.Action.BULK_LOAD,
            model="registry.dataset",
            summary=f"seed --profile {profile_name} --seed {seed}",
        )
    progress("planner statistics")
    refresh_planner_statistics()
    return logins
