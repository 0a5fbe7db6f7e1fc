"""Every read of workforce planning, scoped to what the user may see.

Planning is aggregate: the ministry and analysts read every megaproject, scenario and run;
a megaproject's operator (enterprise HR) reads its own megaproject and staffing plans.
Nothing here names a person.
"""

from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.fields.json import KT

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.breakdown import Breakdown, breakdown_of
from qadam.common.collation import in_reader_order
from qadam.placements.models import Offer, TrainingContract
from qadam.planning import policies
from qadam.planning.choices import Phase, PlanLevel
from qadam.planning.filters import SeatFilters
from qadam.planning.models import (
    AllocationRun,
    DemandAdjustment,
    Megaproject,
    Scenario,
    SeatAllocation,
    StaffingPlan,
    StaffingRequirement,
)
from qadam.planning.pipeline import committed_contracts, megaproject_enterprises
from qadam.registry.models import Occupation, Region, Specialty


def megaproject_list(*, user: User) -> QuerySet[Megaproject]:
    megaprojects = Megaproject.objects.select_related("region", "enterprise")
    if policies.may_read_planning(user):
        return megaprojects
    if user.is_authenticated and user.role == Role.ENTERPRISE_HR and user.enterprise_id:
        return megaprojects.filter(enterprise_id=user.enterprise_id)
    return megaprojects.none()


def megaproject_get(*, user: User, megaproject_id: int) -> Megaproject:
    return megaproject_list(user=user).get(pk=megaproject_id)


def plan_list(*, user: User, megaproject: Megaproject | None = None) -> QuerySet[StaffingPlan]:
    plans = StaffingPlan.objects.filter(megaproject__in=megaproject_list(user=user))
    if megaproject is not None:
        plans = plans.filter(megaproject=megaproject)
    return (
        plans.select_related("megaproject")
        .annotate(rows=Count("requirements"), headcount_years=Sum("requirements__headcount"))
        .order_by("-id")  # an aggregate drops Meta.ordering; pages paginate on it
    )


def plan_get(*, user: User, plan_id: int) -> StaffingPlan:
    return plan_list(user=user).get(pk=plan_id)


def plans_current() -> list[StaffingPlan]:
    """Every megaproject's current staffing plan: its newest plan with rows. A new scenario
    takes these unless the planner chooses others, so no megaproject is left out silently."""
    newest: dict[int, StaffingPlan] = {}
    plans = StaffingPlan.objects.filter(requirements__isnull=False).distinct()
    for plan in plans.select_related("megaproject").order_by("megaproject_id", "-id"):
        newest.setdefault(plan.megaproject_id, plan)
    return list(newest.values())


def plan_requirements(*, plan: StaffingPlan) -> QuerySet[StaffingRequirement]:
    return plan.requirements.select_related("specialty", "occupation").order_by(
        "year", "phase", "level", "specialty__code", "occupation__code"
    )


def plan_curves(*, plan: StaffingPlan) -> dict[str, Any]:
    """Headcount per year by level, and by phase: the plan's demand curves."""
    rows = (
        plan.requirements.values_list("year", "level", "phase")
        .annotate(n=Sum("headcount"))
        .order_by("year")
    )
    years = sorted({year for year, *_rest in rows})
    by_level: dict[str, list[int]] = {}
    by_phase: dict[str, list[int]] = {}
    for year, level, phase, n in rows:
        i = years.index(year)
        by_level.setdefault(level, [0] * len(years))[i] += n
        by_phase.setdefault(phase, [0] * len(years))[i] += n
    return {"years": years, "by_level": by_level, "by_phase": by_phase}


def scenario_list(*, user: User) -> QuerySet[Scenario]:
    if not policies.may_read_planning(user):
        return Scenario.objects.none()
    return (
        Scenario.objects.prefetch_related("plans__megaproject")
        .annotate(run_count=Count("runs"))
        .order_by("-id")  # an aggregate drops Meta.ordering; pages paginate on it
    )


def scenario_get(*, user: User, scenario_id: int) -> Scenario:
    return scenario_list(user=user).get(pk=scenario_id)


def scenario_adjustments(*, scenario: Scenario) -> QuerySet[DemandAdjustment]:
    return scenario.demand_adjustments.select_related("specialty", "region")


def latest_run(*, scenario: Scenario) -> AllocationRun | None:
    """The newest finished run, else the newest of any status."""
    runs = scenario.runs.order_by("-id")
    return runs.filter(status=AllocationRun.Status.FINISHED).first() or runs.first()


def run_list(*, user: User, scenario: Scenario) -> QuerySet[AllocationRun]:
    if not policies.may_read_planning(user):
        return AllocationRun.objects.none()
    return scenario.runs.select_related("job", "started_by").defer("results")


