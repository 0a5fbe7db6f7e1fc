"""A run's figures as JSON: what the workspace's charts and tables read.

Arrays become nested lists rounded to whole people (seats and money stay exact); each figure
is stored for the status quo ("baseline": last year's seats again) and for the allocation.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np

from qadam.engines.allocation import AllocationProblem, AllocationResult, Evaluation, Violation
from qadam.engines.routing import Routing
from qadam.planning.demand_model import LEVELS, PHASES, Demand
from qadam.planning.projection import MEGAPROJECT, Cells
from qadam.planning.registry_arrays import SECTORS, RegistryArrays

TOP_CELLS = 40


@dataclass(frozen=True, eq=False)
class Outcome:
    reg: RegistryArrays
    demand: Demand  # its hires are those the contracted trainees leave open
    hires: np.ndarray  # every hire the megaprojects need (row, megaproject, year)
    megaprojects: list[dict[str, Any]]
    baseline: Routing
    allocated: Routing
    baseline_supply: np.ndarray
    allocated_supply: np.ndarray
    problem: AllocationProblem
    cells: Cells
    programs: np.ndarray
    result: AllocationResult  # the seats that close the projected gap
    secondary: np.ndarray  # the rest of the state order, by the secondary rule
    proportional: np.ndarray
    proportional_eval: Evaluation
    proportional_violations: list[Violation]


def _people(values: np.ndarray) -> list[Any]:
    rounded: list[Any] = np.rint(values).astype(np.int64).tolist()
    return rounded


def _gap_by_row(demand: Demand, supply: np.ndarray) -> np.ndarray:
    """Signed national gap per row and year: demand (regional + megaprojects) - supply."""
    return demand.regional.sum(axis=1) + demand.hires.sum(axis=1) - supply.sum(axis=1)


def _shortfall(routing: Routing) -> dict[str, Any]:
    return {
        "regional": _people(routing.regional_shortfall.sum(axis=(0, 2))),  # per region
        "by_region_year": _people(routing.regional_shortfall.sum(axis=0)),
        "megaproject": _people(routing.megaproject_shortfall.sum(axis=(0, 2))),
        "total": float(
            round(routing.regional_shortfall.sum() + routing.megaproject_shortfall.sum())
        ),
    }


def _pipeline(o: Outcome, m: int) -> list[dict[str, Any]]:
    """Per level, for one megaproject: staff needed, hires, and hires filled by graduates."""
    level_of_row = o.demand.row_level
    seats_for = _megaproject_seats(o, m)
    out = []
    for li, level in enumerate(LEVELS):
        rows = level_of_row == li
        out.append(
            {
                "level": level,
                "headcount": _people(o.demand.headcount[m, li].sum(axis=0)),
                "by_phase": [_people(o.demand.headcount[m, li, k]) for k in range(len(PHASES))],
                "hires": _people(o.hires[rows, m].sum(axis=0)),
                # hires filled by trainees under targeted contracts, apart from the projection
                "contracted": _people((o.hires - o.demand.hires)[rows, m].sum(axis=0)),
                "filled_baseline": _people(o.baseline.megaproject_filled[rows, m].sum(axis=0)),
                "filled_allocated": _people(o.allocated.megaproject_filled[rows, m].sum(axis=0)),
                "seats": _people(seats_for[li]),
            }
        )
    return out


def _megaproject_seats(o: Outcome, m: int) -> np.ndarray:
    """New seats whose graduates the allocation sends to megaproject m, per level and year.

    A program's flow to the megaproject divided by its yield is the seats behind that flow.
    """
    seats = np.zeros((len(LEVELS), o.demand.years.size))
    p, c = o.problem, o.cells
    program_of_entry = np.repeat(np.arange(p.n_programs), np.diff(p.serves_indptr))
    cell = p.serves_cell
    mine = (c.kind[cell] == MEGAPROJECT) & (c.place[cell] == m) & (o.result.flow > 1e-9)
    yield_ = np.maximum(p.graduate_yield[program_of_entry[mine]], 1e-9)
    level = o.demand.row_level[c.row[cell[mine]]]
    np.add.at(seats, (level, c.year[cell[mine]]), o.result.flow[mine] / yield_)
    return seats


def _allocation(o: Outcome, region_ids: list[int]) -> dict[str, Any]:
    p, r = o.problem, o.result
    qadam_unmet = float(r.shortfall.sum())
    proportional_unmet = float(o.proportional_eval.shortfall.sum())
    gap_seats = np.rint(r.seats)
    seats = gap_seats + o.secondary
    by_region_gap = np.bincount(p.region, gap_seats, p.n_regions)
    return {
        "seats": float(seats.sum()),
        "gap_seats": float(gap_seats.sum()),
        "secondary_seats": float(o.secondary.sum()),
        "secondary_rule": "last_year_and_population",
        "unplaced_reason": _unplaced_reason(p, seats),
        "total_seats": p.total_seats,
        "cost": float(p.cost @ seats),
        "budget": p.budget,
        "technical_share": float(seats[p.technical].sum() / max(seats.sum(), 1.0)),
        "min_technical_share": p.min_technical_share,
        "regions": region_ids,
        "by_region": _people(np.bincount(p.region, seats, p.n_regions)),
        "by_region_gap": _people(by_region_gap),
        "by_region_secondary": _people(np.bincount(p.region, o.secondary, p.n_regions)),
        "by_region_last_year": _people(
            np.bincount(p.region, o.reg.state_seats[o.programs], p.n_regions)
        ),
        "by_region_proportional": _people(np.bincount(p.region, o.proportional, p.n_regions)),
        "region_minimums": _people(p.min_region_seats),
        # a region whose gap-closing seats sit at its minimum holds them for the minimum
        "region_at_minimum": [
            bool(p.min_region_seats[i] > 0 and by_region_gap[i] <= p.min_region_seats[i] + 0.5)
            for i in range(p.n_regions)
        ],
        "sectors": SECTORS,
        **_by_sector(o, gap_seats),
        "objective": r.objective,
        "bound": r.bound,
        "gap": r.gap,
        "status": r.status,
        "method": r.method,
        "solve_seconds": round(r.seconds, 3),
        "shadow": {
            "total_seats": r.shadow_total_seats,
            "budget_per_million": r.shadow_budget * 1e6,
            "technical_share": r.shadow_technical_share,
            "region_minimums": [float(v) for v in r.shadow_region_min],
        },
        "demand": float(p.demand.sum()),
        "unmet": qadam_unmet,
        "unmet_proportional": proportional_unmet,
        "objective_proportional": o.proportional_eval.objective,
        "proportional_violations": [
            {"code": v.code, "values": {k: float(x) for k, x in v.values.items()}}
            for v in o.proportional_violations
        ],
        "cells": int(p.n_cells),
        "programs": int(p.n_programs),
    }


def _by_sector(o: Outcome, gap_seats: np.ndarray) -> dict[str, list[Any]]:
    """Seats per sector of the programs' specialties: last year, gap-closing, secondary."""
    sector = o.reg.specialty_sector[o.reg.program_specialty[o.programs]]
    n = len(SECTORS)
    return {
        "by_sector_last_year": _people(np.bincount(sector, o.reg.state_seats[o.programs], n)),
        "by_sector_gap": _people(np.bincount(sector, gap_seats, n)),
        "by_sector_secondary": _people(np.bincount(sector, o.secondary, n)),
    }


