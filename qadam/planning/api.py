"""The planning API: megaprojects, staffing plans, scenarios and their runs.

Parse, call a selector or service, return. Records out of the user's sight are 404 (the
selectors raise DoesNotExist): the ministry and analysts read everything, a megaproject's
operator (enterprise HR) its megaproject and plans, other roles nothing. A visible record
the user may not change is 403 (the services raise PermissionDenied): analysts read only,
the operator declares plans but runs no scenarios.
"""

from pathlib import Path
from typing import Any, BinaryIO, cast

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.api_pagination import Pagination
from qadam.common.localized import localized
from qadam.planning import npp_template, selectors, services
from qadam.planning.filters import SeatFilters
from qadam.planning.models import AllocationRun, Megaproject, Scenario, StaffingPlan
from qadam.planning.schemas import (
    AdjustmentIn,
    AdjustmentOut,
    AdjustmentQuery,
    MegaprojectIn,
    MegaprojectOut,
    PlanDetailOut,
    PlanOut,
    RequirementOut,
    RunListOut,
    RunOut,
    RunStartedOut,
    ScenarioCopyIn,
    ScenarioDetailOut,
    ScenarioIn,
    ScenarioOut,
    ScenarioPatch,
    ScenarioPlansIn,
    SeatOut,
    TemplateIn,
)
from qadam.registry import selectors as registry_selectors
from qadam.registry.models import Enterprise, Region, Specialty
from qadam.registry.schemas import ErrorOut

router = Router(tags=["planning"])
READ_RESPONSES = {404: ErrorOut}
WRITE_RESPONSES = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# what GET runs/{id} returns of the results without ?full=true: the headline figures and
# the labels their lists follow (years, levels, phases, megaprojects by index)
HEADLINE_RESULTS = (
    "years",
    "levels",
    "phases",
    "megaprojects",
    "allocation",
    "pipeline",
    "seconds",
)


# --------------------------------------------------------------------------- megaprojects


@router.get("/megaprojects", response=list[MegaprojectOut])
@paginate(Pagination, page_size=50)
def list_megaprojects(request: AuthenticatedHttpRequest) -> object:
    return selectors.megaproject_list(user=request.user)


@router.get("/megaprojects/{megaproject_id}", response={200: MegaprojectOut, **READ_RESPONSES})
def get_megaproject(request: AuthenticatedHttpRequest, megaproject_id: int) -> object:
    return _megaproject(request, megaproject_id)


@router.post("/megaprojects", response={201: MegaprojectOut, **WRITE_RESPONSES})
def create_megaproject(request: AuthenticatedHttpRequest, payload: MegaprojectIn) -> object:
    """The ministry's; `enterprise_id` names the operator whose HR declares its plans."""
    fields = payload.dict()
    region = _region(fields.pop("region_id"))
    enterprise_id = fields.pop("enterprise_id")
    enterprise = None if enterprise_id is None else _enterprise(request, enterprise_id)
    megaproject = services.megaproject_create(
        actor=request.user, region=region, enterprise=enterprise, **fields
    )
    return Status(201, _megaproject(request, megaproject.pk))


# --------------------------------------------------------------------------- staffing plans


@router.get("/megaprojects/{megaproject_id}/plans", response={200: list[PlanOut], **READ_RESPONSES})
@paginate(Pagination, page_size=50)
def list_plans(request: AuthenticatedHttpRequest, megaproject_id: int) -> object:
    plans = selectors.plan_list(
        user=request.user, megaproject=_megaproject(request, megaproject_id)
    )
    # the selector's counts make it a GROUP BY query, which Meta.ordering no longer orders
    return plans.order_by("-id")


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **READ_RESPONSES})
def get_plan(request: AuthenticatedHttpRequest, plan_id: int) -> object:
    """The plan with its headcount per year by level and by phase, and its peaks."""
    return _plan_detail(_plan(request, plan_id))


@router.get("/plans/{plan_id}/requirements", response={200: list[RequirementOut], **READ_RESPONSES})
@paginate(Pagination, page_size=200)
def list_requirements(request: AuthenticatedHttpRequest, plan_id: int) -> object:
    return selectors.plan_requirements(plan=_plan(request, plan_id))


