"""Whole seats on generated instances of every shape: the seat rules hold, the gap is small."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qadam.engines.allocation import AllocationProblem, allocate, constraint_violations

SHAPES = ["national-tier", "tech-binding", "regions-binding", "tight-budget", "seats-slack"]


def shaped_problem(shape: str, seed: int, n: int = 300, n_regions: int = 5) -> AllocationProblem:
    """Programs by region and specialty, a national tier, and one rule made binding by shape."""
    rng = np.random.default_rng(seed)
    n_spec = 20
    region = np.concatenate([np.arange(n_regions), rng.integers(0, n_regions, n - n_regions)])
    specialty = rng.integers(0, n_spec, n)
    technical = specialty < 12
    capacity = rng.integers(3, 40, n).astype(np.float64)
    cost = np.round(rng.uniform(1.5, 3.0, n) * (1.6 if shape == "tight-budget" else 1.0), 2)
    n_regional = n_spec * n_regions
    mega = n_regional + np.arange(4)  # national cells for specialties 0-3
    cells = [[int(s * n_regions + r)] + ([int(mega[s])] if s < 4 else [])
             for r, s in zip(region, specialty, strict=True)]  # fmt: skip
    supply = np.bincount(specialty * n_regions + region, capacity, n_regional)
    seats_factor = 0.95 if shape == "seats-slack" else 0.6
    total = float(np.floor(seats_factor * capacity.sum()))
    demand_factor = 0.5 if shape == "seats-slack" else 1.4
    demand = np.zeros(n_regional + 4)
    spread = supply * rng.gamma(1.5, 1 / 1.5, n_regional)
    if shape == "tech-binding":
        spread *= np.where(np.arange(n_regional) // n_regions < 12, 1.0, 2.5)
    demand[:n_regional] = 0.85 * demand_factor * 0.7 * total * spread / spread.sum()
    demand[n_regional:] = rng.integers(5, 40, 4)
    weight = np.round(rng.uniform(3.0, 10.0, demand.size), 2)
    weight[n_regional:] *= 2.5
    share = np.bincount(region, None, n_regions) / n
    region_min = 0.85 if shape in ("regions-binding", "seats-slack") else 0.4
    region_cap = np.bincount(region, capacity, n_regions)
    budget_factor = 0.75 if shape == "tight-budget" else 2.0
    return AllocationProblem(
        capacity=capacity,
        cost=cost,
        graduate_yield=np.round(rng.beta(6, 3, n), 2),
        technical=technical,
        region=region.astype(np.int32),
        serves_indptr=np.concatenate([[0], np.cumsum([len(c) for c in cells])]).astype(np.int64),
        serves_cell=np.array([c for cs in cells for c in cs], np.int32),
        demand=np.round(demand),
        weight=weight,
        total_seats=total,
        budget=float(budget_factor * total * np.average(cost, weights=capacity)),
        min_technical_share=0.75 if shape == "tech-binding" else 0.5,
        min_region_seats=np.floor(np.minimum(region_min * share * total, 0.8 * region_cap)),
        cost_weight=0.3,
    )


def assert_whole_and_within_rules(p: AllocationProblem, seats: np.ndarray) -> None:
    np.testing.assert_array_equal(seats, np.round(seats))
    assert not constraint_violations(p, seats)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.sampled_from(SHAPES), seed=st.integers(0, 2**32 - 1), n=st.integers(40, 200))
def test_rounded_seats_keep_every_rule_within_tolerance(shape: str, seed: int, n: int) -> None:
    p = shaped_problem(shape, seed, n)
    res = allocate(p)
    assert_whole_and_within_rules(p, res.seats)
    assert res.status == "optimal" and res.gap <= 1e-3
    assert res.objective >= allocate(p, integer=False).objective - 1e-6


@pytest.mark.parametrize("shape", SHAPES)
def test_medium_instances_of_each_shape(shape: str) -> None:
    p = shaped_problem(shape, 3, n=800, n_regions=8)
    res = allocate(p)
    assert_whole_and_within_rules(p, res.seats)
    assert res.gap <= 1e-3


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_forced_seats_are_placed_without_the_mip(seed: int) -> None:
    # Region minimums above useful demand: the old rounding filled one program per region to
    # capacity with the forced seats and fell back to the MIP on these; now they go seat by
    # seat where they are worth most and the rounding alone is within tolerance.
    p = shaped_problem("seats-slack", seed, n=800, n_regions=8)
    res = allocate(p)
    assert_whole_and_within_rules(p, res.seats)
    assert res.method == "lp-rounding" and res.gap <= 1e-3


@pytest.mark.parametrize("seed", [3, 4])
def test_budget_share_and_minimums_binding_together(seed: int) -> None:
    # The budget and every region's minimum cut just below what the relaxation wants: the
    # last seats must meet the budget, the share and the minimums exactly at once.
    p = shaped_problem("tech-binding", seed, n=800, n_regions=8)
    lp = allocate(p, integer=False)
    p = dataclasses.replace(
        p,
        budget=0.97 * float(p.cost @ lp.seats),
        min_region_seats=np.floor(0.97 * np.bincount(p.region, lp.seats, p.n_regions)),
    )
    relaxed = allocate(p, integer=False)
    assert relaxed.shadow_budget > 0 and relaxed.shadow_technical_share > 0
    assert np.any(relaxed.shadow_region_min > 0)
    res = allocate(p)
    assert_whole_and_within_rules(p, res.seats)
    assert res.status == "optimal" and res.gap <= 1e-3
