"""The state order is a mandate: the seats no gap needs go by the secondary rule, within every
seat rule, and as many as capacity, the share and the budget allow."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from qadam.engines.allocation import (
    AllocationProblem,
    allocate,
    constraint_violations,
    distribute_remainder,
)


def problem(**overrides: Any) -> AllocationProblem:
    """Four programs, two regions; only program 0's cell has demand (5 people)."""
    base: dict[str, Any] = {
        "capacity": np.array([10.0, 20.0, 20.0, 30.0]),
        "cost": np.array([1.0, 1.0, 1.0, 1.0]),
        "graduate_yield": np.ones(4),
        "technical": np.array([True, True, False, False]),
        "region": np.array([0, 0, 1, 1], np.int32),
        "serves_indptr": np.array([0, 1, 2, 3, 4], np.int64),
        "serves_cell": np.array([0, 1, 2, 3], np.int32),
        "demand": np.array([5.0, 0.0, 0.0, 0.0]),
        "weight": np.ones(4),
        "total_seats": 50.0,
        "budget": 1e9,
        "min_technical_share": 0.0,
        "min_region_seats": np.array([0.0, 0.0]),
        "cost_weight": 1e-6,
    }
    return AllocationProblem(**(base | overrides))


def test_the_whole_total_is_placed_by_the_weight_after_the_gap() -> None:
    p = problem()
    gap = allocate(p).seats
    assert gap.sum() == 5  # the gap alone: the optimiser stops when no seat fills demand
    extra = distribute_remainder(p, gap, np.array([0.0, 1.0, 1.0, 2.0]))
    np.testing.assert_array_equal(extra, [0, 11, 11, 23])
    assert (gap + extra).sum() == 50
    assert constraint_violations(p, gap + extra) == []


def test_capacity_caps_each_program_and_the_overflow_goes_where_there_is_room() -> None:
    p = problem()
    # program 1 has room for 20: the weight would give it 43 of the 45 left
    extra = distribute_remainder(p, np.array([5.0, 0, 0, 0]), np.array([0.0, 43.0, 1.0, 1.0]))
    assert extra[1] == 20
    assert extra.sum() == 45
    assert constraint_violations(p, np.array([5.0, 0, 0, 0]) + extra) == []


def test_programs_without_weight_take_seats_only_once_the_weighted_ones_are_full() -> None:
    p = problem(total_seats=80.0)
    extra = distribute_remainder(p, np.zeros(4), np.array([0.0, 0.0, 1.0, 0.0]))
    assert extra[2] == 20  # full first
    assert extra.sum() == 80


def test_the_technical_share_holds_when_the_weight_favours_other_programs() -> None:
    p = problem(min_technical_share=0.6)
    seats = np.array([5.0, 0, 0, 0])
    extra = distribute_remainder(p, seats, np.array([0.0, 1.0, 10.0, 10.0]))
    total = seats + extra
    assert total.sum() == 50
    assert total[:2].sum() >= 0.6 * total.sum()
    assert constraint_violations(p, total) == []


def test_fewer_seats_when_the_share_cannot_hold_with_more() -> None:
    # technical room is 25 seats in all; at 80% technical the others may add only a few
    p = problem(min_technical_share=0.8, total_seats=100.0)
    seats = np.array([5.0, 0, 0, 0])
    extra = distribute_remainder(p, seats, np.ones(4))
    total = seats + extra
    assert total[:2].sum() == 30  # every technical seat there is
    assert total[:2].sum() >= 0.8 * total.sum()
    assert total.sum() == 37  # 30 / 0.8 = 37.5


def test_the_budget_stops_the_remainder() -> None:
    p = problem(cost=np.array([1.0, 2.0, 2.0, 2.0]), budget=45.0)
    seats = np.array([5.0, 0, 0, 0])
    extra = distribute_remainder(p, seats, np.ones(4))
    assert float(p.cost @ (seats + extra)) <= 45.0
    assert extra.sum() >= 19  # 40 tenge left buy 20 seats at 2; flooring may lose one
    assert constraint_violations(p, seats + extra) == []


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.floats(0.0, 0.9),
    st.sampled_from([1e9, 300.0, 60.0]),
)
def test_any_instance_keeps_every_seat_rule(seed: int, share: float, budget: float) -> None:
    rng = np.random.default_rng(seed)
    n = 12
    technical = rng.random(n) < 0.6
    technical[0] = True
    p = problem(
        capacity=rng.integers(0, 15, n).astype(float),
        cost=rng.uniform(0.5, 3.0, n),
        graduate_yield=np.ones(n),
        technical=technical,
        region=rng.integers(0, 2, n).astype(np.int32),
        serves_indptr=np.arange(n + 1, dtype=np.int64),
        serves_cell=np.arange(n, dtype=np.int32),
        demand=np.zeros(n),
        weight=np.ones(n),
        total_seats=float(rng.integers(0, 150)),
        budget=budget,
        min_technical_share=share,
    )
    # a feasible start: some whole technical seats within capacity, total and budget
    seats = np.where(technical, np.floor(p.capacity / 2), 0.0)
    while seats.sum() > p.total_seats or float(p.cost @ seats) > budget:
        seats[np.argmax(seats)] -= 1
    extra = distribute_remainder(p, seats, rng.uniform(0, 1, n) * (rng.random(n) < 0.7))
    total = seats + extra
    assert np.all(extra >= 0) and np.all(extra == np.floor(extra))
    assert constraint_violations(p, total) == []
    room = np.floor(p.capacity) - seats
    if budget == 1e9 and share == 0.0:  # nothing but capacity stops it
        assert total.sum() == min(p.total_seats, seats.sum() + room.sum())
