"""Demand as the engines see it: regional openings per specialty and megaprojects' hires.

Rows are the registry's specialties plus one last row, ``HIGHER``, for the higher-education
staff a megaproject needs (colleges do not train them; universities, branches of foreign
universities and graduates returning from abroad do).
"""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from qadam.engines.demand import hires_from_headcount, regional_openings, split
from qadam.planning.choices import Phase, PlanLevel
from qadam.planning.registry_arrays import SECTORS, RegistryArrays

LEVELS = [code for code, _label in PlanLevel.choices]
PHASES = [code for code, _label in Phase.choices]
# a requirement's level -> the specialty levels that train for it
TRAINS_FOR = {
    PlanLevel.WORKER: {"worker"},
    PlanLevel.MID_LEVEL: {"mid_level_specialist", "applied_bachelor"},
}


@dataclass(frozen=True)
class DemandParameters:
    base_year: int
    horizon: int
    employment_thousands: float
    tvet_job_share: float
    replacement_rate: float
    growth_rate: float


@dataclass(frozen=True)
class Requirement:
    megaproject: int  # index
    specialty_id: int | None
    occupation_id: int | None
    level: str
    phase: str
    year: int
    headcount: float


@dataclass(frozen=True, eq=False)
class Demand:
    years: np.ndarray  # (H,)
    regional: np.ndarray  # (S + 1, R, H) openings; the HIGHER row is zero
    hires: np.ndarray  # (S + 1, M, H) megaprojects' new hires
    headcount: np.ndarray  # (M, len(LEVELS), len(PHASES), H) staff needed
    row_level: np.ndarray  # (S + 1,) index into LEVELS
    unmapped: float  # headcount-years by occupations no specialty trains for


def row_levels(reg: RegistryArrays) -> np.ndarray:
    levels = [
        LEVELS.index(PlanLevel.WORKER if level == "worker" else PlanLevel.MID_LEVEL)
        for level in reg.specialty_level
    ]
    return np.array([*levels, LEVELS.index(PlanLevel.HIGHER)], dtype=np.int64)


def regional_demand(reg: RegistryArrays, params: DemandParameters) -> np.ndarray:
    """Openings per specialty, region and year: replacement of retirees plus growth.

    The registry's enterprises give the structure (sector x region), the employed population
    and the share of jobs needing a TVET qualification give the scale; a sector's openings
    are shared equally among its specialties.
    """
    staff = reg.staff
    scale = params.employment_thousands * 1000 * params.tvet_job_share / max(staff.sum(), 1.0)
    k = len(SECTORS)
    openings = regional_openings(
        staff * scale,
        np.full(k, params.replacement_rate),
        np.full(k, params.growth_rate),
        params.horizon,
    )
    by_specialty = split(openings, reg.specialty_sector, np.ones(reg.n_specialties))
    higher = np.zeros((1, reg.n_regions, params.horizon))
    return np.concatenate([by_specialty, higher])


def apply_adjustments(
    regional: np.ndarray, reg: RegistryArrays, adjustments: Iterable[tuple[int, int | None, float]]
) -> np.ndarray:
    """Multiply (specialty id, region id or None for all, factor) cells of the demand."""
    out = regional.copy()
    for specialty_id, region_id, factor in adjustments:
        s = int(np.searchsorted(reg.specialty_id, specialty_id))
        if region_id is None:
            out[s] *= factor
        else:
            out[s, int(np.searchsorted(reg.region_id, region_id))] *= factor
    return out


def _occupation_rows(
    reg: RegistryArrays, links: dict[int, list[int]], occupation_id: int, level: str
) -> tuple[np.ndarray, np.ndarray]:
    """Specialty rows training for an occupation at a level, weighted by their students."""
    rows = np.array(
        [
            s
            for s in links.get(occupation_id, [])
            if reg.specialty_level[s] in TRAINS_FOR.get(PlanLevel(level), set())
        ],
        dtype=np.int64,
    )
    if rows.size == 0:
        return rows, np.zeros(0)
    students = np.bincount(reg.program_specialty, reg.enrolled.sum(axis=1), reg.n_specialties)
    weight = students[rows]
    weight = weight / weight.sum() if weight.sum() > 0 else np.full(rows.size, 1 / rows.size)
    return rows, weight


def megaproject_demand(
    reg: RegistryArrays,
    params: DemandParameters,
    requirements: list[Requirement],
    n_megaprojects: int,
    links: dict[int, list[int]],
) -> tuple[np.ndarray, np.ndarray, float]:
    """Hires (S + 1, M, H), headcount (M, levels, phases, H) and unmapped headcount-years.

    Hires are counted from the first plan year (or the base year, if later) so that staff
    already needed before the base year are not hired again.
    """
    first = min([r.year for r in requirements] + [params.base_year])
    span = params.base_year + params.horizon - first
    rows_needed = np.zeros((reg.n_specialties + 1, n_megaprojects, span))
    headcount = np.zeros((n_megaprojects, len(LEVELS), len(PHASES), span))
    unmapped = 0.0
    for req in requirements:
        t = req.year - first
        if t >= span:
            continue
        headcount[req.megaproject, LEVELS.index(req.level), PHASES.index(req.phase), t] += (
            req.headcount
        )
        if req.level == PlanLevel.HIGHER:
            rows, weight = np.array([reg.n_specialties]), np.ones(1)
        elif req.specialty_id is not None:
            rows = np.array([int(np.searchsorted(reg.specialty_id, req.specialty_id))])
            weight = np.ones(1)
        else:
            rows, weight = _occupation_rows(reg, links, req.occupation_id or 0, req.level)
        if rows.size == 0:
            unmapped += req.headcount
            continue
        rows_needed[rows, req.megaproject, t] += weight * req.headcount
    # staff already in post before the base year are not hired again
    hires = hires_from_headcount(rows_needed)[..., span - params.horizon :]
    return hires, headcount[..., span - params.horizon :], unmapped


def build_demand(
    reg: RegistryArrays,
    params: DemandParameters,
    requirements: list[Requirement],
    n_megaprojects: int,
    links: dict[int, list[int]],
    adjustments: Iterable[tuple[int, int | None, float]] = (),
) -> Demand:
    regional = apply_adjustments(regional_demand(reg, params), reg, adjustments)
    hires, headcount, unmapped = megaproject_demand(
        reg, params, requirements, n_megaprojects, links
    )
    return Demand(
        years=params.base_year + np.arange(params.horizon),
        regional=regional,
        hires=hires,
        headcount=headcount,
        row_level=row_levels(reg),
        unmapped=unmapped,
    )
