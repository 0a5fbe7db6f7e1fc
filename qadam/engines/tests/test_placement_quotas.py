"""Quotas in the placement engine: hand-checked cases, and on random instances the property
ADR 0013 states (no blocking pair the constraints allow, caps never exceeded, reserved seats
short only when no eligible applicant who wanted them was refused).

The tests hold their own plain-Python statement of an offer's choice, so the compiled one is
checked against the definition, not against itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qadam.engines import placement
from qadam.engines.placement import PlacementProblem
from qadam.engines.placement_quotas import (
    GroupQuota,
    OfferQuotas,
    apportion,
    blocking_pairs,
    match,
    shares,
)

Prefs = list[list[tuple[int, float]]]
RURAL = 0


def choose(
    offer: int, candidates: list[int], scores: dict[int, float], q: OfferQuotas, capacity: int
) -> set[int]:
    """The offer's choice, written from the ADR's words."""
    order = sorted(candidates, key=lambda j: (-scores[j], j))
    lo, hi = int(q.indptr[offer]), int(q.indptr[offer + 1])
    shares_ = range(lo, hi)

    def member(j: int, k: int) -> bool:
        return bool((int(q.student_classes[j]) >> int(q.klass[k])) & 1)

    def caps_allow(j: int, chosen: list[int]) -> bool:
        return all(
            q.maximum[k] < 0 or not member(j, k) or sum(member(x, k) for x in chosen) < q.maximum[k]
            for k in shares_
        )

    chosen: list[int] = []
    for k in shares_:
        got = 0
        for j in order:
            if got >= q.minimum[k] or len(chosen) >= capacity:
                break
            if j not in chosen and member(j, k) and caps_allow(j, chosen):
                chosen.append(j)
                got += 1
    for j in order:
        if len(chosen) >= capacity:
            break
        if j not in chosen and caps_allow(j, chosen):
            chosen.append(j)
    return set(chosen)


def score_at(prefs: Prefs, offer: int) -> dict[int, float]:
    return {i: s for i, row in enumerate(prefs) for o, s in row if o == offer}


def reference_blocking(
    prefs: Prefs, capacity: list[int], q: OfferQuotas, assignment: np.ndarray
) -> set[tuple[int, int]]:
    pairs = set()
    for i, row in enumerate(prefs):
        for o, _ in row:
            if o == assignment[i]:
                break
            admitted = [int(j) for j in np.flatnonzero(assignment == o)]
            if i in choose(o, [*admitted, i], score_at(prefs, o), q, capacity[o]):
                pairs.add((i, o))
    return pairs


def test_shares_split_by_seats_with_largest_remainder() -> None:
    assert shares(5, np.array([10, 10, 10])).tolist() == [2, 2, 1]
    assert shares(3, np.array([1, 5, 4])).tolist() == [0, 2, 1]
    assert shares(50, np.array([3, 4])).tolist() == [3, 4]
    assert shares(0, np.array([3, 4])).tolist() == [0, 0]


def test_a_reserved_seat_goes_to_the_best_rural_applicant_before_the_open_seat() -> None:
    # one offer, two seats, one reserved for rural applicants (student 2 only)
    prefs: Prefs = [[(0, 90.0)], [(0, 80.0)], [(0, 50.0)]]
    problem = PlacementProblem.from_lists(prefs, [2])
    quotas = apportion([GroupQuota((0,), RURAL, minimum=1)], [2], np.array([0, 0, 1]))
    result = match(problem, quotas)
    assert result.assignment.tolist() == [0, -1, 0]
    assert placement.match(problem).assignment.tolist() == [0, 0, -1]
    assert len(blocking_pairs(problem, quotas, result.assignment)) == 0


def test_a_reserved_seat_no_one_of_the_class_wants_becomes_open() -> None:
    prefs: Prefs = [[(0, 90.0)], [(0, 80.0)]]
    problem = PlacementProblem.from_lists(prefs, [2])
    quotas = apportion([GroupQuota((0,), RURAL, minimum=2)], [2], np.array([0, 0]))
    assert match(problem, quotas).assignment.tolist() == [0, 0]


def test_a_cap_across_two_offers_is_split_by_seats_and_never_exceeded() -> None:
    # all four are rural; at most 2 across offers 0 and 1 (one seat each by share)
    prefs: Prefs = [[(0, 90.0), (1, 90.0)], [(0, 80.0), (1, 80.0)], [(0, 70.0), (1, 70.0)]]
    problem = PlacementProblem.from_lists(prefs, [2, 2])
    quotas = apportion([GroupQuota((0, 1), RURAL, maximum=2)], [2, 2], np.array([1, 1, 1]))
    result = match(problem, quotas)
    assert result.assignment.tolist() == [0, 1, -1]
    assert len(blocking_pairs(problem, quotas, result.assignment)) == 0


def test_blocking_pairs_refuses_a_broken_cap() -> None:
    prefs: Prefs = [[(0, 90.0)], [(0, 80.0)]]
    problem = PlacementProblem.from_lists(prefs, [2])
    quotas = apportion([GroupQuota((0,), RURAL, maximum=1)], [2], np.array([1, 1]))
    with pytest.raises(ValueError, match="offer 0"):
        blocking_pairs(problem, quotas, np.array([0, 0]))


def test_without_quotas_the_match_is_plain_deferred_acceptance() -> None:
    rng = np.random.default_rng(7)
    prefs: Prefs = [
        [(int(o), float(rng.integers(0, 5))) for o in rng.permutation(6)[:3]] for _ in range(40)
    ]
    problem = PlacementProblem.from_lists(prefs, [3, 0, 5, 2, 4, 1])
    plain = placement.match(problem)
    quoted = match(problem, OfferQuotas.none(6, 40))
    assert quoted.assignment.tolist() == plain.assignment.tolist()
    assert np.array_equal(quoted.cutoff, plain.cutoff)


def test_two_caps_on_overlapping_classes_may_not_share_an_offer() -> None:
    # a student of both classes would make the offer's choice depend on whom else it holds
    # in a way deferred acceptance cannot settle (the ADR's example)
    quotas = [GroupQuota((0,), 0, maximum=1), GroupQuota((0, 1), 1, maximum=1)]
    with pytest.raises(ValueError, match="quota 0 caps class 0, which overlaps class 1"):
        apportion(quotas, [2, 2], np.array([3, 1], np.int64))
    apportion(quotas, [2, 2], np.array([1, 2], np.int64))


def test_a_cap_may_not_overlap_a_reserve_at_a_shared_offer() -> None:
    # a member of both, taken on the reserve, would spend the cap (the ADR's second example)
    quotas = [GroupQuota((0,), 1, minimum=2), GroupQuota((0,), 0, minimum=2, maximum=2)]
    with pytest.raises(ValueError, match="quota 1 caps class 0, which overlaps class 1"):
        apportion(quotas, [3], np.array([0, 1, 3, 2, 3], np.int64))


@pytest.mark.parametrize(
    ("quota", "message"),
    [
        (GroupQuota((3,), RURAL, minimum=1), "out of range"),
        (GroupQuota((0, 0), RURAL, minimum=1), "twice"),
        (GroupQuota((0,), 63, minimum=1), "class 63"),
        (GroupQuota((0,), RURAL, minimum=2, maximum=1), "below its minimum"),
    ],
)
def test_apportion_names_a_malformed_quota(quota: GroupQuota, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        apportion([quota], [1, 1], np.zeros(2, np.int64))


@st.composite
def instances(draw: st.DrawFn) -> tuple[Prefs, list[int], list[GroupQuota], np.ndarray]:
    n_students = draw(st.integers(1, 14))
    n_offers = draw(st.integers(1, 5))
    capacity = draw(st.lists(st.integers(0, 4), min_size=n_offers, max_size=n_offers))
    prefs: Prefs = []
    for _ in range(n_students):
        offers = draw(st.permutations(range(n_offers)))[: draw(st.integers(0, n_offers))]
        prefs.append([(o, float(draw(st.integers(0, 4)))) for o in offers])
    # classes 0-2 are disjoint (say home regions: a student has at most one), 3 and 4
    # overlap everything (say rural, disability); only disjoint classes may share a cap
    home = draw(st.lists(st.integers(-1, 2), min_size=n_students, max_size=n_students))
    other = draw(st.lists(st.integers(0, 3), min_size=n_students, max_size=n_students))
    classes = np.array(
        [(0 if h < 0 else 1 << h) | (x << 3) for h, x in zip(home, other, strict=True)],
        np.int64,
    )
    quotas = []
    for _ in range(draw(st.integers(0, 3))):
        group = tuple(sorted(draw(st.sets(st.integers(0, n_offers - 1), min_size=1))))
        minimum = draw(st.integers(0, 4))
        maximum = draw(st.none() | st.integers(minimum, 8))
        quotas.append(GroupQuota(group, draw(st.integers(0, 4)), minimum, maximum))
    try:  # caps on classes that overlap another quota's at a shared offer are refused
        apportion(quotas, capacity, classes)
    except ValueError:
        assume(False)
    return prefs, capacity, quotas, classes


def members_at(q: OfferQuotas, k: int, assignment: np.ndarray, offer: int) -> int:
    at = np.flatnonzero(assignment == offer)
    return int(((q.student_classes[at] >> q.klass[k]) & 1).sum())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_match_is_stable_under_the_quotas_and_keeps_their_bounds(
    instance: tuple[Prefs, list[int], list[GroupQuota], np.ndarray],
) -> None:
    prefs, capacity, group_quotas, classes = instance
    problem = PlacementProblem.from_lists(prefs, capacity)
    q = apportion(group_quotas, capacity, classes)
    result = match(problem, q)
    assignment = result.assignment
    # every offer's own choice keeps whom it admitted: seats and caps hold
    for o in range(len(capacity)):
        admitted = [int(j) for j in np.flatnonzero(assignment == o)]
        assert choose(o, admitted, score_at(prefs, o), q, capacity[o]) == set(admitted)
    # no blocking pair the constraints allow, by the definition and by the engine's check
    assert reference_blocking(prefs, capacity, q, assignment) == set()
    assert len(blocking_pairs(problem, q, assignment)) == 0
    # maximums are never exceeded across a group
    for quota in group_quotas:
        in_group = np.isin(assignment, quota.offers)
        members = ((classes[in_group] >> quota.klass) & 1).sum()
        assert quota.maximum is None or members <= quota.maximum
    # a reserved share stays short only when every member of its class who wanted the
    # offer more than their placement is one its caps or earlier reserves shut out
    for o in range(len(capacity)):
        admitted = [int(j) for j in np.flatnonzero(assignment == o)]
        for k in range(int(q.indptr[o]), int(q.indptr[o + 1])):
            if members_at(q, k, assignment, o) >= q.minimum[k]:
                continue
            for i, row in enumerate(prefs):
                ranked = [x for x, _ in row]
                if o not in ranked or not (classes[i] >> q.klass[k]) & 1:
                    continue
                placed = assignment[i]
                if placed >= 0 and ranked.index(placed) <= ranked.index(o):
                    continue
                assert i not in choose(o, [*admitted, i], score_at(prefs, o), q, capacity[o])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.data())
def test_blocking_pairs_agrees_with_the_definition_on_any_assignment(
    instance: tuple[Prefs, list[int], list[GroupQuota], np.ndarray], data: st.DataObject
) -> None:
    prefs, capacity, group_quotas, classes = instance
    problem = PlacementProblem.from_lists(prefs, capacity)
    q = apportion(group_quotas, capacity, classes)
    assignment = np.array(
        [data.draw(st.sampled_from([-1, *[o for o, _ in row]])) for row in prefs], np.int64
    )
    feasible = all(
        choose(o, list(np.flatnonzero(assignment == o)), score_at(prefs, o), q, capacity[o])
        == set(np.flatnonzero(assignment == o).tolist())
        for o in range(len(capacity))
    )
    if not feasible:
        with pytest.raises(ValueError, match="break its seats"):
            blocking_pairs(problem, q, assignment)
        return
    found = {(int(i), int(o)) for i, o in blocking_pairs(problem, q, assignment)}
    assert found == reference_blocking(prefs, capacity, q, assignment)
