"""Running a scenario: read, demand, supply and gap, allocate, compare, write.

Reading and computing happen outside any transaction; the seats and the results are written
in one. A run keeps a snapshot of its inputs, so it explains itself after the scenario
changes.
"""

import time
from collections.abc import Callable
from dataclasses import asdict, replace
from typing import Any

import numpy as np
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.common.audit import audit_record
from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry
from qadam.engines.allocation import (
    AllocationInfeasible,
    constraint_violations,
    distribute_remainder,
    evaluate,
    proportional_allocation,
)
from qadam.engines.allocation import allocate as allocate_seats
from qadam.planning.committed import committed_trainees, hires_left
from qadam.planning.demand_model import DemandParameters, Requirement, build_demand
from qadam.planning.models import AllocationRun, Scenario, SeatAllocation, StaffingRequirement
from qadam.planning.projection import (
    SeatParameters,
    SupplyParameters,
    allocation_problem,
    route,
    secondary_weight,
    supply,
)
from qadam.planning.registry_arrays import RegistryArrays, occupation_links, read_registry
from qadam.planning.results import Outcome, summarise
from qadam.planning.violations import infeasible_text
from qadam.registry.models import Region

Progress = Callable[[str], None]
STEPS = ("read", "demand", "supply", "allocate", "compare", "write")
TIME_LIMIT = 60.0


def demand_parameters(scenario: Scenario) -> DemandParameters:
    return DemandParameters(
        base_year=scenario.base_year,
        horizon=scenario.horizon_years,
        employment_thousands=scenario.employment_thousands,
        tvet_job_share=scenario.tvet_job_share,
        replacement_rate=scenario.replacement_rate,
        growth_rate=scenario.growth_rate,
    )


def supply_parameters(scenario: Scenario) -> SupplyParameters:
    return SupplyParameters(
        base_year=scenario.base_year,
        horizon=scenario.horizon_years,
        progression_rate=scenario.progression_rate,
        dropout_rate=scenario.dropout_rate,
        labour_market_share=scenario.labour_market_share,
        retention=scenario.retention,
        returning_graduates=scenario.returning_graduates,
        mobility=scenario.mobility,
    )


def seat_parameters(scenario: Scenario) -> SeatParameters:
    return SeatParameters(
        total_seats=scenario.total_seats,
        seat_cost_per_year=scenario.seat_cost_per_year,
        budget=scenario.budget,
        min_technical_share=scenario.min_technical_share,
        region_floor_share=scenario.region_floor_share,
        capacity_growth=scenario.capacity_growth,
        job_value=scenario.job_value,
        megaproject_priority=scenario.megaproject_priority,
    )


def _requirements(scenario: Scenario) -> tuple[list[Requirement], list[dict[str, Any]]]:
    """The scenario's plans as requirements, and its megaprojects (one index each)."""
    rows = StaffingRequirement.objects.filter(plan__scenarios=scenario).values_list(
        "plan__megaproject_id",
        "plan__megaproject__code",
        "plan__megaproject__name",
        "plan__megaproject__name_kk",
        "plan__megaproject__name_en",
        "plan__megaproject__region_id",
        "specialty_id",
        "occupation_id",
        "level",
        "phase",
        "year",
        "headcount",
    )
    megaprojects: dict[int, dict[str, Any]] = {}
    requirements = []
    for (
        mp_id, code, name, name_kk, name_en, region_id,
        specialty_id, occupation_id, level, phase, year, headcount,
    ) in rows.order_by("id"):  # fmt: skip
        mp = megaprojects.setdefault(
            mp_id,
            {
                "index": len(megaprojects),
                "id": mp_id,
                "code": code,
                "name": name,  # the pages read it with its variants through `localized`
                "name_kk": name_kk,
                "name_en": name_en,
                "region_id": region_id,
            },
        )
        requirements.append(
            Requirement(mp["index"], specialty_id, occupation_id, level, phase, year, headcount)
        )
    return requirements, list(megaprojects.values())


def snapshot(scenario: Scenario, megaprojects: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **asdict(demand_parameters(scenario)),
        **asdict(supply_parameters(scenario)),
        **asdict(seat_parameters(scenario)),
        "plans": sorted(scenario.plans.values_list("id", flat=True)),
        "megaprojects": megaprojects,
        "adjustments": [
            [a.specialty_id, a.region_id, a.factor]
            for a in scenario.demand_adjustments.order_by("id")
        ],
    }


def _higher_place(reg: RegistryArrays, megaprojects: list[dict[str, Any]]) -> int:
    if not megaprojects:
        return 0
    return int(np.searchsorted(reg.region_id, megaprojects[0]["region_id"]))


