"""Graduate routing: hand-computed cases, conservation, validation and the flow LP optimum."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qadam.engines.allocation import AllocationProblem, evaluate
from qadam.engines.routing import Routing, route_supply


def cube(*rows: list[float]) -> np.ndarray[Any, np.dtype[np.float64]]:
    """One specialty, one year: a (1, n, 1) array from a list of cells."""
    return np.array(rows, np.float64).reshape(1, -1, 1)


def route(supply: list[float], regional: list[float], mega: list[float]) -> Routing:
    return route_supply(cube(*supply), cube(*regional), cube(*mega))


# ------------------------------------------------------------------------- hand-computed cases


def test_megaprojects_take_surplus_first_in_proportion_to_it() -> None:
    # Surplus 6 and 4 in regions 0 and 1; the megaproject's 5 hires take 3 and 2 of it.
    r = route([10, 12, 5], [4, 8, 9], [5])
    np.testing.assert_allclose(r.to_megaprojects.ravel(), [3, 2, 0])
    np.testing.assert_allclose(r.surplus.ravel(), [3, 2, 0])
    np.testing.assert_allclose(r.regional_filled.ravel(), [4, 8, 5])
    np.testing.assert_allclose(r.regional_shortfall.ravel(), [0, 0, 4])
    np.testing.assert_allclose(r.megaproject_filled.ravel(), [5])
    np.testing.assert_allclose(r.megaproject_shortfall.ravel(), [0])


def test_beyond_the_surplus_regions_give_in_proportion_to_the_supply_they_keep() -> None:
    # Surplus 6 + 4 = 10 of the 18 hires; the other 8 are half of the 4 + 8 + 4 kept.
    r = route([10, 12, 4], [4, 8, 8], [12, 6])
    np.testing.assert_allclose(r.to_megaprojects.ravel(), [8, 8, 2])
    np.testing.assert_allclose(r.regional_filled.ravel(), [2, 4, 2])
    np.testing.assert_allclose(r.regional_shortfall.ravel(), [2, 4, 6])
    np.testing.assert_allclose(r.surplus.ravel(), [0, 0, 0])
    np.testing.assert_allclose(r.megaproject_filled.ravel(), [12, 6])
    assert r.weighted_shortfall(1.0, 2.0) == pytest.approx(12.0)


def test_without_megaprojects_supply_fills_its_own_region() -> None:
    supply, regional = cube(10, 3), cube(4, 5)
    for mega in (np.zeros((1, 0, 1)), np.zeros((1, 2, 1))):
        r = route_supply(supply, regional, mega)
        np.testing.assert_allclose(r.to_megaprojects.ravel(), [0, 0])
        np.testing.assert_allclose(r.regional_filled.ravel(), [4, 3])
        np.testing.assert_allclose(r.regional_shortfall.ravel(), [0, 2])
        np.testing.assert_allclose(r.surplus.ravel(), [6, 0])
        assert r.megaproject_filled.shape == mega.shape


def test_megaprojects_larger_than_national_supply_take_all_of_it() -> None:
    # 8 graduates for 12 + 4 hires: each megaproject gets half of its demand.
    r = route([3, 5], [2, 2], [12, 4])
    np.testing.assert_allclose(r.to_megaprojects.ravel(), [3, 5])
    np.testing.assert_allclose(r.megaproject_filled.ravel(), [6, 2])
    np.testing.assert_allclose(r.megaproject_shortfall.ravel(), [6, 2])
    np.testing.assert_allclose(r.regional_filled.ravel(), [0, 0])
    np.testing.assert_allclose(r.regional_shortfall.ravel(), [2, 2])
    np.testing.assert_allclose(r.megaproject_shortfall_total, [[8]])


def test_specialties_and_years_are_routed_independently() -> None:
    cases = [
        ([10, 12, 5], [4, 8, 9], [5, 0]),
        ([3, 5, 0], [2, 2, 1], [12, 4]),
        ([1, 0, 0], [0, 0, 0], [0, 0]),
    ]

    def stacked(k: int) -> Any:
        """Argument k of case s as specialty s in year 0 and specialty 2 - s in year 1."""
        rows = np.array([case[k] for case in cases], np.float64)
        return np.stack([rows, rows[::-1]], axis=2)

    r = route_supply(stacked(0), stacked(1), stacked(2))
    for s, (sup, reg, mp) in enumerate(cases):
        one = route(sup, reg, mp)
        for h, s_at in ((0, s), (1, len(cases) - 1 - s)):
            np.testing.assert_allclose(r.to_megaprojects[s_at, :, h], one.to_megaprojects[0, :, 0])
            np.testing.assert_allclose(
                r.megaproject_filled[s_at, :, h], one.megaproject_filled[0, :, 0]
            )
            np.testing.assert_allclose(r.surplus[s_at, :, h], one.surplus[0, :, 0])


# -------------------------------------------------------------------------------- conservation


def assert_conserved(r: Routing, supply: Any, regional: Any, mega: Any) -> None:
    for name in ("to_megaprojects", "megaproject_filled", "megaproject_shortfall",
                 "regional_filled", "regional_shortfall", "surplus"):  # fmt: skip
        assert np.all(getattr(r, name) >= 0), name
    np.testing.assert_allclose(r.to_megaprojects + r.regional_filled + r.surplus, supply,
                               rtol=1e-12, atol=1e-9)  # fmt: skip
    np.testing.assert_allclose(r.regional_filled + r.regional_shortfall, regional, atol=1e-9)
    np.testing.assert_allclose(r.megaproject_filled + r.megaproject_shortfall, mega, atol=1e-9)
    np.testing.assert_allclose(r.to_megaprojects_total, r.megaproject_filled.sum(axis=1),
                               rtol=1e-12, atol=1e-9)  # fmt: skip
    # No region keeps surplus graduates while its own openings go unfilled.
    assert np.all(np.minimum(r.surplus, r.regional_shortfall) <= 1e-9)


cell = st.sampled_from([0.0, 1.0, 2.0, 5.0]) | st.floats(0.0, 100.0)


@st.composite
def instances(
    draw: st.DrawFn, max_s: int = 3, max_r: int = 4, max_m: int = 2, max_h: int = 3
) -> tuple[Any, Any, Any]:
    s, r = draw(st.integers(1, max_s)), draw(st.integers(1, max_r))
    m, h = draw(st.integers(0, max_m)), draw(st.integers(1, max_h))

    def array(*shape: int) -> Any:
        n = int(np.prod(shape))
        return np.array(draw(st.lists(cell, min_size=n, max_size=n)), np.float64).reshape(shape)

    return array(s, r, h), array(s, r, h), array(s, m, h)


@given(instances())
def test_every_graduate_and_opening_is_accounted_for(inst: tuple[Any, Any, Any]) -> None:
    assert_conserved(route_supply(*inst), *inst)


def test_national_size() -> None:
    rng = np.random.default_rng(0)
    supply = rng.gamma(1.0, 50.0, (150, 20, 15))
    regional = rng.gamma(1.0, 50.0, (150, 20, 15))
    mega = rng.gamma(1.0, 200.0, (150, 3, 15))
    r = route_supply(supply, regional, mega)
    assert_conserved(r, supply, regional, mega)
    assert r.megaproject_shortfall_total.shape == (150, 15)


def test_integer_arrays_are_accepted() -> None:
    r = route_supply(np.array([[[4]]]), np.array([[[1]]]), np.array([[[2]]]))
    np.testing.assert_allclose(r.surplus, [[[1.0]]])


# ---------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-cube(0, 1), cube(1, 1), cube(1)), r"supply\[0, 1, 0\] = -1.0 is negative"),
        (
            (cube(1, 1), cube(1, np.nan), cube(1)),
            r"regional_demand\[0, 1, 0\] = nan is not a finite",
        ),
        (
            (cube(1, 1), cube(1, 1), cube(np.inf)),
            r"megaproject_demand\[0, 0, 0\] = inf is not a finite",
        ),
        (
            (cube(1, 1), cube(1, 1, 1), cube(1)),
            r"regional_demand has shape \(1, 3, 1\), expected \(1, 2, 1\)",
        ),
        (
            (cube(1, 1), cube(1, 1), np.zeros((2, 1, 1))),
            r"megaproject_demand has shape \(2, 1, 1\), expected \(1, n_megaprojects, 1\)",
        ),
        ((cube(1, 1), cube(1, 1), np.zeros((1, 1, 2))), r"expected \(1, n_megaprojects, 1\)"),
        (
            (np.ones((2, 2)), np.ones((2, 2)), np.ones((2, 0))),
            r"supply has shape \(2, 2\), expected \(n_specialties, n_regions, n_years\)",
        ),
        (([[[1.0]]], cube(1), cube(1)), r"supply has shape list"),
        ((cube(1).astype(str), cube(1), cube(1)), r"supply must be a numeric array"),
    ],
)
def test_validation_names_the_array_and_index(args: tuple[Any, Any, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        route_supply(*args)


# ------------------------------------------------------------------------------- flow LP optimum


def flow_lp(supply: Any, regional: Any, mega: Any) -> AllocationProblem:
    """One program per (s, r) with its graduates as capacity, serving its regional cell
    (weight 1) and every megaproject of its specialty (weight 2); no seat rule binds."""
    n_s, n_r, _ = supply.shape
    n_m = mega.shape[1]
    programs = np.arange(n_s * n_r)
    spec = programs // n_r
    mega_cells = n_s * n_r + spec[:, None] * n_m + np.arange(n_m)[None, :]
    serves = np.concatenate([programs[:, None], mega_cells], axis=1)
    return AllocationProblem(
        capacity=supply[:, :, 0].ravel(),
        cost=np.zeros(programs.size),
        graduate_yield=np.ones(programs.size),
        technical=np.ones(programs.size, bool),
        region=programs % n_r,
        serves_indptr=np.arange(programs.size + 1) * (1 + n_m),
        serves_cell=serves.ravel(),
        demand=np.concatenate([regional[:, :, 0].ravel(), mega[:, :, 0].ravel()]),
        weight=np.concatenate([np.ones(n_s * n_r), np.full(n_s * n_m, 2.0)]),
        total_seats=1e12,
        budget=1e12,
        min_technical_share=0.0,
        min_region_seats=np.zeros(n_r),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_h=1))
def test_closed_form_matches_the_flow_lp(inst: tuple[Any, Any, Any]) -> None:
    supply, regional, mega = inst
    problem = flow_lp(supply, regional, mega)
    lp = evaluate(problem, seats=problem.capacity)
    r = route_supply(supply, regional, mega)
    assert r.weighted_shortfall(1.0, 2.0) == pytest.approx(lp.objective, rel=1e-6, abs=1e-6)
    n_s, n_r, _ = supply.shape
    lp_mega = lp.shortfall[n_s * n_r :].reshape(n_s, -1).sum(axis=1)
    np.testing.assert_allclose(r.megaproject_shortfall_total[:, 0], lp_mega, rtol=1e-6, atol=1e-6)


def test_reach_limits_what_a_megaproject_recruits_from_other_regions():
    # one specialty, two regions, one megaproject in region 0; 10% of region 1 may move
    supply = np.array([[[5.0], [100.0]]])
    regional = np.array([[[5.0], [20.0]]])
    mega = np.array([[[30.0]]])
    routing = route_supply(supply, regional, mega, reach=np.array([[1.0], [0.1]]))
    # region 1 can send 10 (its surplus of 80 covers it); region 0 gives its own 5
    assert routing.megaproject_filled[0, 0, 0] == pytest.approx(15.0)
    assert routing.to_megaprojects[0, :, 0] == pytest.approx([5.0, 10.0])
    assert routing.regional_shortfall[0, :, 0] == pytest.approx([5.0, 0.0])
    assert routing.surplus[0, :, 0] == pytest.approx([0.0, 70.0])


def test_full_reach_is_the_unlimited_routing():
    rng = np.random.default_rng(3)
    supply = rng.uniform(0, 50, (4, 5, 3))
    regional = rng.uniform(0, 50, (4, 5, 3))
    mega = rng.uniform(0, 80, (4, 1, 3))
    plain = route_supply(supply, regional, mega)
    reached = route_supply(supply, regional, mega, reach=np.ones((5, 1)))
    for name in ("megaproject_filled", "regional_shortfall", "surplus", "to_megaprojects"):
        assert getattr(reached, name) == pytest.approx(getattr(plain, name))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_reach_routing_conserves_people(seed):
    rng = np.random.default_rng(seed)
    supply = rng.uniform(0, 30, (2, 3, 2))
    regional = rng.uniform(0, 30, (2, 3, 2))
    mega = rng.uniform(0, 40, (2, 2, 2))
    reach = rng.uniform(0, 1, (3, 2))
    r = route_supply(supply, regional, mega, reach=reach)
    assert r.to_megaprojects + r.regional_filled + r.surplus == pytest.approx(supply)
    assert r.regional_filled + r.regional_shortfall == pytest.approx(regional)
    assert r.megaproject_filled.sum(axis=1) == pytest.approx(r.to_megaprojects.sum(axis=1))
    assert (r.to_megaprojects >= -1e-9).all() and (r.surplus >= -1e-9).all()


def test_reach_above_one_is_refused():
    with pytest.raises(ValueError, match=r"reach\[0, 0\] = 1.5 is above 1"):
        route_supply(np.ones((1, 1, 1)), np.ones((1, 1, 1)), np.ones((1, 1, 1)),
                     reach=np.array([[1.5]]))  # fmt: skip


def _reach_lp(supply, regional, mega, reach) -> AllocationProblem:
    """One megaproject: per (s, r) a mobile program (reach share, serves both cells) and a
    staying one (serves its region only)."""
    n_s, n_r, _ = supply.shape
    caps, indptr, cells = [], [0], []
    for s in range(n_s):
        for r in range(n_r):
            own = s * n_r + r
            for share, serves in ((reach[r, 0], [own, n_s * n_r + s]), (1 - reach[r, 0], [own])):
                caps.append(supply[s, r, 0] * share)
                cells.extend(serves)
                indptr.append(len(cells))
    n = len(caps)
    return AllocationProblem(
        capacity=np.array(caps),
        cost=np.zeros(n),
        graduate_yield=np.ones(n),
        technical=np.ones(n, bool),
        region=np.zeros(n, np.int64),
        serves_indptr=np.array(indptr, np.int64),
        serves_cell=np.array(cells, np.int64),
        demand=np.concatenate([regional[:, :, 0].ravel(), mega[:, 0, 0]]),
        weight=np.concatenate([np.ones(n_s * n_r), np.full(n_s, 2.0)]),
        total_seats=1e12,
        budget=1e12,
        min_technical_share=0.0,
        min_region_seats=np.zeros(1),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_reach_routing_matches_the_flow_lp_for_one_megaproject(seed):
    rng = np.random.default_rng(seed)
    n_s, n_r = rng.integers(1, 4), rng.integers(1, 5)
    supply = rng.integers(0, 40, (n_s, n_r, 1)).astype(float)
    regional = rng.integers(0, 40, (n_s, n_r, 1)).astype(float)
    mega = rng.integers(0, 60, (n_s, 1, 1)).astype(float)
    reach = rng.uniform(0, 1, (n_r, 1))
    problem = _reach_lp(supply, regional, mega, reach)
    lp = evaluate(problem, seats=problem.capacity)
    r = route_supply(supply, regional, mega, reach=reach)
    assert r.weighted_shortfall(1.0, 2.0) == pytest.approx(lp.objective, rel=1e-6, abs=1e-6)
