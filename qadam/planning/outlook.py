"""What a pupil's region will need when they graduate: planning's outlook for guidance.

Per specialty, region and year: the projected openings (the demand model, with the latest
finished run's parameters, demand edits and megaprojects' staffing plans; a megaproject's
hires count in its own region), and per specialty and region the state-funded first-year
seats (the latest finished run's allocation, else the registry's seats). Built once per
process, as arrays, and rebuilt when a newer run finishes: a pupil's recommendation reads
it without a query, but for a cheap check of the latest run every few seconds.
"""

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from django.db.models import QuerySet, Sum

from qadam.planning.defaults import DEFAULTS
from qadam.planning.demand_model import DemandParameters, Requirement, build_demand
from qadam.planning.models import AllocationRun, SeatAllocation, StaffingRequirement
from qadam.planning.registry_arrays import RegistryArrays, occupation_links, read_registry
from qadam.registry.choices import InstitutionKind
from qadam.registry.models import Program

# far enough ahead for a pupil of 10: five years to the intake and four of study
OUTLOOK_YEARS = 16
# how often a process asks whether a newer run has finished (one small query)
CHECK_SECONDS = 5.0
# without any finished run, the registry's seats and enterprises are re-read this often
REGISTRY_SECONDS = 900.0
DEFAULT_DURATION = 3  # years, when no college teaches the specialty yet


@dataclass(frozen=True, eq=False)
class Outlook:
    run_id: int | None  # the finished run behind it; None: the registry and the defaults
    region_id: np.ndarray  # (R,) sorted
    specialty_id: np.ndarray  # (S,) sorted
    years: np.ndarray  # (H,) calendar years
    openings: np.ndarray  # (S, R, H) projected openings a year
    seats: np.ndarray  # (S, R) state-funded first-year seats
    duration: np.ndarray  # (S,) whole years of the specialty's usual college program


@dataclass(frozen=True, eq=False)
class PupilOutlook:
    """Per asked specialty, in the pupil's region."""

    graduation_year: np.ndarray  # (n,) int
    openings: np.ndarray  # (n,) projected openings a year in the graduation year
    seats: np.ndarray  # (n,) state-funded first-year seats this year


def pupil_outlook(
    outlook: Outlook, *, specialty_ids: np.ndarray, region_id: int, intake_year: int
) -> PupilOutlook:
    """The outlook of each specialty for a pupil entering college in `intake_year`: they
    graduate after the specialty's usual duration. Unknown specialties or regions (added
    since the outlook was built) have no openings and no seats."""
    ids = np.asarray(specialty_ids, dtype=np.int64)
    n = outlook.specialty_id.size
    s = np.minimum(np.searchsorted(outlook.specialty_id, ids), max(n - 1, 0))
    known = outlook.specialty_id[s] == ids if n else np.zeros(ids.size, dtype=bool)
    duration = np.full(ids.size, DEFAULT_DURATION, dtype=np.int64)
    duration[known] = outlook.duration[s[known]]
    graduation = intake_year + duration
    r = int(np.searchsorted(outlook.region_id, region_id))
    if r >= outlook.region_id.size or outlook.region_id[r] != region_id:
        zeros = np.zeros(ids.size)
        return PupilOutlook(graduation, zeros, zeros.astype(np.int64))
    h = np.clip(graduation - int(outlook.years[0]), 0, outlook.years.size - 1)
    openings = np.where(known, outlook.openings[s, r, h], 0.0)
    seats = np.where(known, outlook.seats[s, r], 0).astype(np.int64)
    return PupilOutlook(graduation, openings, seats)


# --------------------------------------------------------------------------- building


def _parameters(inputs: dict[str, Any], today: date) -> DemandParameters:
    """The run's demand parameters, else the scenario defaults from this year; projected
    far enough for every pupil."""

    def value(name: str) -> float:
        return float(inputs[name] if name in inputs else DEFAULTS[name].value)

    return DemandParameters(
        base_year=int(inputs.get("base_year", today.year)),
        horizon=max(int(inputs.get("horizon", 0)), OUTLOOK_YEARS),
        employment_thousands=value("employment_thousands"),
        tvet_job_share=value("tvet_job_share"),
        replacement_rate=value("replacement_rate"),
        growth_rate=value("growth_rate"),
    )


def _requirements(inputs: dict[str, Any]) -> tuple[list[Requirement], list[int]]:
    """The run's staffing plans as requirements, and each megaproject's region index key."""
    megaprojects = {m["id"]: i for i, m in enumerate(inputs.get("megaprojects", []))}
    rows = StaffingRequirement.objects.filter(
        plan_id__in=inputs.get("plans", []), plan__megaproject_id__in=list(megaprojects)
    ).values_list(
        "plan__megaproject_id", "specialty_id", "occupation_id", "level", "phase", "year",
        "headcount",
    )  # fmt: skip
    requirements = [
        Requirement(megaprojects[mp], specialty, occupation, level, phase, year, headcount)
        for mp, specialty, occupation, level, phase, year, headcount in rows.order_by("id")
    ]
    return requirements, [m["region_id"] for m in inputs.get("megaprojects", [])]


