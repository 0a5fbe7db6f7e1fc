"""Supply, gap and the allocation problem of one scenario, on arrays.

The adapter between the registry's arrays and the engines (`forecast`, `routing`,
`allocation`). Conventions: supply and demand arrays are (rows, places, years) where rows are
specialties plus the HIGHER row (demand_model), places are regions or megaprojects, and year
index h is ``base_year + h``; a seat funded now (the intake of ``base_year``) yields its
graduate at index ``duration``.
"""

from dataclasses import dataclass

import numpy as np

from qadam.engines.allocation import AllocationProblem
from qadam.engines.forecast import SupplyInputs, aggregate, project_supply, seat_yield
from qadam.engines.routing import Routing, route_supply
from qadam.planning.demand_model import Demand
from qadam.planning.registry_arrays import RegistryArrays
from qadam.registry.choices import InstitutionKind

REGIONAL, MEGAPROJECT = 0, 1


@dataclass(frozen=True)
class SupplyParameters:
    base_year: int
    horizon: int
    progression_rate: float
    dropout_rate: float
    labour_market_share: float
    retention: float
    returning_graduates: float
    mobility: float = 1.0


@dataclass(frozen=True)
class SeatParameters:
    total_seats: float
    seat_cost_per_year: float
    budget: float
    min_technical_share: float
    region_floor_share: float
    capacity_growth: float
    job_value: float
    megaproject_priority: float


@dataclass(frozen=True, eq=False)
class Cells:
    """Demand cells of the allocation: a (row, place) at the year new seats graduate."""

    kind: np.ndarray  # (C,) REGIONAL or MEGAPROJECT
    row: np.ndarray  # (C,) specialty row
    place: np.ndarray  # (C,) region index or megaproject index
    year: np.ndarray  # (C,) year index


def supply_inputs(
    reg: RegistryArrays, sp: SupplyParameters, first_intake: np.ndarray
) -> SupplyInputs:
    """Every program's pipeline; intake after the first year stays at last year's level."""
    n = reg.program_id.size
    intake = np.repeat((reg.other_intake + reg.state_seats)[:, None], sp.horizon, axis=1)
    intake[:, 0] = first_intake
    return SupplyInputs(
        enrolled=reg.enrolled,
        duration=reg.duration,
        progression=np.full(n, sp.progression_rate),
        intake=intake,
        dropout=np.full(n, sp.dropout_rate),
        labour_market_share=np.full(n, sp.labour_market_share),
        retention=np.full(n, sp.retention),
    )


def supply(
    reg: RegistryArrays, sp: SupplyParameters, first_intake: np.ndarray, higher_place: int
) -> np.ndarray:
    """Retained labour-market entrants per (row, region, year).

    Graduates of branches of foreign universities and those returning from study abroad
    are the HIGHER row's supply, in the first megaproject's region (it recruits nationally).
    """
    projection = project_supply(
        supply_inputs(reg, sp, first_intake), start_year=sp.base_year, horizon=sp.horizon
    )
    s, r = reg.n_specialties, reg.n_regions
    domestic = reg.program_kind != InstitutionKind.FOREIGN_BRANCH
    cell = reg.program_specialty * r + reg.program_region
    tvet = aggregate(projection.retained[domestic], cell[domestic], s * r).reshape(s, r, -1)
    higher = np.zeros((1, r, sp.horizon))
    higher[0, higher_place] = projection.retained[~domestic].sum(axis=0) + sp.returning_graduates
    return np.concatenate([tvet, higher])


def reach(n_regions: int, megaproject_region: np.ndarray, mobility: float) -> np.ndarray:
    """(R, M): a megaproject recruits all of its own region's graduates, ``mobility`` of
    the others'."""
    out = np.full((n_regions, megaproject_region.size), mobility)
    out[megaproject_region, np.arange(megaproject_region.size)] = 1.0
    return out


def route(
    supply_cells: np.ndarray, demand: Demand, megaproject_region: np.ndarray, mobility: float
) -> Routing:
    r = supply_cells.shape[1]
    return route_supply(
        supply_cells, demand.regional, demand.hires, reach(r, megaproject_region, mobility)
    )