def run_get(*, user: User, run_id: int) -> AllocationRun:
    if not policies.may_read_planning(user):
        raise AllocationRun.DoesNotExist
    return AllocationRun.objects.select_related("scenario").get(pk=run_id)


def seat_list(
    *, run: AllocationRun, filters: SeatFilters | None = None
) -> QuerySet[SeatAllocation]:
    f = filters or SeatFilters()
    seats = run.seats.select_related("program__institution__region", "program__specialty").order_by(
        "program__institution__region__kato",
        "program__institution__code",
        "program__specialty__code",
    )
    if f.region:
        seats = seats.filter(program__institution__region_id=f.region)
    if f.specialty:
        seats = seats.filter(program__specialty_id=f.specialty)
    if f.institution:
        seats = seats.filter(program__institution_id=f.institution)
    if f.changed:
        seats = seats.exclude(seats=F("last_year_seats"))
    return seats


def seat_get(*, run: AllocationRun, seat_id: int) -> SeatAllocation:
    return run.seats.select_related("program__institution__region", "program__specialty").get(
        pk=seat_id
    )


def seats_by(*, run: AllocationRun, key: str) -> list[dict[str, Any]]:
    """Seats summed by region, institution or specialty (key: a SeatAllocation lookup)."""
    return list(
        run.seats.values(key)
        .annotate(
            seats=Sum("seats"),
            gap=Sum("gap_seats"),
            secondary=Sum("secondary_seats"),
            last_year=Sum("last_year_seats"),
            proportional=Sum("proportional_seats"),
            to_region=Sum("to_region"),
            to_megaprojects=Sum("to_megaprojects"),
        )
        .order_by("-seats")
    )


def names(*, results: dict[str, Any]) -> dict[str, dict[int, Any]]:
    """Regions and specialties a run's results refer to, by id, in one query each."""
    return {
        "regions": Region.objects.in_bulk(results.get("regions", [])),
        "specialties": Specialty.objects.in_bulk(results.get("specialties", [])),
    }


def cell_label_parts(*, results: dict[str, Any], cell: dict[str, Any]) -> dict[str, Any]:
    """A demand cell's specialty (None for the higher-education row) and place ids."""
    specialties = results.get("specialties", [])
    row = cell["row"]
    specialty_id = specialties[row] if row < len(specialties) else None
    if cell["kind"] == 1:
        return {"specialty_id": specialty_id, "megaproject": results["megaprojects"][cell["place"]]}
    return {"specialty_id": specialty_id, "region_id": results["regions"][cell["place"]]}


# --------------------------------------------------------------------------- results pages

SHADOW_EPSILON = 1e-9  # a shadow price above this: its constraint binds


def run_list_finished(*, user: User) -> QuerySet[AllocationRun]:
    """Finished runs of every scenario the user may read, newest first: what compare offers."""
    if not policies.may_read_planning(user):
        return AllocationRun.objects.none()
    return (
        AllocationRun.objects.filter(status=AllocationRun.Status.FINISHED)
        .select_related("scenario")
        .defer("results")
        .order_by("-id")
    )


def _seat_cells(results: dict[str, Any], seat: SeatAllocation) -> list[dict[str, Any]]:
    """The cells a program serves (projection._program_cells): its specialty in its region and
    at each megaproject, in its graduation year; with what its graduates fill there."""
    cells = results.get("cells") or {}
    specialties, regions = results.get("specialties", []), results.get("regions", [])
    program = seat.program
    row = specialties.index(program.specialty_id) if program.specialty_id in specialties else -1
    region_id = program.institution.region_id
    place = regions.index(region_id) if region_id in regions else -1
    filled = {int(f["cell"]): float(f["people"]) for f in seat.fills}
    out = []
    for i, kind in enumerate(cells.get("kind", [])):
        serves = cells["row"][i] == row and cells["year"][i] == seat.graduation_year
        if not (serves and (kind == 1 or cells["place"][i] == place)) and i not in filled:
            continue
        cell = {key: cells[key][i] for key in ("kind", "row", "place", "year", "demand")}
        out.append(
            {
                **cell,
                **cell_label_parts(results=results, cell=cell),
                "filled": filled.get(i, 0.0),
                "unmet": cells["shortfall"][i],
                "unmet_proportional": cells["proportional_shortfall"][i],
            }
        )
    return sorted(out, key=lambda c: (c["kind"], c["place"]))


