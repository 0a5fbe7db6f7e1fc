"""Scenarios and their demand edits: create, change, choose the staffing plans, copy.

Every change locks the scenario's row first, so two planners saving at once both keep their
change, and bumps its inputs version once, so a run shows whether it still reflects them.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit import (
    ChangedMeanwhile,
    Check,
    audited_create,
    audited_delete,
    audited_update,
    row_of,
)
from qadam.common.rules import FieldErrors
from qadam.planning import rules, selectors
from qadam.planning.defaults import DEFAULTS
from qadam.planning.models import DemandAdjustment, Scenario, StaffingPlan
from qadam.planning.policies import require_planner
from qadam.registry.models import Program, Region, Specialty

M = TypeVar("M", bound=models.Model)

SCENARIO_FIELDS = (
    "name",
    "name_kk",
    "name_en",
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


def _lock(scenario_id: int) -> Scenario:
    """The scenario's row, locked until the transaction ends: its edits take turns."""
    return Scenario.objects.select_for_update().get(pk=scenario_id)


def _bump(scenario: Scenario) -> None:
    """One more change to the scenario's inputs (a run compares its snapshot's version)."""
    Scenario.objects.filter(pk=scenario.pk).update(inputs_version=F("inputs_version") + 1)
    scenario.refresh_from_db(fields=["inputs_version", "updated_at"])


def _noting(rule: Callable[[Any], FieldErrors], changed: set[str]) -> Check[M]:
    """A check by `rule` on the record's row that notes the fields the save changes."""

    def check(record: M, names: set[str]) -> FieldErrors:
        changed.update(names)
        return rule(row_of(record))

    return check


def _refuse_unknown(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(SCENARIO_FIELDS)
    if unknown:
        raise TypeError(f"unknown scenario fields: {sorted(unknown)}")


# --------------------------------------------------------------------------- defaults


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


# --------------------------------------------------------------------------- scenarios


@transaction.atomic
def scenario_create(
    *,
    actor: User,
    name: str,
    base_year: int,
    plans: Iterable[StaffingPlan] | None = None,
    **fields: Any,
) -> Scenario:
    """A scenario; fields not given take the documented defaults (defaults.py), and plans not
    given are every megaproject's current staffing plan (pass `plans=()` for none)."""
    require_planner(actor)
    _refuse_unknown(fields)
    plans = selectors.plans_current() if plans is None else list(plans)
    values = {**scenario_defaults(), **fields}
    scenario = Scenario(name=name, base_year=base_year, created_by=actor, **values)
    audited_create(
        actor=actor,
        instance=scenario,
        check=_noting(rules.scenario_errors, set()),
        also={"plans": sorted(plan.pk for plan in plans)},
    )
    scenario.plans.set(plans)
    return scenario


@transaction.atomic
def scenario_update(
    *, actor: User, scenario: Scenario, seen: Mapping[str, Any] | None = None, **changes: Any
) -> Scenario:
    """Change some of the scenario's inputs; the others stay as the database holds them.
    `seen`: the values the editor saw, so an input someone changed meanwhile is refused
    rather than overwritten."""
    require_planner(actor)
    _refuse_unknown(changes)
    changed: set[str] = set()
    saved = audited_update(
        actor=actor,
        instance=scenario,
        changes=changes,
        check=_noting(rules.scenario_errors, changed),
        seen=seen,
    )
    if changed:
        _bump(saved)
        scenario.inputs_version = saved.inputs_version
    return saved


def _plans_now(plan_ids: list[int]) -> list[StaffingPlan]:
    """The plans, locked so that none is deleted while a scenario takes it."""
    plans = list(StaffingPlan.objects.select_for_update().filter(pk__in=plan_ids).order_by("pk"))
    if len(plans) < len(plan_ids):
        raise ValidationError({"plans": [_("A chosen staffing plan was deleted meanwhile.")]})
    return plans


@transaction.atomic
def scenario_set_plans(
    *,
    actor: User,
    scenario: Scenario,
    plans: Iterable[StaffingPlan],
    seen: Iterable[StaffingPlan] | None = None,
) -> Scenario:
    """Replace the scenario's staffing plans. `seen`: the plans the editor saw; if someone
    changed them meanwhile, the choice is refused rather than overwriting theirs."""
    require_planner(actor)
    locked = _lock(scenario.pk)
    before = sorted(locked.plans.values_list("id", flat=True))
    after = sorted({plan.pk for plan in plans})
    seen_ids = None if seen is None else sorted({plan.pk for plan in seen})
    if seen_ids is not None and seen_ids != before and after != before:
        message = _(
            "Someone else changed the staffing plans while you were choosing. Check your "
            "choice and save again to apply it."
        )
        raise ChangedMeanwhile({"plans": [message]}, current={"plans": before})
    if before == after:
        return scenario
    locked.plans.set(_plans_now(after))
    audited_update(actor=actor, instance=scenario, changes={}, also={"plans": [before, after]})
    _bump(scenario)
    return scenario


@transaction.atomic
def scenario_copy(
    *, actor: User, scenario: Scenario, name: str, name_kk: str = "", name_en: str = ""
) -> Scenario:
    """A new scenario with the same parameters, plans and demand edits, to vary and compare;
    it is named anew (the source's names in other languages would name the source)."""
    require_planner(actor)
    source = _lock(scenario.pk)  # copied as one state, not halfway through someone's edit
    fields = {field: getattr(source, field) for field in SCENARIO_FIELDS}
    fields.update(name=name, name_kk=name_kk, name_en=name_en)
    copy = scenario_create(actor=actor, plans=source.plans.all(), **fields)
    for adjustment in source.demand_adjustments.order_by("id"):
        audited_create(
            actor=actor,
            instance=DemandAdjustment(
                scenario=copy,
                specialty_id=adjustment.specialty_id,
                region_id=adjustment.region_id,
                factor=adjustment.factor,
                note=adjustment.note,
            ),
            check=_noting(rules.adjustment_errors, set()),
            summary=f"{copy}: {adjustment.specialty_id} x{adjustment.factor:g}",
        )
    return copy


# --------------------------------------------------------------------------- demand edits


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
    require_planner(actor)
    locked = _lock(scenario.pk)  # one edit of a cell at a time: no duplicate cell
    summary = f"{locked}: {specialty.code} x{factor:g}"
    existing = DemandAdjustment.objects.filter(
        scenario=locked, specialty=specialty, region=region
    ).first()
    changed: set[str] = set()
    check: Check[DemandAdjustment] = _noting(rules.adjustment_errors, changed)
    if existing is None:
        adjustment = DemandAdjustment(
            scenario=locked, specialty=specialty, region=region, factor=factor, note=note
        )
        audited_create(actor=actor, instance=adjustment, check=check, summary=summary)
    else:
        adjustment = audited_update(
            actor=actor,
            instance=existing,
            changes={"factor": factor, "note": note},
            check=check,
            summary=summary,
        )
    if changed:
        _bump(scenario)
    return adjustment


@transaction.atomic
def demand_adjustment_remove(*, actor: User, adjustment: DemandAdjustment) -> None:
    require_planner(actor)
    scenario = _lock(adjustment.scenario_id)
    if not DemandAdjustment.objects.filter(pk=adjustment.pk).exists():
        return  # removed meanwhile: what was asked is done
    audited_delete(
        actor=actor,
        instance=adjustment,
        summary=f"{scenario}: {adjustment.specialty_id} x{adjustment.factor:g}",
    )
    _bump(scenario)
