"""A family of national-size allocation instances, built independently of allocation.py's one.

Where ``national_instance`` gives every college 7-11 random specialties and one NPP tier, this
generator starts from the regions' economies: 12 sectors, each region weighting them
differently, programs drawn from the region's mix, demand following the same economy (or
concentrated in a few regions), graduates able to fill the neighbouring regions' cells, and a
national megaproject tier of cells any region's programs of the specialty can fill. Each shape
turns one constraint from slack to binding:

- ``base``: a modest national tier, technical share and regional minimums near binding.
- ``megaproject``: a large national tier worth 3x a regional post, 60 cells.
- ``tech-binding``: demand leans to non-technical specialties; a 75% technical share binds.
- ``tech-slack``: a 30% technical share and a generous budget: only seats bind.
- ``regions-binding``: 70% of demand in 3 regions; every region's minimum is 85% of its
  population's share of the seats.
- ``tight-budget``: costs spread 0.5x-3x, the budget buys ~55% of the seats at average cost
  (the others use ~85% of the seats, so a budget of 75% would not bind).
- ``all-binding``: concentrated demand, a 75% share, binding minimums, a binding budget and
  the large national tier at once.
- ``seats-slack``: more seats than useful demand; the seat costs decide what is left.
- ``seats-binding``: demand 3x what the seats can fill, so the total binds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qadam.engines.allocation import AllocationProblem

N_REGIONS, N_SPECIALTIES, N_SECTORS = 20, 150, 12
TECHNICAL_SECTORS = 7  # sectors 0-6 (energy, oil and gas, mining, construction, ...) are technical


@dataclass(frozen=True)
class Shape:
    mega_cells: int = 30  # national tier cells (one technical specialty each)
    mega_weight: float = 2.0  # value of a national post relative to a regional one
    mega_demand: float = 0.08  # national tier's share of all demand
    concentrated: bool = False  # 70% of regional demand in 3 regions
    non_technical_demand: float = 1.0  # demand multiplier for non-technical specialties
    tech_share: float = 0.6
    region_min: float = 0.6  # minimum = this x the region's population share x total seats
    budget_factor: float = 0.95  # budget = this x total seats x average seat cost
    cost_spread: float = 0.25  # lognormal sigma of a program's cost
    seats_factor: float = 0.6  # total seats = this x the sum of capacities
    demand_factor: float = 1.4  # demand = this x what the total seats could fill


SHAPES: dict[str, Shape] = {
    "base": Shape(),
    "megaproject": Shape(mega_cells=60, mega_weight=3.0, mega_demand=0.2),
    "tech-binding": Shape(non_technical_demand=2.5, tech_share=0.75),
    "tech-slack": Shape(tech_share=0.3, budget_factor=3.0),
    "regions-binding": Shape(concentrated=True, region_min=0.85),
    "tight-budget": Shape(budget_factor=0.55, cost_spread=0.6),
    "all-binding": Shape(
        mega_cells=60,
        mega_weight=3.0,
        mega_demand=0.2,
        concentrated=True,
        non_technical_demand=2.0,
        tech_share=0.75,
        region_min=0.85,
        budget_factor=0.55,
        cost_spread=0.5,
    ),
    "seats-slack": Shape(seats_factor=0.95, demand_factor=0.5, budget_factor=3.0),
    "seats-binding": Shape(demand_factor=3.0),  # last: the others keep their seeds
}


def _neighbours(rng: np.random.Generator) -> list[NDArray[np.int64]]:
    """Regions on a jittered plane; each borders its 2-4 nearest."""
    xy = rng.random((N_REGIONS, 2))
    d = np.linalg.norm(xy[:, None] - xy[None], axis=2)
    return [np.argsort(d[r])[1 : 1 + int(rng.integers(2, 5))] for r in range(N_REGIONS)]


def family_instance(shape_name: str, seed: int, programs: int = 6500) -> AllocationProblem:
    """One national-size instance of ``shape_name`` (see SHAPES)."""
    s = SHAPES[shape_name]
    rng = np.random.default_rng([seed, list(SHAPES).index(shape_name)])
    population = rng.lognormal(0.0, 0.7, N_REGIONS)
    population /= population.sum()
    sector = np.sort(rng.integers(0, N_SECTORS, N_SPECIALTIES))
    technical_spec = sector < TECHNICAL_SECTORS
    # Each region's economy: a few strong sectors, a long tail.
    economy = rng.dirichlet(np.full(N_SECTORS, 0.6), N_REGIONS) + 0.02
    spec_pop = rng.lognormal(0.0, 0.8, N_SPECIALTIES)
    mix = economy[:, sector] * spec_pop  # (regions, specialties)
    mix /= mix.sum(axis=1, keepdims=True)
    per_region = rng.multinomial(programs - 60, population) + 3
    region = np.repeat(np.arange(N_REGIONS), per_region)
    specialty = np.concatenate(
        [rng.choice(N_SPECIALTIES, k, p=mix[r]) for r, k in enumerate(per_region)]
    )
    n = region.size
    technical = technical_spec[specialty]
    capacity = np.clip(np.round(rng.lognormal(3.1, 0.55, n)), 5, 150)
    sector_cost = rng.uniform(1.4e6, 3.2e6, N_SECTORS)
    cost = np.round(sector_cost[sector[specialty]] * rng.lognormal(0.0, s.cost_spread, n), -3)
    graduate_yield = np.round(rng.beta(6, 3, n), 2)
    total = float(np.floor(s.seats_factor * capacity.sum()))

    # Cells: specialty x region, then the national tier.
    n_regional = N_SPECIALTIES * N_REGIONS
    mega_spec = rng.choice(np.flatnonzero(technical_spec), s.mega_cells, replace=False)
    mega_of = np.full(N_SPECIALTIES, -1)
    mega_of[mega_spec] = n_regional + np.arange(s.mega_cells)
    near = _neighbours(rng)
    serves: list[list[int]] = []
    for r, sp in zip(region.tolist(), specialty.tolist(), strict=True):
        cells = [sp * N_REGIONS + r]
        if rng.random() < 0.35:  # graduates who would move to a neighbouring region
            cells.append(sp * N_REGIONS + int(rng.choice(near[r])))
        if mega_of[sp] >= 0:
            cells.append(int(mega_of[sp]))
        serves.append(cells)

    regional_weight = population
    if s.concentrated:
        hubs = rng.choice(N_REGIONS, 3, replace=False)
        regional_weight = 0.3 * population
        regional_weight[hubs] += 0.7 / 3
    cell_spec = np.repeat(np.arange(N_SPECIALTIES), N_REGIONS)
    cell_region = np.tile(np.arange(N_REGIONS), N_SPECIALTIES)
    # Half the demand follows the economy, half the programs already there (employers settle
    # near colleges and colleges open where jobs are).
    supply = np.bincount(specialty * N_REGIONS + region, capacity, n_regional)
    economy_share = regional_weight[cell_region] * mix[cell_region, cell_spec]
    shape_demand = (
        (economy_share / economy_share.sum() + supply / supply.sum())
        * np.where(technical_spec[cell_spec], 1.0, s.non_technical_demand)
        * rng.gamma(1.5, 1 / 1.5, n_regional)
        * (rng.random(n_regional) < 0.85)
    )
    fillable = s.demand_factor * total * float(np.mean(graduate_yield))
    demand = np.zeros(n_regional + s.mega_cells)
    demand[:n_regional] = (1 - s.mega_demand) * fillable * shape_demand / shape_demand.sum()
    demand[n_regional:] = s.mega_demand * fillable * rng.dirichlet(np.full(s.mega_cells, 2.0))
    demand = np.round(demand)
    weight = np.round(rng.uniform(3.0, 10.0, demand.size), 2)
    weight[n_regional:] = np.round(s.mega_weight * rng.uniform(6.0, 10.0, s.mega_cells), 2)

    region_cap = np.bincount(region, capacity, N_REGIONS)
    min_region = np.floor(np.minimum(s.region_min * population * total, 0.8 * region_cap))
    budget = float(np.round(s.budget_factor * total * np.average(cost, weights=capacity), -6))
    return AllocationProblem(
        capacity=capacity,
        cost=cost,
        graduate_yield=graduate_yield,
        technical=technical,
        region=region.astype(np.int32),
        serves_indptr=np.concatenate([[0], np.cumsum([len(c) for c in serves])]).astype(np.int64),
        serves_cell=np.array([c for cs in serves for c in cs], np.int32),
        demand=demand,
        weight=weight,
        total_seats=total,
        budget=budget,
        min_technical_share=s.tech_share,
        min_region_seats=min_region,
    )