def _seat_limits(
    results: dict[str, Any], seat: SeatAllocation, cells: list[dict[str, Any]], place: int
) -> list[dict[str, Any]]:
    """Why the program got no more seats, strongest reason first (codes and their figures)."""
    allocation = results.get("allocation", {})
    shadow = allocation.get("shadow", {})
    if seat.seats >= seat.capacity:
        return [{"code": "capacity"}]
    if not cells:
        return [{"code": "beyond_horizon"}]
    unmet = max(c["unmet"] for c in cells)
    if unmet < 0.5:
        return [{"code": "demand_met"}]
    if unmet < seat.graduate_yield:  # less than one more seat's graduates
        return [{"code": "whole_seats", "unmet": unmet}]
    limits = [
        {"code": code, "price": shadow.get(key, 0.0)}
        for code, key in (("total_seats", "total_seats"), ("budget", "budget_per_million"))
        if shadow.get(key, 0.0) > SHADOW_EPSILON
    ]
    technical = seat.program.specialty.is_technical
    if shadow.get("technical_share", 0.0) > SHADOW_EPSILON and not technical:
        limits.append({"code": "technical_share", "price": shadow["technical_share"]})
    held = [
        {"region_id": allocation["regions"][r], "minimum": allocation["region_minimums"][r]}
        for r, price in enumerate(shadow.get("region_minimums", []))
        if price > SHADOW_EPSILON and r != place
    ]
    if limits and held:  # other regions' minimums hold seats the total or budget would free
        limits.append({"code": "region_minimums", "regions": held})
    return limits or [{"code": "value"}]


def _seat_surplus(
    results: dict[str, Any], seat: SeatAllocation, place: int
) -> dict[str, Any] | None:
    """Why a program has seats whose graduates fill no demand: a rule that sets a floor, or
    the state order's rest, placed by the secondary rule."""
    # a run from before the mandate kept no split: all its seats closed the gap
    split = seat.gap_seats + seat.secondary_seats == seat.seats
    gap_seats = seat.gap_seats if split else seat.seats
    graduates = gap_seats * seat.graduate_yield
    spare = graduates - sum(float(f["people"]) for f in seat.fills)
    if gap_seats == 0 or spare < max(seat.graduate_yield, 0.5):
        return _secondary(seat) if split else None
    allocation = results.get("allocation", {})
    shadow = allocation.get("shadow", {})
    prices = shadow.get("region_minimums", [])
    if 0 <= place < len(prices) and prices[place] > SHADOW_EPSILON:
        return {"code": "region_floor", "minimum": allocation["region_minimums"][place]}
    if shadow.get("technical_share", 0.0) > SHADOW_EPSILON and seat.program.specialty.is_technical:
        return {"code": "technical_floor", "share": allocation.get("min_technical_share", 0.0)}
    return {"code": "spare", "people": spare}


def _secondary(seat: SeatAllocation) -> dict[str, Any] | None:
    return {"code": "secondary", "seats": seat.secondary_seats} if seat.secondary_seats else None


def seat_explanation(*, run: AllocationRun, seat: SeatAllocation) -> dict[str, Any]:
    """Why a program got its seats: the cells its graduates serve (decoded, with what they
    fill and what stays unmet), why no more seats, and why seats beyond the demand if any."""
    results = run.results
    regions = results.get("regions", [])
    region_id = seat.program.institution.region_id
    place = regions.index(region_id) if region_id in regions else -1
    cells = _seat_cells(results, seat)
    return {
        "cells": cells,
        "limits": _seat_limits(results, seat, cells, place),
        "surplus": _seat_surplus(results, seat, place),
    }


def megaproject_list_with_plans(*, user: User) -> QuerySet[Megaproject]:
    """`megaproject_list` with each megaproject's number of staffing plans (`plan_count`)."""
    return megaproject_list(user=user).annotate(plan_count=Count("plans"))


Peak = tuple[int, int]  # (year, headcount)


def plan_peaks(*, plan: StaffingPlan) -> dict[str, dict[str, Peak | None]]:
    """Per level, the busiest year of construction (every phase but operation) and of
    operation, as (year, headcount); the earliest year wins a tie; None without such rows."""

    totals: dict[tuple[str, str, int], int] = {}
    rows = plan.requirements.values_list("level", "phase", "year").annotate(n=Sum("headcount"))
    for level, phase, year, n in rows.order_by():
        key = (level, "operation" if phase == Phase.OPERATION else "construction", year)
        totals[key] = totals.get(key, 0) + n
    peaks: dict[str, dict[str, Peak | None]] = {
        level: {"construction": None, "operation": None} for level in PlanLevel.values
    }
    for (level, period, year), n in sorted(totals.items()):
        best = peaks.setdefault(level, {"construction": None, "operation": None})[period]
        if best is None or n > best[1]:
            peaks[level][period] = (year, n)
    return peaks


