"""Megaprojects and their staffing plans: built by the NPP template or imported from a
spreadsheet, every row or none."""

import dataclasses
from collections.abc import Iterable
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit import audited_create, audited_delete
from qadam.common.errors import ApplicationError
from qadam.planning import npp_template, rules
from qadam.planning.models import Megaproject, StaffingPlan, StaffingRequirement
from qadam.planning.plan_xlsx import PlanImportError, read_plan
from qadam.planning.policies import require_declarer, require_planner
from qadam.registry.models import Occupation, Region, Specialty


@transaction.atomic
def megaproject_create(
    *,
    actor: User,
    code: str,
    name: str,
    region: Region,
    enterprise: Any = None,
    description: str = "",
    name_kk: str = "",
    name_en: str = "",
) -> Megaproject:
    """`name` is the Russian name; `name_kk` and `name_en` may be left blank."""
    require_planner(actor)
    megaproject = Megaproject(
        code=code,
        name=name,
        name_kk=name_kk,
        name_en=name_en,
        region=region,
        enterprise=enterprise,
        description=description,
    )
    return audited_create(actor=actor, instance=megaproject)


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
    names: dict[str, str],
    source: str,
    parameters: dict[str, Any],
    rows: Iterable[Any],
) -> StaffingPlan:
    rows = list(rows)
    specialty_ids, _levels, occupation_ids = _catalogue()
    named = [
        (
            row,
            specialty_ids.get(row.specialty_code) if row.specialty_code else None,
            occupation_ids.get(row.isco_code) if row.isco_code else None,
        )
        for row in rows
    ]
    missing = [
        row for row, specialty, occupation in named if specialty is None and occupation is None
    ]
    if missing:
        raise ApplicationError(
            _("The catalogue has no specialty or occupation %(code)s.")
            % {"code": missing[0].specialty_code or missing[0].isco_code}
        )
    plan = StaffingPlan(
        megaproject=megaproject, source=source, parameters=parameters, created_by=actor, **names
    )
    # the rows are audited as their count: the plan keeps them, and a plan is never edited
    audited_create(
        actor=actor,
        instance=plan,
        summary=_("%(plan)s (%(rows)s rows)") % {"plan": plan, "rows": len(rows)},
        also={"requirements": len(rows)},
    )
    StaffingRequirement.objects.bulk_create(
        (
            StaffingRequirement(
                plan=plan,
                specialty_id=specialty,
                occupation_id=occupation,
                level=row.level,
                phase=row.phase,
                year=row.year,
                headcount=row.headcount,
            )
            for row, specialty, occupation in named
        ),
        batch_size=2000,
    )
    return plan


@transaction.atomic
def plan_create_from_template(
    *,
    actor: User,
    megaproject: Megaproject,
    name: str,
    parameters: npp_template.NppParameters,
    name_kk: str = "",
    name_en: str = "",
) -> StaffingPlan:
    """A plan built by the NPP template; its parameters are kept with it. A parameter out of
    range is refused beside its field before anything is built."""
    require_declarer(actor, megaproject)
    scalars = npp_template.scalars(parameters)
    errors = rules.npp_parameter_errors(scalars)
    if errors:
        raise ValidationError(errors)
    try:
        rows = npp_template.build(parameters)  # also checks the occupation mixes
    except ValueError as error:
        raise ApplicationError(str(error)) from error
    return _save_plan(
        actor,
        megaproject,
        {"name": name, "name_kk": name_kk, "name_en": name_en},
        StaffingPlan.Source.TEMPLATE,
        dataclasses.asdict(parameters),
        rows,
    )


@transaction.atomic
def plan_import(
    *,
    actor: User,
    megaproject: Megaproject,
    name: str,
    source: BinaryIO,
    name_kk: str = "",
    name_en: str = "",
) -> StaffingPlan:
    """A plan from a spreadsheet: every row or none; errors name the row and column."""
    require_declarer(actor, megaproject)
    _ids, levels, occupations = _catalogue()
    try:
        rows = read_plan(source, specialties=levels, occupations=set(occupations))
    except PlanImportError as error:
        raise ApplicationError(
            _("The spreadsheet was not imported; nothing changed."),
            field_errors={"file": list(error.errors)},
        ) from error
    names = {"name": name, "name_kk": name_kk, "name_en": name_en}
    return _save_plan(actor, megaproject, names, StaffingPlan.Source.IMPORT, {}, rows)


@transaction.atomic
def plan_delete(*, actor: User, plan: StaffingPlan) -> None:
    require_declarer(actor, plan.megaproject)
    # locked, so that no scenario takes the plan between the check and the delete
    if StaffingPlan.objects.select_for_update().filter(pk=plan.pk).first() is None:
        return  # deleted meanwhile: what was asked is done
    if plan.scenarios.exists():
        raise ApplicationError(_("A scenario uses this plan; remove it from the scenario first."))
    audited_delete(actor=actor, instance=plan, summary=str(plan))
