"""Every write to workforce planning: atomic, validated, audited.

Who may do what: the ministry manages megaprojects, scenarios and runs; a megaproject's
operator (its enterprise HR) declares that megaproject's staffing plans, as the ministry may.
"""

import dataclasses
from collections.abc import Iterable
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.common.audit import audit_record, changed_fields, snapshot
from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry
from qadam.common.services import job_create, job_enqueue
from qadam.planning import npp_template
from qadam.planning.defaults import DEFAULTS
from qadam.planning.models import (
    AllocationRun,
    DemandAdjustment,
    Megaproject,
    Scenario,
    StaffingPlan,
    StaffingRequirement,
)
from qadam.planning.plan_xlsx import PlanImportError, read_plan
from qadam.registry.models import Occupation, Program, Region, Specialty

SCENARIO_FIELDS = (
    "name",
    "description",
    "base_year",
    "horizon_years",
    "total_seats",
    "seat_cost_per_year",
    "budget",
    "min_technical_share",
    "region_floor_share",
    "capacity_growth",
    "progression_rate",
    "dropout_rate",
    "labour_market_share",
    "retention",
    "mobility",
    "returning_graduates",
    "employment_thousands",
    "tvet_job_share",
    "replacement_rate",
    "growth_rate",
    "job_value",
    "megaproject_priority",
)


# --------------------------------------------------------------------------- permissions


def may_plan(actor: User) -> bool:
    """Scenarios, megaprojects and runs are the ministry's."""
    return user_scope(user=actor).all_people


def may_declare_plans(actor: User, megaproject: Megaproject) -> bool:
    if may_plan(actor):
        return True
    return (
        actor.is_authenticated
        and actor.role == Role.ENTERPRISE_HR
        and megaproject.enterprise_id is not None
        and actor.enterprise_id == megaproject.enterprise_id
    )


def _require_planner(actor: User) -> None:
    if not may_plan(actor):
        raise PermissionDenied(_("Only the ministry's planners may do this."))


def _require_declarer(actor: User, megaproject: Megaproject) -> None:
    if not may_declare_plans(actor, megaproject):
        raise PermissionDenied(_("Only the megaproject's operator or the ministry may do this."))


def _bump(scenarios: Iterable[Scenario] | Any) -> None:
    ids = [s.pk for s in scenarios]
    Scenario.objects.filter(pk__in=ids).update(inputs_version=F("inputs_version") + 1)


def _created(actor: User | None, instance: Any, summary: str) -> None:
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=instance, summary=summary)


# --------------------------------------------------------------------------- megaprojects


@transaction.atomic
def megaproject_create(
    *,
    actor: User,
    code: str,
    name: str,
    region: Region,
    enterprise: Any = None,
    description: str = "",
) -> Megaproject:
    _require_planner(actor)
    megaproject = Megaproject(
        code=code, name=name, region=region, enterprise=enterprise, description=description
    )
    megaproject.full_clean()
    megaproject.save()
    _created(actor, megaproject, str(megaproject))
    return megaproject


# --------------------------------------------------------------------------- staffing plans


def _catalogue() -> tuple[dict[str, int], dict[str, str], dict[str, int]]:
    """Specialty code -> id, specialty code -> level, ISCO code -> occupation id."""
    specialties = list(Specialty.objects.values_list("code", "id", "qualification_level"))
    return (
        {code: pk for code, pk, _level in specialties},
        {code: level for code, _pk, level in specialties},
        dict(Occupation.objects.values_list("code", "id")),
    )