def catalogue_names(*, codes: list[str]) -> dict[str, str]:
    """Specialty and ISCO-08 codes -> their names in the current language; codes the
    catalogue lacks are left out (specialty codes have letters, ISCO codes are digits)."""

    names = {s.code: s.name for s in Specialty.objects.filter(code__in=codes)}
    names.update((o.code, o.title) for o in Occupation.objects.filter(code__in=codes))
    return names


def adjustment_get(
    *, scenario: Scenario, specialty_id: int, region_id: int | None
) -> DemandAdjustment:
    """The scenario's demand edit of a specialty in a region (None: the every-region edit)."""
    adjustments = scenario_adjustments(scenario=scenario).filter(specialty_id=specialty_id)
    if region_id is None:
        return adjustments.get(region__isnull=True)
    return adjustments.get(region_id=region_id)


# --------------------------------------------------------------------------- scenario pages


def demand_adjustment_get(*, user: User, adjustment_id: int) -> DemandAdjustment:
    """A demand edit of a scenario the user may read (by its id, for removing it)."""
    if not policies.may_read_planning(user):
        raise DemandAdjustment.DoesNotExist
    return DemandAdjustment.objects.select_related("scenario", "specialty", "region").get(
        pk=adjustment_id
    )


def run_first_graduation(*, run: AllocationRun) -> int | None:
    """The first year the run's new seats graduate: the intake year + the shortest program."""
    first: int | None = run.seats.aggregate(first=Min("graduation_year"))["first"]
    return first


RUN_HEADLINE = ("seats", "total_seats", "unmet", "unmet_proportional")


def scenario_overview(*, user: User) -> list[dict[str, Any]]:
    """Every scenario the user may read with its latest run (the newest finished, else the
    newest) as headline figures, without loading any run's results; `under_way` when a run
    is queued or running."""

    scenarios = list(scenario_list(user=user))
    headline = {f"headline_{key}": KT(f"results__allocation__{key}") for key in RUN_HEADLINE}
    runs = (
        AllocationRun.objects.filter(scenario__in=[s.pk for s in scenarios])
        .order_by("-id")
        .values("id", "scenario_id", "status", "inputs_version", "finished_at", **headline)
    )
    latest: dict[int, dict[str, Any]] = {}
    under_way: set[int] = set()
    finished = AllocationRun.Status.FINISHED
    for values in runs:
        run: dict[str, Any] = dict(values)
        if run["status"] in (AllocationRun.Status.QUEUED, AllocationRun.Status.RUNNING):
            under_way.add(run["scenario_id"])
        current = latest.get(run["scenario_id"])
        if current is None or (current["status"] != finished and run["status"] == finished):
            for key in RUN_HEADLINE:
                value = run.pop(f"headline_{key}")
                run[key] = None if value in (None, "") else float(value)
            latest[run["scenario_id"]] = run
    return [
        {"scenario": s, "run": latest.get(s.pk), "under_way": s.pk in under_way} for s in scenarios
    ]


def plan_scenarios(*, user: User, plan: StaffingPlan) -> QuerySet[Scenario]:
    """The scenarios that use `plan`, of those the user may read, by name in the reader's
    language (a short list)."""
    return in_reader_order(scenario_list(user=user).filter(plans=plan).order_by("id"))


def megaproject_targeted_offers(*, megaproject: Megaproject) -> QuerySet[Offer]:
    """The targeted-training offers of the megaproject's operator and contractors, with the
    plan line each is tied to, if any (the caller may read the megaproject)."""
    return (
        Offer.objects.filter(
            enterprise_id__in=megaproject_enterprises(megaproject), kind=Offer.Kind.TARGETED
        )
        .select_related("enterprise", "round", "megaproject_tie")
        .order_by("-round_id", "id")
    )


def megaproject_operated(*, user: User) -> Megaproject | None:
    """The megaproject whose operator's HR `user` is: their home is its pipeline."""
    if not (user.is_authenticated and user.role == Role.ENTERPRISE_HR and user.enterprise_id):
        return None
    return Megaproject.objects.filter(enterprise_id=user.enterprise_id).order_by("id").first()


def megaproject_trainees_breakdown(*, sector: str, level: str) -> Breakdown:
    """People under targeted-training contracts toward a megaproject of `sector` (as its
    pipeline counts them: offers tied to it, or its operator's and contractors'), in
    training or employed, whose program trains at `level`, by their institution and its
    region: a national aggregate."""
    toward = Q(pk__in=[])
    for megaproject in Megaproject.objects.filter(enterprise__sector=sector):
        committed = committed_contracts(megaproject.pk, megaproject_enterprises(megaproject))
        toward |= Q(pk__in=committed.values("pk"))
    contracts = TrainingContract.objects.filter(
        toward, student__program__specialty__qualification_level=level
    )
    return breakdown_of(
        contracts,
        Count("student", distinct=True),
        region="institution__region__iso_code",
        institution="institution_id",
    )