@router.post(
    "/megaprojects/{megaproject_id}/plans/template",
    response={201: PlanDetailOut, **WRITE_RESPONSES},
)
def create_plan_from_template(
    request: AuthenticatedHttpRequest, megaproject_id: int, payload: TemplateIn
) -> object:
    """A plan built by the NPP template; parameters left out take the template's defaults.
    A parameter that cannot make a template is 400 naming it."""
    megaproject = _megaproject(request, megaproject_id)
    parameters = payload.dict(exclude={"name", "name_kk", "name_en"}, exclude_none=True)
    name = payload.name or _("%(code)s: NPP template") % {"code": megaproject.code}
    plan = services.plan_create_from_template(
        actor=request.user,
        megaproject=megaproject,
        name=name,
        name_kk=payload.name_kk,
        name_en=payload.name_en,
        parameters=npp_template.NppParameters(**parameters),
    )
    return Status(201, _plan_detail(_plan(request, plan.pk)))


@router.post(
    "/megaprojects/{megaproject_id}/plans/import",
    response={201: PlanDetailOut, **WRITE_RESPONSES},
)
def import_plan(
    request: AuthenticatedHttpRequest,
    megaproject_id: int,
    name: Form[str] = "",
    name_kk: Form[str] = "",  # the audited save holds them to the column's 200 characters
    name_en: Form[str] = "",
    file: File[UploadedFile | None] = None,
) -> object:
    """An XLSX plan (columns as plan_xlsx.COLUMNS): every row or none. A file that cannot
    be imported is 400 with `errors.file` listing each problem by row and column."""
    megaproject = _megaproject(request, megaproject_id)
    if file is None:
        raise ValidationError({"file": [_("Attach the XLSX file.")]})
    plan = services.plan_import(
        actor=request.user,
        megaproject=megaproject,
        name=name or Path(file.name or "").stem or _("Imported plan"),
        name_kk=name_kk,
        name_en=name_en,
        source=cast(BinaryIO, file),
    )
    return Status(201, _plan_detail(_plan(request, plan.pk)))


@router.delete("/plans/{plan_id}", response={204: None, **WRITE_RESPONSES})
def delete_plan(request: AuthenticatedHttpRequest, plan_id: int) -> object:
    """400 while a scenario uses the plan."""
    services.plan_delete(actor=request.user, plan=_plan(request, plan_id))
    return Status(204, None)


# --------------------------------------------------------------------------- scenarios


@router.get("/scenarios", response=list[ScenarioOut])
@paginate(Pagination, page_size=50)
def list_scenarios(request: AuthenticatedHttpRequest) -> object:
    # newest first: the selector's run counts leave it unordered (see list_plans)
    return selectors.scenario_list(user=request.user).order_by("-id")


@router.get("/scenarios/{scenario_id}", response={200: ScenarioDetailOut, **READ_RESPONSES})
def get_scenario(request: AuthenticatedHttpRequest, scenario_id: int) -> object:
    return _scenario_detail(request, _scenario(request, scenario_id))


@router.post("/scenarios", response={201: ScenarioDetailOut, **WRITE_RESPONSES})
def create_scenario(request: AuthenticatedHttpRequest, payload: ScenarioIn) -> object:
    """Only `name` and `base_year` are required; the other parameters take the defaults, and
    `plans`, omitted, every megaproject's current staffing plan (`[]` for none)."""
    fields = payload.dict(exclude_none=True)
    plan_ids = fields.pop("plans", None)
    plans = None if plan_ids is None else _plans(request, plan_ids)
    scenario = services.scenario_create(actor=request.user, plans=plans, **fields)
    return Status(201, _scenario_detail(request, scenario))


@router.patch("/scenarios/{scenario_id}", response={200: ScenarioDetailOut, **WRITE_RESPONSES})
def update_scenario(
    request: AuthenticatedHttpRequest, scenario_id: int, payload: ScenarioPatch
) -> object:
    scenario = services.scenario_update(
        actor=request.user,
        scenario=_scenario(request, scenario_id),
        **payload.dict(exclude_unset=True),
    )
    return _scenario_detail(request, scenario)


@router.put("/scenarios/{scenario_id}/plans", response={200: ScenarioDetailOut, **WRITE_RESPONSES})
def set_scenario_plans(
    request: AuthenticatedHttpRequest, scenario_id: int, payload: ScenarioPlansIn
) -> object:
    """Replace the scenario's staffing plans; an unknown plan is 422 naming it."""
    scenario = _scenario(request, scenario_id)
    plans = _plans(request, payload.plans)
    services.scenario_set_plans(actor=request.user, scenario=scenario, plans=plans)
    return _scenario_detail(request, scenario)


