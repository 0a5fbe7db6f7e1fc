"""Seat allocation: hand-checked optima, infeasibility messages, rounding and shadow prices."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from qadam.engines.allocation import (
    AllocationInfeasible,
    AllocationProblem,
    allocate,
    constraint_violations,
    evaluate,
    proportional_allocation,
)


def problem(**overrides: Any) -> AllocationProblem:
    """Two programs in one region, each serving its own cell.

    Program 0 fills cell 0 (weight 1) at 1 graduate per seat; program 1 fills cell 1
    (weight 3) at 0.5 graduates per seat, so a seat is worth 1 in program 0 and 1.5 in
    program 1 until program 1 has filled its cell with 6 seats.
    """
    base: dict[str, Any] = {
        "capacity": np.array([10.0, 10.0]),
        "cost": np.array([10.0, 20.0]),
        "graduate_yield": np.array([1.0, 0.5]),
        "technical": np.array([True, True]),
        "region": np.array([0, 0], np.int32),
        "serves_indptr": np.array([0, 1, 2], np.int64),
        "serves_cell": np.array([0, 1], np.int32),
        "demand": np.array([6.0, 3.0]),
        "weight": np.array([1.0, 3.0]),
        "total_seats": 8.0,
        "budget": 1e9,
        "min_technical_share": 0.0,
        "min_region_seats": np.array([0.0]),
        "cost_weight": 0.0,
    }
    return AllocationProblem(**(base | overrides))


# --------------------------------------------------------------------------- hand-checked optima


@pytest.mark.parametrize("integer", [True, False])
def test_total_seats_go_to_the_most_valuable_program_first(integer: bool) -> None:
    # Program 1 takes the 6 seats that fill cell 1; the other 2 leave cell 0 short by 4.
    res = allocate(problem(), integer=integer)
    np.testing.assert_allclose(res.seats, [2.0, 6.0], atol=1e-7)
    np.testing.assert_allclose(res.shortfall, [4.0, 0.0], atol=1e-7)
    assert res.objective == pytest.approx(4.0)
    assert res.bound == pytest.approx(4.0)
    assert res.method == ("lp-rounding" if integer else "lp")
    assert res.status == "optimal"
    # A ninth seat goes to program 0 and fills one more unit of cell 0 (weight 1).
    assert res.shadow_total_seats == pytest.approx(1.0)
    assert res.shadow_budget == pytest.approx(0.0)


def test_seat_costs_enter_the_objective_and_the_seat_price() -> None:
    res = allocate(problem(cost_weight=0.01))
    np.testing.assert_allclose(res.seats, [2.0, 6.0])
    # 4 unmet in cell 0, plus 0.01 * (2 * 10 + 6 * 20).
    assert res.objective == pytest.approx(4.0 + 1.4)
    # A ninth seat in program 0 saves 1 of shortfall and costs 0.01 * 10.
    assert res.shadow_total_seats == pytest.approx(0.9)


def test_binding_budget_buys_value_per_tenge() -> None:
    # 100 tenge: program 0 gives 0.1 value per tenge until cell 0 is full (6 seats, 60),
    # program 1 gives 0.075 per tenge: 2 seats, 1 graduate, leaving 2 of cell 1 unmet.
    res = allocate(problem(total_seats=100.0, budget=100.0))
    np.testing.assert_allclose(res.seats, [6.0, 2.0])
    assert res.objective == pytest.approx(6.0)
    assert res.shadow_budget == pytest.approx(0.075)
    assert res.shadow_total_seats == pytest.approx(0.0)


def test_flows_split_between_a_region_cell_and_the_megaproject() -> None:
    # Program 0 serves cell 0 and the megaproject cell 2 (weight 5); program 1 only cell 1.
    p = problem(
        serves_indptr=np.array([0, 2, 3], np.int64),
        serves_cell=np.array([0, 2, 1], np.int32),
        demand=np.array([6.0, 3.0, 4.0]),
        weight=np.array([1.0, 3.0, 5.0]),
        total_seats=12.0,
    )
    res = allocate(p)
    # Seats worth 5 (megaproject, 4 seats), then 1.5 (program 1, 6 seats), then 1 (2 seats).
    np.testing.assert_allclose(res.seats, [6.0, 6.0])
    np.testing.assert_allclose(res.flow, [2.0, 4.0, 3.0])
    np.testing.assert_allclose(res.shortfall, [4.0, 0.0, 0.0])
    assert res.objective == pytest.approx(4.0)


def test_whole_seats_when_the_relaxation_buys_a_fraction() -> None:
    # 3 graduates needed at 0.8 per seat: the relaxation buys 3.75 seats for 0.375; whole
    # seats cost 0.4 for 4 seats (3 seats would leave 0.6 unmet and cost 0.9 in all).
    p = problem(
        capacity=np.array([10.0]),
        cost=np.array([1.0]),
        graduate_yield=np.array([0.8]),
        technical=np.array([True]),
        region=np.array([0], np.int32),
        serves_indptr=np.array([0, 1], np.int64),
        serves_cell=np.array([0], np.int32),
        demand=np.array([3.0]),
        weight=np.array([1.0]),
        total_seats=10.0,
        cost_weight=0.1,
    )
    relaxed = allocate(p, integer=False)
    assert relaxed.seats[0] == pytest.approx(3.75)
    assert relaxed.objective == pytest.approx(0.375)
    res = allocate(p)
    assert res.seats[0] == 4.0
    assert res.objective == pytest.approx(0.4)
    # The rounding cut s >= 0.6 * (4 - x) lifts the bound from the relaxation's 0.375 to the
    # whole-seat optimum, so the seats are proven best without a MIP.
    assert res.bound == pytest.approx(0.4)
    assert res.gap <= 1e-6


def test_region_minimum_and_technical_share_bind_with_prices() -> None:
    # Two regions; region 1 only has program 1 (non-technical, serves nothing valuable).
    p = problem(
        technical=np.array([True, False]),
        region=np.array([0, 1], np.int32),
        weight=np.array([1.0, 0.0]),
        min_region_seats=np.array([0.0, 2.0]),
        min_technical_share=0.75,
    )
    res = allocate(p)
    # Region 1 forces 2 seats in program 1; the share then allows 6 in program 0.
    np.testing.assert_allclose(res.seats, [6.0, 2.0])
    assert res.objective == pytest.approx(0.0)
    assert not constraint_violations(p, res.seats)
    lp = allocate(replace(p, demand=np.array([9.0, 3.0])), integer=False)
    # Demand 9 in cell 0: program 0 is stuck at 6 by the total (8 - 2 forced); one seat fewer
    # forced in region 1 frees a seat worth 1.
    assert lp.shadow_region_min[1] == pytest.approx(1.0)
    assert lp.shadow_total_seats == pytest.approx(1.0)


def test_technical_share_price_per_technical_seat() -> None:
    # Program 1 (non-technical) is worth 2 a seat, program 0 (technical) only fills 2 units of
    # demand; a 50% share pins program 1 to as many seats as program 0: 5 and 5.
    p = problem(
        technical=np.array([True, False]),
        graduate_yield=np.array([1.0, 1.0]),
        demand=np.array([2.0, 10.0]),
        weight=np.array([1.0, 2.0]),
        total_seats=10.0,
        min_technical_share=0.5,
    )
    res = allocate(p)
    np.testing.assert_allclose(res.seats, [5.0, 5.0])
    assert res.objective == pytest.approx(10.0)
    # Requiring one technical seat fewer (x0 - 0.5 * 10 >= -1) gives 4 + 6 seats: 2 less.
    assert res.shadow_technical_share == pytest.approx(2.0)
    assert res.shadow_total_seats == pytest.approx(1.0)  # 5.5 + 5.5 seats: 1 less


def test_evaluate_and_proportional_baseline() -> None:
    p = problem()
    base = proportional_allocation(p, np.array([3.0, 1.0]))
    np.testing.assert_array_equal(base, [6.0, 2.0])  # 8 seats split 3:1
    objective, shortfall = evaluate(p, base)
    np.testing.assert_allclose(shortfall, [0.0, 2.0])  # 2 seats x 0.5 fill 1 of cell 1's 3
    assert objective == pytest.approx(6.0)
    assert allocate(p).objective < objective


def test_proportional_baseline_passes_on_capped_seats_and_keeps_the_budget() -> None:
    p = problem(capacity=np.array([3.0, 10.0]))
    np.testing.assert_array_equal(proportional_allocation(p, np.array([3.0, 1.0])), [3.0, 5.0])
    cheap = proportional_allocation(replace(p, budget=50.0), np.array([1.0, 1.0]))
    assert float(p.cost @ cheap) <= 50.0


def test_forced_mip_matches_rounding() -> None:
    p = problem(cost_weight=0.01)
    assert allocate(p, method="mip").objective == pytest.approx(allocate(p).objective)
    with pytest.raises(ValueError, match="method"):
        allocate(p, method="simplex")


# --------------------------------------------------------------------------- infeasibility


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {
                "capacity": np.array([100_000.0, 100_000.0]),
                "region": np.array([0, 1], np.int32),
                "total_seats": 153_000.0,
                "min_region_seats": np.array([80_000.0, 80_000.0]),
            },
            "region minimums sum to 160,000 seats, above the total of 153,000",
        ),
        (
            {"region": np.array([0, 1], np.int32), "min_region_seats": np.array([0.0, 11.0]),
             "total_seats": 20.0},
            "region 1 minimum of 11 seats is above the region's total capacity of 10",
        ),
        (
            {"technical": np.array([True, False]), "min_technical_share": 0.7,
             "region": np.array([0, 1], np.int32), "min_region_seats": np.array([0.0, 6.0])},
            r"technical share of 70% needs at least 14 technical seats .* force 6 non-technical"
            r".* at most 2 fit",
        ),
        (
            {"budget": 50.0, "min_region_seats": np.array([6.0])},
            "region minimums cost at least 60 at the cheapest seats, above the budget of 50",
        ),
        (
            {"min_region_seats": np.array([2.5]), "capacity": np.array([1.5, 1.5])},
            "region 0 minimum of 3 seats is above the region's total capacity of 2",
        ),
    ],
    ids=["regions-over-total", "region-over-capacity", "technical-share", "budget", "whole-seats"],
)  # fmt: skip
def test_infeasible_constraints_are_named_before_solving(
    overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(AllocationInfeasible, match=message):
        allocate(problem(**overrides))


def test_jointly_infeasible_constraints_are_reported_after_the_relaxation() -> None:
    # Each rule alone is satisfiable; budget + share + minimum together are not.
    p = problem(
        technical=np.array([True, False]),
        cost=np.array([10.0, 1.0]),
        min_technical_share=0.5,
        min_region_seats=np.array([4.0]),
        budget=21.0,  # 4 seats, half technical, cost at least 2 * 10 + 2 * 1 = 22
    )
    with pytest.raises(AllocationInfeasible, match="jointly infeasible"):
        allocate(p)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"capacity": np.array([10.0, -1.0])}, r"capacity\[1\] = -1.0"),
        ({"cost": np.array([np.nan, 1.0])}, r"cost\[0\] = nan"),
        ({"graduate_yield": np.array([1.0])}, r"graduate_yield has shape \(1,\), expected \(2,\)"),
        ({"graduate_yield": np.array([1.0, 1.5])}, r"graduate_yield\[1\] = 1.5"),
        ({"demand": np.array([1.0, 2.0, 3.0])}, r"weight has shape \(2,\), expected \(3,\)"),
        ({"serves_cell": np.array([0, 2], np.int32)}, r"serves_cell\[1\] = 2"),
        ({"region": np.array([0, 1], np.int32)}, r"region\[1\] = 1"),
        ({"serves_indptr": np.array([0, 2, 1], np.int64)}, "serves_indptr"),
        ({"technical": np.array([1, 0])}, "technical must be a bool array"),
        ({"region": np.array([0.0, 0.0])}, "region must be an integer array"),
        ({"budget": float("nan")}, "budget = nan"),
        ({"min_technical_share": 1.2}, "min_technical_share = 1.2"),
        ({"min_region_seats": np.array([-1.0])}, r"min_region_seats\[0\] = -1.0"),
    ],
)
def test_malformed_input_names_the_field(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        allocate(problem(**overrides))


# --------------------------------------------------------------------------- random instances


def random_problem(seed: int, n: int, n_cells: int, n_regions: int) -> AllocationProblem:
    rng = np.random.default_rng(seed)
    region = np.concatenate([np.arange(n_regions), rng.integers(0, n_regions, n - n_regions)])
    extra = rng.random(n) < 0.3  # some programs also serve a second cell
    cells = [[int(rng.integers(n_cells))] + ([int(rng.integers(n_cells))] if e else [])
             for e in extra]  # fmt: skip
    capacity = rng.integers(1, 30, n).astype(np.float64)
    technical = rng.random(n) < 0.7
    region_cap = np.bincount(region, capacity, n_regions)
    return AllocationProblem(
        capacity=capacity,
        cost=rng.uniform(1.0, 3.0, n).round(2),
        graduate_yield=rng.uniform(0.5, 1.0, n).round(3),
        technical=technical,
        region=region.astype(np.int32),
        serves_indptr=np.concatenate([[0], np.cumsum([len(c) for c in cells])]).astype(np.int64),
        serves_cell=np.array([c for cs in cells for c in cs], np.int32),
        demand=rng.integers(0, 40, n_cells).astype(np.float64),
        weight=rng.uniform(1.0, 5.0, n_cells).round(2),
        total_seats=float(rng.integers(5, int(capacity.sum()) + 1)),
        budget=float(rng.uniform(0.3, 1.0) * 2.0 * capacity.sum()),
        min_technical_share=float(rng.choice([0.0, 0.5, 0.7])),
        min_region_seats=np.floor(region_cap * rng.uniform(0.0, 0.3, n_regions)),
        cost_weight=float(rng.choice([0.0, 0.1])),
    )


def direct_mip(p: AllocationProblem) -> float | None:
    """Independent scipy.milp model of the same problem; None when infeasible."""
    n, m, c = p.n_programs, int(p.serves_cell.size), p.n_cells
    owner = np.repeat(np.arange(n), np.diff(p.serves_indptr))
    entries = np.arange(m)
    to_program = sp.csr_matrix((np.ones(m), (owner, entries)), (n, m))
    to_cell = sp.csr_matrix((np.ones(m), (p.serves_cell, entries)), (c, m))
    program = sp.hstack([-sp.diags(p.graduate_yield), to_program, sp.csr_matrix((n, c))])
    cell = sp.hstack([sp.csr_matrix((c, n)), to_cell, sp.eye(c)])
    in_region = sp.csr_matrix((np.ones(n), (p.region, np.arange(n))), (p.n_regions, n))
    seat_rows = sp.vstack([np.ones(n), p.cost, p.technical - p.min_technical_share, in_region])
    seats = sp.hstack([seat_rows, sp.csr_matrix((seat_rows.shape[0], m + c))])
    lower = np.concatenate([[-np.inf, -np.inf, 0.0], p.min_region_seats])
    upper = np.concatenate([[p.total_seats, p.budget], np.full(1 + p.n_regions, np.inf)])
    res = milp(
        np.concatenate([p.cost_weight * p.cost, np.zeros(m), p.weight]),
        constraints=[
            LinearConstraint(program, -np.inf, 0.0),
            LinearConstraint(cell, p.demand, np.inf),
            LinearConstraint(seats, lower, upper),
        ],
        integrality=np.concatenate([np.ones(n), np.zeros(m + c)]),
        bounds=Bounds(0.0, np.concatenate([p.capacity, np.full(m + c, np.inf)])),
        options={"mip_rel_gap": 1e-9},
    )
    return None if res.status == 2 else float(res.fun)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(3, 12),
    n_cells=st.integers(1, 4),
    n_regions=st.integers(1, 3),
)
def test_random_instances_match_a_direct_mip(
    seed: int, n: int, n_cells: int, n_regions: int
) -> None:
    p = random_problem(seed, n, n_cells, n_regions)
    best = direct_mip(p)
    if best is None:
        with pytest.raises(AllocationInfeasible):
            allocate(p)
        return
    res = allocate(p)
    assert not constraint_violations(p, res.seats)
    np.testing.assert_array_equal(res.seats, np.round(res.seats))
    assert best - 1e-5 <= res.objective <= best + 1e-3 * max(abs(best), 1.0) + 1e-5
    assert allocate(p, integer=False).objective <= res.objective + 1e-7
    assert res.bound <= best + 1e-5 * max(abs(best), 1.0)
    np.testing.assert_allclose(evaluate(p, res.seats).objective, res.objective, atol=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_relaxing_a_binding_constraint_lowers_the_objective_by_its_price(seed: int) -> None:
    p = random_problem(seed, 40, 6, 3)
    mins = p.min_region_seats
    p = replace(
        p, min_region_seats=np.floor(mins * min(1.0, 0.5 * p.total_seats / max(mins.sum(), 1.0)))
    )
    base = allocate(p, integer=False)
    cases = [
        ("total_seats", base.shadow_total_seats, replace(p, total_seats=p.total_seats + 1e-3)),
        ("budget", base.shadow_budget, replace(p, budget=p.budget + 1e-3)),
    ]
    for name, price, relaxed in cases:
        assert price >= -1e-9, name
        drop = (base.objective - allocate(relaxed, integer=False).objective) / 1e-3
        assert drop == pytest.approx(price, abs=1e-4), name
    # The share rule's price is per technical seat; per unit of share it scales by the seats.
    share = replace(p, min_technical_share=p.min_technical_share + 1e-4)
    rise = (allocate(share, integer=False).objective - base.objective) / 1e-4
    assert base.shadow_technical_share >= -1e-9
    assert rise == pytest.approx(base.shadow_technical_share * base.seats.sum(), abs=1e-3)
    for r in range(p.n_regions):
        if p.min_region_seats[r] >= 1e-3:
            fewer = p.min_region_seats.copy()
            fewer[r] -= 1e-3
            relaxed = allocate(replace(p, min_region_seats=fewer), integer=False)
            drop = (base.objective - relaxed.objective) / 1e-3
            assert base.shadow_region_min[r] >= -1e-9
            assert drop == pytest.approx(base.shadow_region_min[r], abs=1e-4)


def test_medium_instance_rounds_within_tolerance() -> None:
    p = random_problem(7, 600, 150, 5)
    res = allocate(p)
    assert res.status == "optimal" and res.gap <= 1e-3
    assert not constraint_violations(p, res.seats)
    assert res.objective >= allocate(p, integer=False).objective - 1e-7