def _save_plan(
    actor: User,
    megaproject: Megaproject,
    name: str,
    source: str,
    parameters: dict[str, Any],
    rows: Iterable[Any],
) -> StaffingPlan:
    rows = list(rows)
    specialty_ids, _levels, occupation_ids = _catalogue()
    plan = StaffingPlan(
        megaproject=megaproject,
        name=name,
        source=source,
        parameters=parameters,
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    requirements = [
        StaffingRequirement(
            plan=plan,
            specialty_id=specialty_ids.get(row.specialty_code) if row.specialty_code else None,
            occupation_id=occupation_ids.get(row.isco_code) if row.isco_code else None,
            level=row.level,
            phase=row.phase,
            year=row.year,
            headcount=row.headcount,
        )
        for row in rows
    ]
    missing = [
        row
        for row, req in zip(rows, requirements, strict=True)
        if req.specialty_id is None and req.occupation_id is None
    ]
    if missing:
        raise ApplicationError(
            _("The catalogue has no specialty or occupation %(code)s.")
            % {"code": missing[0].specialty_code or missing[0].isco_code}
        )
    StaffingRequirement.objects.bulk_create(requirements, batch_size=2000)
    _created(actor, plan, f"{plan} ({len(requirements)} rows)")
    return plan


@transaction.atomic
def plan_create_from_template(
    *,
    actor: User,
    megaproject: Megaproject,
    name: str,
    parameters: npp_template.NppParameters,
) -> StaffingPlan:
    """A plan built by the NPP template; its parameters are kept with it."""
    _require_declarer(actor, megaproject)
    try:
        rows = npp_template.build(parameters)
    except ValueError as error:
        raise ApplicationError(str(error)) from error
    return _save_plan(
        actor,
        megaproject,
        name,
        StaffingPlan.Source.TEMPLATE,
        dataclasses.asdict(parameters),
        rows,
    )


@transaction.atomic
def plan_import(
    *, actor: User, megaproject: Megaproject, name: str, source: BinaryIO
) -> StaffingPlan:
    """A plan from a spreadsheet: every row or none; errors name the row and column."""
    _require_declarer(actor, megaproject)
    _ids, levels, occupations = _catalogue()
    try:
        rows = read_plan(source, specialties=levels, occupations=set(occupations))
    except PlanImportError as error:
        raise ApplicationError(
            _("The spreadsheet was not imported; nothing changed."),
            field_errors={"file": list(error.errors)},
        ) from error
    return _save_plan(actor, megaproject, name, StaffingPlan.Source.IMPORT, {}, rows)


@transaction.atomic
def plan_delete(*, actor: User, plan: StaffingPlan) -> None:
    _require_declarer(actor, plan.megaproject)
    if plan.scenarios.exists():
        raise ApplicationError(_("A scenario uses this plan; remove it from the scenario first."))
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, instance=plan, summary=str(plan))
    plan.delete()


# --------------------------------------------------------------------------- scenarios


def last_year_cost(seat_cost_per_year: int) -> int:
    """What last year's state-funded college seats cost over their whole programs."""
    seat_years = (
        Program.objects.filter(institution__kind="college")
        .annotate(years=(F("duration_months") + 11) / 12)
        .aggregate(total=Sum(F("state_funded_seats") * F("years")))["total"]
    )
    return int(seat_years or 0) * seat_cost_per_year


def scenario_defaults() -> dict[str, Any]:
    values: dict[str, Any] = {name: default.value for name, default in DEFAULTS.items()}
    values["budget"] = last_year_cost(int(values["seat_cost_per_year"]))
    return values


def _clean(scenario: Scenario) -> None:
    try:
        scenario.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict:
            raise ValidationError(
                {"dropout_rate": _("Progression and drop-out rates together exceed 100%.")}
            ) from error
        raise


@transaction.atomic
def scenario_create(
    *, actor: User, name: str, base_year: int, plans: Iterable[StaffingPlan] = (), **fields: Any
) -> Scenario:
    """A scenario; fields not given take the documented defaults (defaults.py)."""
    _require_planner(actor)
    unknown = set(fields) - set(SCENARIO_FIELDS)
    if unknown:
        raise TypeError(f"unknown scenario fields: {sorted(unknown)}")
    values = {**scenario_defaults(), **fields}
    scenario = Scenario(name=name, base_year=base_year, created_by=actor, **values)
    _clean(scenario)
    scenario.save()
    scenario.plans.set(list(plans))
    _created(actor, scenario, str(scenario))
    return scenario


@transaction.atomic
def scenario_update(*, actor: User, scenario: Scenario, **fields: Any) -> Scenario:
    _require_planner(actor)
    before = snapshot(scenario, SCENARIO_FIELDS)
    for name, value in fields.items():
        if name not in SCENARIO_FIELDS:
            raise TypeError(f"unknown scenario field: {name}")
        setattr(scenario, name, value)
    _clean(scenario)
    scenario.save()
    changes = changed_fields(before, snapshot(scenario, SCENARIO_FIELDS))
    if changes:
        _bump([scenario])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=scenario,
            changes=changes,
            summary=str(scenario),
        )
    scenario.refresh_from_db()
    return scenario


@transaction.atomic
def scenario_set_plans(
    *, actor: User, scenario: Scenario, plans: Iterable[StaffingPlan]
) -> Scenario:
    _require_planner(actor)
    plans = list(plans)
    before = sorted(scenario.plans.values_list("id", flat=True))
    scenario.plans.set(plans)
    after = sorted(p.pk for p in plans)
    if before != after:
        _bump([scenario])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=scenario,
            changes={"plans": [before, after]},
            summary=str(scenario),
        )
    return scenario