def _openings(reg: RegistryArrays, inputs: dict[str, Any], today: date) -> np.ndarray:
    params = _parameters(inputs, today)
    requirements, mp_regions = _requirements(inputs)
    adjustments = [(a[0], a[1], a[2]) for a in inputs.get("adjustments", [])]
    demand = build_demand(
        reg, params, requirements, len(mp_regions), occupation_links(reg), adjustments
    )
    openings = demand.regional[: reg.n_specialties].copy()
    for m, region_id in enumerate(mp_regions):
        r = int(np.searchsorted(reg.region_id, region_id))
        if r < reg.n_regions and reg.region_id[r] == region_id:
            openings[:, r, :] += demand.hires[: reg.n_specialties, m, :]
    return openings


def _seats(reg: RegistryArrays, run_id: int | None) -> np.ndarray:
    """(S, R) state-funded first-year seats of colleges: the run's, else the registry's."""
    rows: QuerySet[Any, tuple[int, int, int]]
    if run_id is not None:
        rows = (
            SeatAllocation.objects.filter(run_id=run_id)
            .values_list("program__specialty_id", "program__institution__region_id")
            .annotate(n=Sum("seats"))
        )
    else:
        rows = (
            Program.objects.filter(institution__kind=InstitutionKind.COLLEGE)
            .values_list("specialty_id", "institution__region_id")
            .annotate(n=Sum("state_funded_seats"))
        )
    seats = np.zeros((reg.n_specialties, reg.n_regions), dtype=np.int64)
    for specialty_id, region_id, n in rows.order_by():
        s = int(np.searchsorted(reg.specialty_id, specialty_id))
        r = int(np.searchsorted(reg.region_id, region_id or 0))
        if s < reg.n_specialties and r < reg.n_regions and reg.region_id[r] == region_id:
            seats[s, r] += int(n or 0)
    return seats


def _durations(reg: RegistryArrays) -> np.ndarray:
    """The median duration of each specialty's college programs, in whole years."""
    duration = np.full(reg.n_specialties, DEFAULT_DURATION, dtype=np.int64)
    college = reg.college
    for s in np.unique(reg.program_specialty[college]):
        mine = college & (reg.program_specialty == s)
        duration[s] = round(float(np.median(reg.duration[mine])))
    return duration


def outlook_build(*, run: AllocationRun | None, today: date) -> Outlook:
    """The outlook from a finished run (its inputs and seats), or from the registry."""
    reg = read_registry()
    inputs = run.inputs if run is not None else {}
    openings = _openings(reg, inputs, today)
    base = int(inputs.get("base_year", today.year))
    return Outlook(
        run_id=run.pk if run is not None else None,
        region_id=reg.region_id,
        specialty_id=reg.specialty_id,
        years=base + np.arange(openings.shape[2]),
        openings=openings,
        seats=_seats(reg, run.pk if run is not None else None),
        duration=_durations(reg),
    )


# --------------------------------------------------------------------------- the cache


@dataclass
class _Cached:
    key: tuple[int, datetime | None] | None
    built: float
    checked: float
    outlook: Outlook


_cached: _Cached | None = None
_lock = threading.Lock()


def _latest_finished() -> tuple[int, datetime | None] | None:
    row = (
        AllocationRun.objects.filter(status=AllocationRun.Status.FINISHED)
        .order_by("-finished_at", "-id")
        .values_list("id", "finished_at")
        .first()
    )
    return (row[0], row[1]) if row else None


def outlook_current() -> Outlook:
    """The outlook of the latest finished run, rebuilt when a newer one finishes."""
    global _cached
    now = time.monotonic()
    cached = _cached
    if cached is not None and now - cached.checked < CHECK_SECONDS:
        return cached.outlook
    key = _latest_finished()
    fresh = cached is not None and cached.key == key
    if fresh and cached is not None and (key is not None or now - cached.built < REGISTRY_SECONDS):
        cached.checked = now
        return cached.outlook
    with _lock:  # one build per process at a time; the others wait for it
        if _cached is not None and _cached is not cached and _cached.key == key:
            return _cached.outlook
        run = AllocationRun.objects.only("id", "inputs").get(pk=key[0]) if key is not None else None
        outlook = outlook_build(run=run, today=date.today())
        _cached = _Cached(key=key, built=now, checked=now, outlook=outlook)
    return outlook


def forget_outlook() -> None:
    """After the data change outside a run (tests, a reseeded registry)."""
    global _cached
    _cached = None