@router.post("/scenarios/{scenario_id}/copy", response={201: ScenarioDetailOut, **WRITE_RESPONSES})
def copy_scenario(
    request: AuthenticatedHttpRequest, scenario_id: int, payload: ScenarioCopyIn | None = None
) -> object:
    """A new scenario with the same parameters, plans and demand edits (not its runs).
    Without names it is "<name> (copy)" in every language; with some, those (a Russian
    `name` left out is still "<name> (copy)")."""
    scenario = _scenario(request, scenario_id)
    given = {field: text for field, text in (payload.dict() if payload else {}).items() if text}
    copied = {}
    for field, language in (("name", "ru"), ("name_kk", "kk"), ("name_en", "en")):
        with translation.override(language):
            copied[field] = _("%(name)s (copy)") % {"name": localized(scenario, "name", language)}
    names = {"name_kk": "", "name_en": "", **given} if given else copied
    names.setdefault("name", copied["name"])
    copy = services.scenario_copy(actor=request.user, scenario=scenario, **names)
    return Status(201, _scenario_detail(request, copy))


@router.post(
    "/scenarios/{scenario_id}/adjustments", response={200: AdjustmentOut, **WRITE_RESPONSES}
)
def set_adjustment(
    request: AuthenticatedHttpRequest, scenario_id: int, payload: AdjustmentIn
) -> object:
    """Scale the derived demand of a specialty, in one region or (no region) every region;
    replaces the edit of the same specialty and region."""
    scenario = _scenario(request, scenario_id)
    region = None if payload.region_id is None else _region(payload.region_id)
    return services.demand_adjustment_set(
        actor=request.user,
        scenario=scenario,
        specialty=_specialty(payload.specialty_id),
        region=region,
        factor=payload.factor,
        note=payload.note,
    )


@router.delete("/scenarios/{scenario_id}/adjustments", response={204: None, **WRITE_RESPONSES})
def remove_adjustment(
    request: AuthenticatedHttpRequest, scenario_id: int, cell: Query[AdjustmentQuery]
) -> object:
    """Remove the edit of `specialty` in `region` (left out: the every-region edit)."""
    scenario = _scenario(request, scenario_id)
    try:
        adjustment = selectors.adjustment_get(
            scenario=scenario, specialty_id=cell.specialty, region_id=cell.region
        )
    except ObjectDoesNotExist:
        raise Http404(_("The scenario has no such demand edit.")) from None
    services.demand_adjustment_remove(actor=request.user, adjustment=adjustment)
    return Status(204, None)


# --------------------------------------------------------------------------- runs


@router.post("/scenarios/{scenario_id}/runs", response={202: RunStartedOut, **WRITE_RESPONSES})
def start_run(request: AuthenticatedHttpRequest, scenario_id: int) -> object:
    """Queue a projection and allocation; poll GET runs/{id} (or the job) for the outcome."""
    run = services.run_start(
        actor=request.user,
        scenario=_scenario(request, scenario_id),
        language=request.LANGUAGE_CODE,
    )
    return Status(202, run)


@router.get("/scenarios/{scenario_id}/runs", response={200: list[RunListOut], **READ_RESPONSES})
@paginate(Pagination, page_size=50)
def list_runs(request: AuthenticatedHttpRequest, scenario_id: int) -> object:
    """The scenario's runs, newest first, without their results."""
    return selectors.run_list(user=request.user, scenario=_scenario(request, scenario_id))


@router.get("/runs/{run_id}", response={200: RunOut, **READ_RESPONSES})
def get_run(request: AuthenticatedHttpRequest, run_id: int, full: bool = False) -> object:
    """The run's status, inputs and results (the headline figures; all with ?full=true)."""
    run = _run(request, run_id)
    results = (
        run.results if full else {k: run.results[k] for k in HEADLINE_RESULTS if k in run.results}
    )
    return {
        **_run_summary(run),
        "job_status": run.job.status if run.job else None,
        "stale": run.inputs_version != run.scenario.inputs_version,
        "inputs": run.inputs,
        "results": results,
    }


