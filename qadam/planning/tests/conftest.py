"""A megaproject, its staffing plan, a scenario and a finished run over the shared world.

The megaproject "NPP-T" is in region A; world.enterprise is its operator. Its plan needs
workers of programs_a[0]'s specialty (technical) from 2027 to 2032 at the worker level and a
few higher-education engineers. The scenario "Base" allocates 60 seats from 2027 over six
years; `planning` runs it once, in the foreground.
"""

from dataclasses import dataclass

import pytest

from qadam.planning.models import (
    AllocationRun,
    Megaproject,
    Scenario,
    StaffingPlan,
    StaffingRequirement,
)
from qadam.planning.runs import run_allocation
from qadam.planning.services import run_prepare, scenario_create


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English here; the language tests ask for kk/ru explicitly."""
    settings.LANGUAGE_CODE = "en"


@dataclass(frozen=True)
class PlanningWorld:
    megaproject: Megaproject
    plan: StaffingPlan
    scenario: Scenario
    run: AllocationRun


HEADCOUNT = {2027: 5, 2028: 12, 2029: 20, 2030: 30, 2031: 30, 2032: 18}


def make_plan(world, megaproject: Megaproject, name: str = "Construction") -> StaffingPlan:
    plan = StaffingPlan.objects.create(megaproject=megaproject, name=name, source="import")
    specialty = world.programs_a[0].specialty
    StaffingRequirement.objects.bulk_create(
        [
            StaffingRequirement(
                plan=plan,
                specialty=specialty,
                level="worker",
                phase="construction",
                year=year,
                headcount=n,
            )
            for year, n in HEADCOUNT.items()
        ]
        + [
            StaffingRequirement(
                plan=plan,
                occupation=None,
                specialty=specialty,
                level="higher",
                phase="construction",
                year=2029,
                headcount=3,
            )
        ]
    )
    return plan


@pytest.fixture
def planning(world, users) -> PlanningWorld:
    megaproject = Megaproject.objects.create(
        code="NPP-T", name="Test NPP", region=world.region_a, enterprise=world.enterprise
    )
    plan = make_plan(world, megaproject)
    scenario = scenario_create(
        actor=users["ministry_admin"],
        name="Base",
        base_year=2027,
        horizon_years=6,
        total_seats=60,
        budget=60 * 4 * 800_000,
        employment_thousands=1,
        plans=[plan],
    )
    run = run_prepare(scenario=scenario, actor=users["ministry_admin"])
    run_allocation(run_id=run.pk)
    run.refresh_from_db()
    return PlanningWorld(megaproject=megaproject, plan=plan, scenario=scenario, run=run)