@transaction.atomic
def scenario_copy(*, actor: User, scenario: Scenario, name: str) -> Scenario:
    """A new scenario with the same parameters, plans and demand edits, to vary and compare."""
    fields = {field: getattr(scenario, field) for field in SCENARIO_FIELDS}
    fields["name"] = name
    copy = scenario_create(actor=actor, plans=scenario.plans.all(), **fields)
    DemandAdjustment.objects.bulk_create(
        DemandAdjustment(
            scenario=copy,
            specialty_id=a.specialty_id,
            region_id=a.region_id,
            factor=a.factor,
            note=a.note,
        )
        for a in scenario.demand_adjustments.all()
    )
    return copy


@transaction.atomic
def demand_adjustment_set(
    *,
    actor: User,
    scenario: Scenario,
    specialty: Specialty,
    region: Region | None,
    factor: float,
    note: str = "",
) -> DemandAdjustment:
    """Scale the derived demand of one specialty, in one region or all; replaces an edit."""
    _require_planner(actor)
    adjustment = DemandAdjustment.objects.filter(
        scenario=scenario, specialty=specialty, region=region
    ).first() or DemandAdjustment(scenario=scenario, specialty=specialty, region=region)
    before = {"factor": adjustment.factor if adjustment.pk else None}
    adjustment.factor, adjustment.note = factor, note
    adjustment.full_clean(validate_constraints=False)
    adjustment.save()
    _bump([scenario])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE
        if before["factor"] is not None
        else AuditEntry.Action.CREATE,
        instance=adjustment,
        changes={"factor": [before["factor"], factor]},
        summary=f"{scenario}: {specialty.code} x{factor:g}",
    )
    return adjustment


@transaction.atomic
def demand_adjustment_remove(*, actor: User, adjustment: DemandAdjustment) -> None:
    _require_planner(actor)
    _bump([adjustment.scenario])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=adjustment,
        summary=f"{adjustment.scenario}: {adjustment.specialty_id} x{adjustment.factor:g}",
    )
    adjustment.delete()


# --------------------------------------------------------------------------- runs


@transaction.atomic
def run_prepare(*, scenario: Scenario, actor: User | None = None) -> AllocationRun:
    """A queued run; the command line and seeding compute it in the foreground."""
    if AllocationRun.objects.filter(
        scenario=scenario, status__in=[AllocationRun.Status.QUEUED, AllocationRun.Status.RUNNING]
    ).exists():
        raise ApplicationError(_("A run of this scenario is already under way."))
    run = AllocationRun.objects.create(
        scenario=scenario, started_by=actor, inputs_version=scenario.inputs_version
    )
    _created(actor, run, str(run))
    return run


@transaction.atomic
def run_start(*, actor: User, scenario: Scenario, language: str = "ru") -> AllocationRun:
    """Queue a projection and allocation of the scenario as a background job."""
    from qadam.planning.tasks import allocate_scenario

    _require_planner(actor)
    run = run_prepare(scenario=scenario, actor=actor)
    job = job_create(
        owner=actor,
        kind="planning.allocate",
        title=_("Allocation: %(scenario)s") % {"scenario": scenario.name},
        parameters={"run_id": run.pk},
    )
    run.job = job
    run.save(update_fields=["job"])
    job_enqueue(job=job, task=allocate_scenario, run_id=run.pk, language=language)
    return run


# --------------------------------------------------------------------------- seat export


def run_export_start(*, actor: User, run: AllocationRun, language: str = "ru") -> int:
    """Queue the XLSX of a finished run's seats as a background job; returns the job's id."""
    from qadam.planning.tasks_export import export_seats  # the task module reads selectors

    if not user_scope(user=actor).national_aggregates:
        raise PermissionDenied(_("Only the ministry's planners and analysts may do this."))
    if run.status != AllocationRun.Status.FINISHED:
        raise ApplicationError(_("Only a finished run's seats can be exported."))
    with transaction.atomic():
        job = job_create(
            owner=actor,
            kind="planning.seat_export",
            title=_("Seats of %(scenario)s, run %(run)s")
            % {"scenario": run.scenario.name, "run": run.pk},
            parameters={"run_id": run.pk},
        )
        job_enqueue(job=job, task=export_seats, user_id=actor.pk, run_id=run.pk, language=language)
    return job.pk
