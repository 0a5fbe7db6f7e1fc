"""Seeding a whole dataset: reference data, the synthetic country, each app's part of it and
one demo user per role, in one transaction."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.agreements.seeding import PARTNERSHIP_MODELS, seed_partnerships
from qadam.common.bulk import refresh_planner_statistics
from qadam.common.models import AuditEntry, Job
from qadam.educators.seeding import EDUCATOR_MODELS, seed_upskilling
from qadam.guidance.instruments import instrument_load
from qadam.guidance.models import DiagnosticSession, GuidanceEvent, ParentLink
from qadam.guidance.seeding import seed_guidance_event
from qadam.joint.seeding import MODELS as JOINT_MODELS
from qadam.joint.seeding import seed_joint_programme
from qadam.learners.models import EmploymentRecord
from qadam.learners.seeding import seed_demo_journey
from qadam.modernisation.seeding import MODERNISATION_MODELS, seed_modernisation
from qadam.placements.matching import run_match
from qadam.placements.models import (
    Appeal,
    Application,
    CertificateDocuments,
    Offer,
    Placement,
    PlacementRound,
    RoundCertificate,
    TrainingContract,
)
from qadam.placements.seeding import seed_placement_round
from qadam.planning.models import (
    AllocationRun,
    DemandAdjustment,
    Megaproject,
    MegaprojectContractor,
    MegaprojectOffer,
    Scenario,
    SeatAllocation,
    StaffingPlan,
    StaffingRequirement,
)
from qadam.planning.seeding import seed_planning
from qadam.registry.models import Educator, Enterprise, Institution, Program, Student
from qadam.registry.seeding.national import NationalBuilder
from qadam.registry.seeding.profiles import PROFILES
from qadam.registry.seeding.reference import load_reference_data
from qadam.seeding.demo import DEMO_PASSWORD, DemoLogin, demo_users


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
        *EDUCATOR_MODELS,
        *JOINT_MODELS,
        *MODERNISATION_MODELS,
        *PARTNERSHIP_MODELS,
        EmploymentRecord,
        SeatAllocation,
        AllocationRun,
        DemandAdjustment,
        Scenario.plans.through,
        Scenario,
        StaffingRequirement,
        StaffingPlan,
        MegaprojectOffer,
        MegaprojectContractor,
        Megaproject,
        ParentLink,
        DiagnosticSession,
        GuidanceEvent,
        Appeal,
        CertificateDocuments,
        RoundCertificate,
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
        seed_demo_journey(student_username="student", parent_username="parent")
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
        seed_joint_programme(progress=progress)
        progress("educators' upskilling")
        seed_upskilling(seed=seed)
        progress("modernisation")
        seed_modernisation(profile=profile, seed=seed)
        AuditEntry.objects.create(
            action=AuditEntry.Action.BULK_LOAD,
            model="registry.dataset",
            summary=f"seed --profile {profile_name} --seed {seed}",
        )
    progress("planner statistics")
    refresh_planner_statistics()
    return logins