def _first_intake(reg: RegistryArrays, programs: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """Every program's first intake with ``seats`` state-funded at ``programs``."""
    intake = reg.other_intake + reg.state_seats
    intake[programs] = reg.other_intake[programs] + seats
    return intake


def compute(scenario: Scenario, progress: Progress = lambda step: None) -> Outcome:
    """The whole run on arrays: nothing is written."""
    progress("read")
    reg = read_registry()
    requirements, megaprojects = _requirements(scenario)
    adjustments = [(a[0], a[1], a[2]) for a in snapshot(scenario, megaprojects)["adjustments"]]
    progress("demand")
    full = build_demand(
        reg,
        demand_parameters(scenario),
        requirements,
        len(megaprojects),
        occupation_links(reg),
        adjustments,
    )
    # trainees under targeted contracts are the megaprojects' already: they fill hires first
    # and leave the supply everyone else shares
    committed, committed_regional = committed_trainees(
        reg, full.years, [m["id"] for m in megaprojects]
    )
    demand = replace(full, hires=hires_left(full.hires, committed))
    progress("supply")
    sp, seat = supply_parameters(scenario), seat_parameters(scenario)
    place = _higher_place(reg, megaprojects)
    mp_region = np.searchsorted(reg.region_id, [m["region_id"] for m in megaprojects])

    def supply_of(first_intake: np.ndarray) -> np.ndarray:
        return np.maximum(supply(reg, sp, first_intake, place) - committed_regional, 0.0)

    baseline_supply = supply_of(reg.other_intake + reg.state_seats)
    baseline = route(baseline_supply, demand, mp_region, sp.mobility)
    without = route(supply_of(reg.other_intake), demand, mp_region, sp.mobility)
    progress("allocate")
    problem, cells, programs = allocation_problem(reg, sp, seat, demand, without, mp_region)
    result = allocate_seats(problem, integer=True, time_limit=TIME_LIMIT)
    # the state order is a mandate: what no gap needs goes by the secondary rule
    secondary = distribute_remainder(problem, result.seats, secondary_weight(reg, programs))
    progress("compare")
    proportional = proportional_allocation(problem, reg.state_seats[programs])
    seats = np.rint(result.seats) + secondary
    allocated_supply = supply_of(_first_intake(reg, programs, seats))
    return Outcome(
        reg=reg,
        demand=demand,
        hires=full.hires,
        megaprojects=megaprojects,
        baseline=baseline,
        allocated=route(allocated_supply, demand, mp_region, sp.mobility),
        baseline_supply=baseline_supply,
        allocated_supply=allocated_supply,
        problem=problem,
        cells=cells,
        programs=programs,
        result=result,
        secondary=secondary,
        proportional=proportional,
        proportional_eval=evaluate(problem, proportional),
        proportional_violations=constraint_violations(problem, proportional),
    )


def _seat_rows(run: AllocationRun, outcome: Outcome) -> list[SeatAllocation]:
    reg, problem, result = outcome.reg, outcome.problem, outcome.result
    rows = []
    for i, p in enumerate(outcome.programs):
        start, stop = int(problem.serves_indptr[i]), int(problem.serves_indptr[i + 1])
        flows = result.flow[start:stop]
        fills = [
            {"cell": int(problem.serves_cell[k]), "people": round(float(f), 2)}
            for k, f in zip(range(start, stop), flows, strict=True)
            if f > 1e-6
        ]
        rows.append(
            SeatAllocation(
                run=run,
                program_id=int(reg.program_id[p]),
                seats=round(result.seats[i]) + int(outcome.secondary[i]),
                gap_seats=round(result.seats[i]),
                secondary_seats=int(outcome.secondary[i]),
                last_year_seats=int(reg.state_seats[p]),
                proportional_seats=int(outcome.proportional[i]),
                capacity=int(problem.capacity[i]),
                graduate_yield=round(float(problem.graduate_yield[i]), 4),
                graduation_year=outcome.demand.years[0] + int(reg.duration[p]),
                to_region=round(float(flows[0]) if stop > start else 0.0, 2),
                to_megaprojects=round(float(flows[1:].sum()) if stop > start + 1 else 0.0, 2),
                fills=fills,
            )
        )
    return rows


def _write(run: AllocationRun, outcome: Outcome, results: dict[str, Any]) -> None:
    with transaction.atomic():
        current = AllocationRun.objects.select_for_update().get(pk=run.pk)
        current.seats.all().delete()
        SeatAllocation.objects.bulk_create(_seat_rows(current, outcome), batch_size=2000)
        current.results = results
        current.status = AllocationRun.Status.FINISHED
        current.finished_at = timezone.now()
        current.save(update_fields=["results", "status", "finished_at", "updated_at"])
        audit_record(
            actor=current.started_by,
            action=AuditEntry.Action.UPDATE,
            instance=current,
            changes={"status": [AllocationRun.Status.RUNNING, current.status]},
            summary=_("allocated %(seats)s seats")
            % {"seats": intcomma(round(results["allocation"]["seats"]))},
        )


def run_allocation(*, run_id: int, progress: Progress = lambda step: None) -> dict[str, Any]:
    """Compute a queued run and store its seats and results; a failure is stored too."""
    run = AllocationRun.objects.select_related("scenario").get(pk=run_id)
    scenario = run.scenario
    AllocationRun.objects.filter(pk=run.pk).update(
        status=AllocationRun.Status.RUNNING, inputs_version=scenario.inputs_version
    )
    started = time.perf_counter()
    try:
        outcome = compute(scenario, progress)
        results = summarise(outcome, regions=_region_ids())
        results["seconds"] = round(time.perf_counter() - started, 2)
        progress("write")
        run.inputs = snapshot(scenario, outcome.megaprojects)
        AllocationRun.objects.filter(pk=run.pk).update(inputs=run.inputs)
        _write(run, outcome, results)
    except AllocationInfeasible as error:
        # the job and the run say why in the requester's language, with region names
        reason = infeasible_text(error, _region_names())
        AllocationRun.objects.filter(pk=run.pk).update(
            status=AllocationRun.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
        )
        raise ApplicationError(reason) from error
    except Exception as error:
        AllocationRun.objects.filter(pk=run.pk).update(
            status=AllocationRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    return results


def _region_ids() -> list[int]:
    return list(Region.objects.order_by("id").values_list("id", flat=True))


def _region_names() -> list[str]:
    return [str(region) for region in Region.objects.order_by("id")]