@router.get("/runs/{run_id}/seats", response={200: list[SeatOut], **READ_RESPONSES})
@paginate(Pagination, page_size=100)
def list_seats(
    request: AuthenticatedHttpRequest, run_id: int, filters: Query[SeatFilters]
) -> object:
    return selectors.seat_list(run=_run(request, run_id), filters=filters)


# --------------------------------------------------------------------------- helpers


def _plan_detail(plan: StaffingPlan) -> dict[str, Any]:
    peaks = selectors.plan_peaks(plan=plan)
    return {
        **PlanOut.from_orm(plan).dict(by_alias=True),
        "curves": selectors.plan_curves(plan=plan),
        "peaks": {
            level: {
                period: None if peak is None else {"year": peak[0], "headcount": peak[1]}
                for period, peak in periods.items()
            }
            for level, periods in peaks.items()
        },
    }


def _scenario_detail(request: AuthenticatedHttpRequest, scenario: Scenario) -> dict[str, Any]:
    # read again: the list's annotations (run_count) and the plans as they now are
    scenario = _scenario(request, scenario.pk)
    run = selectors.latest_run(scenario=scenario)
    return {
        **ScenarioOut.from_orm(scenario).dict(by_alias=True),
        "adjustments": list(selectors.scenario_adjustments(scenario=scenario)),
        "latest_run": None if run is None else _run_summary(run),
        "stale": run is not None and run.inputs_version != scenario.inputs_version,
    }


def _run_summary(run: AllocationRun) -> dict[str, Any]:
    finished = run.status == AllocationRun.Status.FINISHED
    allocation = run.results.get("allocation", {}) if finished else {}
    return {
        "id": run.pk,
        "scenario_id": run.scenario_id,
        "status": run.status,
        "error": run.error,
        "inputs_version": run.inputs_version,
        "job_id": run.job_id,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "seats": allocation.get("seats"),
        "gap_seats": allocation.get("gap_seats", allocation.get("seats")),
        "secondary_seats": allocation.get("secondary_seats", 0.0 if allocation else None),
        "unmet": allocation.get("unmet"),
    }


def _plans(request: AuthenticatedHttpRequest, plan_ids: list[int]) -> list[StaffingPlan]:
    """The plans the ids name, each visible to the user; else 422 naming the first unknown."""
    plans = []
    for plan_id in dict.fromkeys(plan_ids):
        try:
            plans.append(selectors.plan_get(user=request.user, plan_id=plan_id))
        except StaffingPlan.DoesNotExist:
            raise ValidationError(
                {"plans": [_("No staffing plan %(id)s.") % {"id": plan_id}]}
            ) from None
    return plans


def _region(region_id: int) -> Region:
    region = registry_selectors.region_list().filter(pk=region_id).first()
    if region is None:
        raise ValidationError({"region": [_("No region %(id)s.") % {"id": region_id}]})
    return region


def _specialty(specialty_id: int) -> Specialty:
    specialty = registry_selectors.specialty_list().filter(pk=specialty_id).first()
    if specialty is None:
        raise ValidationError({"specialty": [_("No specialty %(id)s.") % {"id": specialty_id}]})
    return specialty


def _enterprise(request: AuthenticatedHttpRequest, enterprise_id: int) -> Enterprise:
    try:
        return registry_selectors.enterprise_get(user=request.user, enterprise_id=enterprise_id)
    except Enterprise.DoesNotExist:
        raise ValidationError(
            {"enterprise": [_("No enterprise %(id)s.") % {"id": enterprise_id}]}
        ) from None


def _megaproject(request: AuthenticatedHttpRequest, megaproject_id: int) -> Megaproject:
    megaproject: Megaproject = selectors.megaproject_get(
        user=request.user, megaproject_id=megaproject_id
    )
    return megaproject


def _plan(request: AuthenticatedHttpRequest, plan_id: int) -> StaffingPlan:
    plan: StaffingPlan = selectors.plan_get(user=request.user, plan_id=plan_id)
    return plan


def _scenario(request: AuthenticatedHttpRequest, scenario_id: int) -> Scenario:
    scenario: Scenario = selectors.scenario_get(user=request.user, scenario_id=scenario_id)
    return scenario


def _run(request: AuthenticatedHttpRequest, run_id: int) -> AllocationRun:
    run: AllocationRun = selectors.run_get(user=request.user, run_id=run_id)
    return run