def _program_cells(
    reg: RegistryArrays,
    programs: np.ndarray,
    demand: Demand,
    without: Routing,
    megaproject_region: np.ndarray,
    mobility: float,
) -> tuple[Cells, np.ndarray, np.ndarray]:
    """The cells each program serves: its region's, and each megaproject short of it.

    With less than full mobility only the megaproject's own region's programs serve it: the
    allocation does not count on new graduates moving across the country.
    """
    keys: dict[tuple[int, int, int, int], int] = {}
    indptr, serves = [0], []
    n_megaprojects = demand.hires.shape[1]
    for p in programs:
        s, r, h = int(reg.program_specialty[p]), int(reg.program_region[p]), int(reg.duration[p])
        if h < demand.years.size:
            serves.append(keys.setdefault((REGIONAL, s, r, h), len(keys)))
            for m in range(n_megaprojects):
                serves_m = mobility >= 1.0 or megaproject_region[m] == r
                if serves_m and without.megaproject_shortfall[s, m, h] > 0:
                    serves.append(keys.setdefault((MEGAPROJECT, s, m, h), len(keys)))
        indptr.append(len(serves))
    table = np.array(list(keys), dtype=np.int64).reshape(-1, 4)
    cells = Cells(kind=table[:, 0], row=table[:, 1], place=table[:, 2], year=table[:, 3])
    return cells, np.array(indptr, dtype=np.int64), np.array(serves, dtype=np.int32)


def new_seat_capacity(reg: RegistryArrays, growth: float) -> np.ndarray:
    """First-year capacity (grown) less the students admitted off the state order."""
    return np.maximum(np.floor(reg.capacity * (1.0 + growth) + 1e-9) - reg.other_intake, 0.0)


def allocation_problem(
    reg: RegistryArrays,
    sp: SupplyParameters,
    seat: SeatParameters,
    demand: Demand,
    without: Routing,
    megaproject_region: np.ndarray,
) -> tuple[AllocationProblem, Cells, np.ndarray]:
    """The seat allocation over colleges' programs; returns the problem, cells and programs.

    A cell's demand is what the existing pipeline (with no new state-funded seats) leaves
    unmet in the year the new seats graduate.
    """
    programs = np.flatnonzero(reg.college)
    cells, indptr, serves = _program_cells(
        reg, programs, demand, without, megaproject_region, sp.mobility
    )
    is_mp = cells.kind == MEGAPROJECT
    short = np.empty(cells.kind.size)
    at = (cells.row[~is_mp], cells.place[~is_mp], cells.year[~is_mp])
    short[~is_mp] = without.regional_shortfall[at]
    at = (cells.row[is_mp], cells.place[is_mp], cells.year[is_mp])
    short[is_mp] = without.megaproject_shortfall[at]
    weight = np.where(is_mp, seat.job_value * seat.megaproject_priority, seat.job_value)
    inputs = supply_inputs(reg, sp, reg.other_intake)
    region = reg.program_region[programs]
    last_year = np.bincount(region, reg.state_seats[programs], reg.n_regions)
    problem = AllocationProblem(
        capacity=new_seat_capacity(reg, seat.capacity_growth)[programs],
        cost=seat.seat_cost_per_year * reg.duration[programs].astype(np.float64),
        graduate_yield=seat_yield(inputs, retained=True)[programs],
        technical=reg.specialty_technical[reg.program_specialty[programs]],
        region=region.astype(np.int32),
        serves_indptr=indptr,
        serves_cell=serves,
        demand=short,
        weight=weight.astype(np.float64),
        total_seats=float(seat.total_seats),
        budget=float(seat.budget),
        min_technical_share=seat.min_technical_share,
        min_region_seats=np.floor(seat.region_floor_share * last_year + 1e-9),
    )
    return problem, cells, programs


# The secondary rule's halves: a region's share of last year's seats, and of the population
# (standing in for its school leavers, whose count by region the registry does not hold).
SECONDARY_LAST_YEAR = 0.5


def secondary_weight(reg: RegistryArrays, programs: np.ndarray) -> np.ndarray:
    """Each program's share of the seats no gap needs: its region's share (half last year's
    seats, half the population), split within the region by last year's seats, or by
    capacity where the region had none."""
    region = reg.program_region[programs]
    last = reg.state_seats[programs].astype(np.float64)
    by_region = np.bincount(region, last, reg.n_regions)
    population = reg.population if reg.population is not None else np.zeros(reg.n_regions)
    region_share = SECONDARY_LAST_YEAR * _shares(by_region) + (1 - SECONDARY_LAST_YEAR) * _shares(
        population.astype(np.float64)
    )
    capacity = new_seat_capacity(reg, 0.0)[programs]
    within = np.where(by_region[region] > 0, last, capacity)
    within_total = np.bincount(region, within, reg.n_regions)
    return region_share[region] * within / np.maximum(within_total[region], 1e-12)


def _shares(values: np.ndarray) -> np.ndarray:
    total = float(values.sum())
    return values / total if total > 0 else np.full(values.size, 1.0 / max(values.size, 1))
