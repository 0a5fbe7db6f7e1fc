"""The national dataset's planning: NPP-1 with the template's plan, two scenarios, two runs.

The operator is the registry seeding's named NPP operator in Almaty Region (the NPP's region,
on Lake Balkhash), and the demo login "megaproject" speaks for it. The scenarios differ by
the 10,000 seats the state added this year (source 004): 153,000 against 163,000.
"""

from collections.abc import Callable

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.services import user_create
from qadam.planning import npp_template
from qadam.planning.models import Megaproject, Scenario
from qadam.planning.runs import run_allocation
from qadam.planning.services import (
    megaproject_create,
    plan_create_from_template,
    run_prepare,
    scenario_copy,
    scenario_create,
    scenario_update,
)
from qadam.registry.models import Enterprise, Region
from qadam.registry.seeding.organisations import NPP_OPERATOR

NPP_REGION_KATO = "19"  # Almaty Region
BASE_YEAR = 2027  # the intake the seats funded this year admit


def _operator(region: Region) -> Enterprise | None:
    named = Enterprise.objects.filter(name=NPP_OPERATOR["name"], region=region).first()
    nuclear = Enterprise.objects.filter(sector="nuclear").order_by("id")
    return named or nuclear.filter(region=region).first() or nuclear.first()


def _run(scenario: Scenario, planner: User) -> None:
    run = run_prepare(scenario=scenario, actor=planner)
    run_allocation(run_id=run.pk)


def seed_planning(
    *,
    planner: User,
    password: str,
    total_seats: int,
    progress: Callable[[str], None] = lambda step: None,
) -> tuple[Megaproject, User | None]:
    """NPP-1, its template plan, the scenarios and their runs; returns the operator's login."""
    region = Region.objects.get(kato=NPP_REGION_KATO)
    operator = _operator(region)
    megaproject = megaproject_create(
        actor=planner,
        code="NPP-1",
        name="Nuclear power plant: two pressurised-water units",
        region=region,
        enterprise=operator,
        description="Kazakhstan's first NPP (sources 000, 001).",
    )
    plan = plan_create_from_template(
        actor=planner,
        megaproject=megaproject,
        name="NPP-1 template (defaults)",
        parameters=npp_template.NppParameters(),
    )
    base = scenario_create(
        actor=planner,
        name=f"State order {BASE_YEAR}: {total_seats:,} seats",
        base_year=BASE_YEAR,
        plans=[plan],
        total_seats=total_seats,
    )
    more_seats = round(total_seats * 163 / 153)  # this year's 10,000 more, at scale
    more = scenario_copy(
        actor=planner, scenario=base, name=f"{more_seats:,} seats (+{more_seats - total_seats:,})"
    )
    more = scenario_update(
        actor=planner,
        scenario=more,
        total_seats=more_seats,
        budget=round(base.budget * more_seats / total_seats),
    )
    progress("planning runs")
    for scenario in (base, more):
        _run(scenario, planner)
    login = None
    if operator is not None:
        login = user_create(
            username="megaproject", password=password, role=Role.ENTERPRISE_HR, enterprise=operator
        )
    return megaproject, login