def _unplaced_reason(p: AllocationProblem, seats: np.ndarray) -> str:
    """Why fewer seats than the state order were placed: "" when all were."""
    if seats.sum() >= np.floor(p.total_seats + 1e-9):
        return ""
    room = np.floor(p.capacity + 1e-9) - seats
    if room.sum() < 1:
        return "capacity"
    cheapest = float(p.cost[room >= 1].min())
    if p.budget - float(p.cost @ seats) < cheapest:
        return "budget"
    return "technical_share"


def _top_cells(o: Outcome) -> list[dict[str, Any]]:
    c, p, r = o.cells, o.problem, o.result
    order = np.argsort(-r.shortfall, kind="stable")[:TOP_CELLS]
    return [
        {
            "kind": int(c.kind[i]),
            "row": int(c.row[i]),
            "place": int(c.place[i]),
            "year": int(o.demand.years[c.year[i]]),
            "demand": round(float(p.demand[i]), 1),
            "shortfall": round(float(r.shortfall[i]), 1),
            "proportional_shortfall": round(float(o.proportional_eval.shortfall[i]), 1),
        }
        for i in order
        if p.demand[i] > 0
    ]


def _cells(o: Outcome) -> dict[str, list[Any]]:
    """Every demand cell of the allocation, as columns; seat rows' fills index into them."""
    c, p = o.cells, o.problem
    return {
        "kind": c.kind.tolist(),
        "row": c.row.tolist(),
        "place": c.place.tolist(),
        "year": (o.demand.years[0] + c.year).tolist(),
        "demand": np.round(p.demand, 1).tolist(),
        "shortfall": np.round(o.result.shortfall, 1).tolist(),
        "proportional_shortfall": np.round(o.proportional_eval.shortfall, 1).tolist(),
    }


def summarise(o: Outcome, *, regions: list[int]) -> dict[str, Any]:
    d = o.demand
    return {
        "years": d.years.tolist(),
        "levels": LEVELS,
        "phases": PHASES,
        "specialties": o.reg.specialty_id.tolist(),
        "regions": regions,
        "megaprojects": o.megaprojects,
        "demand": {
            "regional": _people(d.regional.sum(axis=(0, 1))),
            "megaproject_hires": _people(o.hires.sum(axis=(0, 1))),
            "unmapped_headcount": round(d.unmapped),
        },
        "supply": {
            "baseline": _people(o.baseline_supply.sum(axis=(0, 1))),
            "allocated": _people(o.allocated_supply.sum(axis=(0, 1))),
        },
        "gap": {
            "baseline": _people(_gap_by_row(d, o.baseline_supply)),
            "allocated": _people(_gap_by_row(d, o.allocated_supply)),
        },
        "shortfall": {"baseline": _shortfall(o.baseline), "allocated": _shortfall(o.allocated)},
        "pipeline": [_pipeline(o, m) for m in range(len(o.megaprojects))],
        "allocation": _allocation(o, regions),
        "top_cells": _top_cells(o),
        "cells": _cells(o),
    }
