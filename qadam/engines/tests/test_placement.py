"""Placement engine: hand-checked matchings, input errors, and properties on random instances.

Small instances are written as per-student lists of (offer, score), most preferred first;
an offer prefers higher scores and, on equal scores, the lower student index.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qadam.engines.placement import (
    Explanation,
    PlacementProblem,
    PlacementResult,
    blocking_pairs,
    explain,
    explain_stored,
    match,
)

Prefs = list[list[tuple[int, float]]]

# Gale-Shapley's cyclic 3x3 instance: every student's first choice ranks them last, so the
# two sides' optimal matchings differ completely and a third stable matching lies between.
# Offer priorities: o0: s1 > s2 > s0, o1: s2 > s0 > s1, o2: s0 > s1 > s2.
CYCLIC: Prefs = [
    [(0, 1.0), (1, 2.0), (2, 3.0)],
    [(1, 1.0), (2, 2.0), (0, 3.0)],
    [(2, 1.0), (0, 2.0), (1, 3.0)],
]

# Capacities, a chain of evictions, a tie and an empty list. o0 has 2 seats, o1 one.
# o0 ranks s1 (70) > s2 (60) > s3 (60, loses the tie to s2) > s0 (50); o1: s2 > s0 > s3.
HOSPITALS: Prefs = [
    [(0, 50.0), (1, 80.0)],
    [(0, 70.0)],
    [(0, 60.0), (1, 90.0)],
    [(1, 40.0), (0, 60.0)],
    [],
]


def build(
    prefs: Sequence[Sequence[tuple[int, float]]], capacity: Sequence[int]
) -> PlacementProblem:
    return PlacementProblem.from_lists(prefs, capacity)


def assert_result(
    result: PlacementResult, assignment: list[int], cutoff: list[float], proposals: int
) -> None:
    assert result.assignment.dtype == np.int32
    assert result.cutoff.dtype == np.float64
    assert result.assignment.tolist() == assignment
    assert result.cutoff.tolist() == cutoff
    assert result.proposals == proposals


# ------------------------------------------------------------------- hand-checked cases


def test_cyclic_instance_gives_each_side_its_first_choices() -> None:
    problem = build(CYCLIC, [1, 1, 1])
    # Students' first choices do not collide: one proposal each, all accepted.
    assert_result(match(problem), [0, 1, 2], [1.0, 1.0, 1.0], 3)
    # Offers' first choices do not collide either: o0 gets s1, o1 gets s2, o2 gets s0.
    assert_result(match(problem, proposing="offers"), [2, 0, 1], [3.0, 3.0, 3.0], 3)


def test_cyclic_instance_blocking_pairs() -> None:
    problem = build(CYCLIC, [1, 1, 1])
    # Everyone at their second choice is stable too.
    assert blocking_pairs(problem, np.array([1, 2, 0])).shape == (0, 2)
    # s2 sits at its last choice o1 while o0 holds s0, whom o0 ranks below s2.
    assert blocking_pairs(problem, np.array([0, 2, 1])).tolist() == [[2, 0]]
    # Nobody placed: every application blocks, in student then rank order.
    everyone = blocking_pairs(problem, np.full(3, -1))
    assert everyone.tolist() == [
        [0, 0],
        [0, 1],
        [0, 2],
        [1, 1],
        [1, 2],
        [1, 0],
        [2, 2],
        [2, 0],
        [2, 1],
    ]


def test_capacities_evictions_and_tie_student_side() -> None:
    # s0 takes o0, s1 fills it, s2 (60) evicts s0 (50); s0 takes o1; s3 is refused by o1
    # (40 < 80) and by o0 (60 ties s2, who has the lower index). s4 applies nowhere.
    result = match(build(HOSPITALS, [2, 1]))
    assert_result(result, [1, 0, 0, -1, -1], [60.0, 80.0], 6)


def test_capacities_offer_side_reaches_same_unique_matching() -> None:
    # o0 proposes to s1 and s2, o1 to s2, who keeps o0; o1 then proposes to s0.
    result = match(build(HOSPITALS, [2, 1]), proposing="offers")
    assert_result(result, [1, 0, 0, -1, -1], [60.0, 80.0], 4)


def test_many_to_one_sides_differ() -> None:
    # o0 (2 seats) ranks s0 > s2 > s1; o1 (1 seat) ranks s1 > s0 > s2.
    prefs: Prefs = [
        [(1, 1.0), (0, 3.0)],
        [(0, 1.0), (1, 2.0)],
        [(0, 2.0), (1, 0.0)],
    ]
    problem = build(prefs, [2, 1])
    # Students all get their first choice.
    assert_result(match(problem), [1, 0, 0], [1.0, 1.0], 3)
    # Offers propose to their favourites (o0: s0, s2; o1: s1); nobody gets two proposals.
    offers = match(problem, proposing="offers")
    assert_result(offers, [0, 1, 0], [2.0, 2.0], 3)
    assert blocking_pairs(problem, offers.assignment).shape == (0, 2)
    [why] = explain(problem, offers, 0)
    assert (why.offer, why.rank, why.reason, why.cutoff, why.student_score) == (
        1,
        1,
        "full",
        2.0,
        1.0,
    )


def test_tie_goes_to_lower_index_even_when_it_arrives_later() -> None:
    # s1 sits at o0 first; s0 arrives after being evicted from o1 by s2 and, with the same
    # score 5, takes the seat from s1 because of its lower index.
    prefs: Prefs = [[(1, 1.0), (0, 5.0)], [(0, 5.0)], [(1, 9.0)]]
    problem = build(prefs, [1, 1])
    assert_result(match(problem), [0, -1, 1], [5.0, 9.0], 4)
    assert_result(match(problem, proposing="offers"), [0, -1, 1], [5.0, 9.0], 2)
    [why] = explain(problem, match(problem), 1)
    assert why.reason == "tie"
    assert why.message == (
        "Offer 0 filled its 1 seat; the lowest admitted score was 5.0, the same as yours, "
        "and ties go to the applicant with the lower index."
    )


def test_all_equal_scores_fill_by_index() -> None:
    prefs: Prefs = [[(0, 7.0)] for _ in range(5)]
    for side in ("students", "offers"):
        result = match(build(prefs, [2]), proposing=side)
        assert result.assignment.tolist() == [0, 0, -1, -1, -1]
        assert result.cutoff.tolist() == [7.0]


def test_zero_capacity_offer_admits_nobody() -> None:
    prefs: Prefs = [[(0, 10.0), (1, 10.0)], [(1, 20.0)]]
    problem = build(prefs, [0, 1])
    for side in ("students", "offers"):
        result = match(problem, proposing=side)
        assert result.assignment.tolist() == [-1, 1]
        assert result.cutoff.tolist() == [np.inf, 20.0]
    assert match(problem).proposals == 3
    no_seats, full = explain(problem, match(problem), 0)
    assert (no_seats.offer, no_seats.reason, no_seats.rank) == (0, "no_seats", 1)
    assert no_seats.message == "Offer 0 has no seats."
    assert (full.offer, full.reason, full.rank, full.cutoff, full.student_score) == (
        1,
        "full",
        2,
        20.0,
        10.0,
    )


def test_empty_problem_and_empty_lists() -> None:
    for side in ("students", "offers"):
        assert_result(match(build([], []), proposing=side), [], [], 0)
        # Students without applications and an offer nobody applied to.
        assert_result(match(build([[], []], [3]), proposing=side), [-1, -1], [-np.inf], 0)
    assert explain(build([[], []], [3]), match(build([[], []], [3])), 1) == []


def test_seats_left_means_minus_infinity_cutoff_and_huge_capacity_is_cheap() -> None:
    prefs: Prefs = [[(0, 1.0), (1, 5.0)], [(0, 2.0)], [(1, 3.0)]]
    result = match(build(prefs, [2**31 - 1, 1]))
    assert result.assignment.tolist() == [0, 0, 1]
    assert result.cutoff.tolist() == [-np.inf, 3.0]


def test_explain_hospitals() -> None:
    problem = build(HOSPITALS, [2, 1])
    result = match(problem)
    assert explain(problem, result, 1) == []  # placed at first choice
    assert explain(problem, result, 4) == []  # listed nothing
    assert explain(problem, result, 0) == [Explanation(0, 0, 1, 2, 60.0, 50.0, "full")]
    full, tie = explain(problem, result, 3)  # unplaced: one entry per listed offer
    assert full == Explanation(3, 1, 1, 1, 80.0, 40.0, "full")
    assert tie == Explanation(3, 0, 2, 2, 60.0, 60.0, "tie")
    assert full.message == (
        "Offer 1 filled its 1 seat; the lowest admitted score was 80.0, yours was 40.0."
    )


def test_explain_message_example_and_close_scores() -> None:
    why = Explanation(7, 12, 1, 12, 71.5, 68.0, "full")
    assert why.message == (
        "Offer 12 filled its 12 seats; the lowest admitted score was 71.5, yours was 68.0."
    )
    close = Explanation(7, 12, 1, 3, 68.004, 68.001, "full")
    assert "was 68.004, yours was 68.001" in close.message


def test_explain_refuses_unstable_result() -> None:
    problem = build(CYCLIC, [1, 1, 1])
    unstable = PlacementResult(np.array([0, 2, 1], np.int32), np.array([1.0, 1.0, 2.0]), 0)
    with pytest.raises(ValueError, match="student 2 and offer 0 block it"):
        explain(problem, unstable, 2)
    with pytest.raises(ValueError, match="student 5 is out of range"):
        explain(problem, match(problem), 5)


def test_inputs_with_other_integer_and_float_types_are_accepted() -> None:
    problem = build(HOSPITALS, [2, 1])
    widened = PlacementProblem(
        problem.pref_indptr.astype(np.int32),
        problem.pref_offer.astype(np.int64),
        problem.pref_score.astype(np.float32),
        problem.capacity.astype(np.int64),
    )
    assert match(widened).assignment.tolist() == [1, 0, 0, -1, -1]


# ------------------------------------------------------------------------ invalid input


def valid_18() -> PlacementProblem:
    """18 students applying to offers 0..5 (student i: offers i % 6 and (i + 1) % 6)."""
    return build([[(i % 6, float(i)), ((i + 1) % 6, 1.0)] for i in range(18)], [3] * 6)


def with_arrays(**changes: object) -> PlacementProblem:
    return replace(valid_18(), **changes)


def duplicate_at_17() -> PlacementProblem:
    offers = valid_18().pref_offer.copy()
    offers[2 * 17 : 2 * 17 + 2] = 4  # student 17 lists offer 4 first and second
    return with_arrays(pref_offer=offers)


def replaced(name: str, index: int, value: float) -> PlacementProblem:
    array = getattr(valid_18(), name).copy()
    array[index] = value
    return with_arrays(**{name: array})


INVALID = [
    (with_arrays(pref_indptr=np.zeros((2, 2), np.int64)), "pref_indptr must be one-dimensional"),
    (
        with_arrays(pref_indptr=np.array([], np.int64)),
        r"pref_indptr must have n_students \+ 1 entries, got an empty",
    ),
    (replaced("pref_indptr", 0, 1), "pref_indptr must start at 0, got 1"),
    (replaced("pref_indptr", 18, 35), r"pref_indptr must end at len\(pref_offer\) = 36, got 35"),
    (replaced("pref_indptr", 5, 1), r"student 4 has a decreasing pref_indptr"),
    (with_arrays(pref_score=np.zeros(35)), "pref_score has 35 entries but pref_offer has 36"),
    (with_arrays(pref_offer=np.zeros(36, np.float64)), "pref_offer must hold numbers of kind"),
    (replaced("pref_offer", 7, 6), r"student 3 lists offer 6, which is out of range \(offers"),
    (replaced("pref_offer", 2, -1), "student 1 lists offer -1, which is out of range"),
    (duplicate_at_17(), "^student 17 lists offer 4 twice$"),
    (replaced("capacity", 3, -2), "^offer 3 has negative capacity -2$"),
    (replaced("pref_score", 5, np.nan), "^student 2 has a NaN score for offer 3$"),
]


@pytest.mark.parametrize(("problem", "message"), INVALID)
@pytest.mark.parametrize("side", ["students", "offers"])
def test_invalid_input_is_rejected_with_its_location(
    problem: PlacementProblem, message: str, side: str
) -> None:
    with pytest.raises(ValueError, match=message):
        match(problem, proposing=side)
    with pytest.raises(ValueError, match=message):
        blocking_pairs(problem, np.full(18, -1))


def test_offer_beyond_int32_is_reported_not_wrapped() -> None:
    offers = valid_18().pref_offer.astype(np.int64)
    offers[9] = 2**32 + 1  # would wrap to offer 1 as int32
    with pytest.raises(ValueError, match=f"student 4 lists offer {2**32 + 1}, which is out"):
        match(with_arrays(pref_offer=offers))


def test_first_bad_student_is_reported() -> None:
    offers = valid_18().pref_offer.copy()
    scores = valid_18().pref_score.copy()
    offers[2 * 9] = offers[2 * 9 + 1]  # student 9 duplicates
    scores[2 * 3 + 1] = np.nan  # student 3 has a NaN: reported first
    with pytest.raises(ValueError, match=r"^student 3 has a NaN score"):
        match(with_arrays(pref_offer=offers, pref_score=scores))


def test_unknown_proposing_side() -> None:
    with pytest.raises(ValueError, match="proposing must be 'students' or 'offers', got 'hosp"):
        match(valid_18(), proposing="hospitals")


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        (np.full(17, -1), "assignment has 17 entries for 18 students"),
        (np.array([-1] * 5 + [6] + [-1] * 12), "student 5 is assigned offer 6, which is out of"),
        (np.array([-1] * 5 + [2] + [-1] * 12), "student 5 is assigned offer 2, which they did"),
        (np.array([0, 0, 0, 0] + [-1] * 14), "^offer 0 is assigned 4 students but has 3 seats$"),
    ],
)
def test_blocking_pairs_rejects_impossible_assignments(
    assignment: np.ndarray, message: str
) -> None:
    problem = valid_18()
    offers = problem.pref_offer.copy()
    offers[[2, 4, 6]] = 0  # students 0 to 3 all list offer 0 first (3 seats)
    with pytest.raises(ValueError, match=message):
        blocking_pairs(replace(problem, pref_offer=offers), assignment)


# -------------------------------------------------------------------------- properties


@st.composite
def problems(draw: st.DrawFn, max_students: int = 8, max_offers: int = 5) -> PlacementProblem:
    """Random small instance; scores from {0..3} so ties are common, capacities from {0..3}."""
    n_offers = draw(st.integers(0, max_offers))
    n_students = draw(st.integers(0, max_students))
    capacity = draw(st.lists(st.integers(0, 3), min_size=n_offers, max_size=n_offers))
    prefs: Prefs = []
    for _ in range(n_students):
        order = draw(st.permutations(range(n_offers)))
        length = draw(st.integers(0, n_offers))
        scores = draw(st.lists(st.integers(0, 3), min_size=length, max_size=length))
        prefs.append([(o, float(s)) for o, s in zip(order[:length], scores, strict=True)])
    return build(prefs, capacity)


def rows(problem: PlacementProblem) -> list[list[tuple[int, float]]]:
    """Per-student (offer, score) lists back from the arrays."""
    p = problem.pref_indptr
    return [
        list(
            zip(
                problem.pref_offer[p[i] : p[i + 1]].tolist(),
                problem.pref_score[p[i] : p[i + 1]].tolist(),
                strict=True,
            )
        )
        for i in range(len(p) - 1)
    ]


def rank_of(problem: PlacementProblem, assignment: np.ndarray) -> list[int]:
    """Each student's 0-based rank of their offer; list length when unplaced."""
    out = []
    for i, row in enumerate(rows(problem)):
        offers = [o for o, _ in row]
        out.append(offers.index(int(assignment[i])) if assignment[i] >= 0 else len(offers))
    return out


def reference_blocking_pairs(problem: PlacementProblem, assignment: np.ndarray) -> list[list[int]]:
    """Blocking pairs by the definition, in plain Python."""
    table = rows(problem)
    score = {(i, o): s for i, row in enumerate(table) for o, s in row}
    admitted: dict[int, list[int]] = {}
    for i, o in enumerate(assignment.tolist()):
        admitted.setdefault(o, []).append(i)
    pairs = []
    for i, rank in enumerate(rank_of(problem, assignment)):
        for o, s in table[i][:rank]:
            held = admitted.get(o, [])
            takes = len(held) < problem.capacity[o] or any(
                (s, -i) > (score[(j, o)], -j) for j in held
            )
            if takes:
                pairs.append([i, o])
    return pairs


def check_stable_and_feasible(problem: PlacementProblem, result: PlacementResult) -> None:
    assignment = result.assignment
    placed = assignment[assignment >= 0]
    assert (np.bincount(placed, minlength=len(problem.capacity)) <= problem.capacity).all()
    assert blocking_pairs(problem, assignment).shape == (0, 2)
    assert reference_blocking_pairs(problem, assignment) == []


@settings(max_examples=200, deadline=None)
@given(problems())
def test_both_sides_are_stable_and_within_capacity(problem: PlacementProblem) -> None:
    for side in ("students", "offers"):
        check_stable_and_feasible(problem, match(problem, proposing=side))


@settings(max_examples=200, deadline=None)
@given(problems(), st.data())
def test_blocking_pairs_matches_definition(problem: PlacementProblem, data: st.DataObject) -> None:
    choice = [data.draw(st.sampled_from([-1] + [o for o, _ in row])) for row in rows(problem)]
    assignment = np.array(choice, dtype=np.int64)
    fill = np.bincount(assignment[assignment >= 0], minlength=len(problem.capacity))
    if (fill > problem.capacity).any():
        with pytest.raises(ValueError, match=r"is assigned \d+ students but has"):
            blocking_pairs(problem, assignment)
        return
    got = blocking_pairs(problem, assignment)
    assert got.dtype == np.int64
    assert got.reshape(-1, 2).tolist() == reference_blocking_pairs(problem, assignment)


def solve_with_matching_package(problem: PlacementProblem) -> list[int]:
    """Resident-optimal solution by ``matching``; hospitals rank by (score desc, index asc)."""
    from matching.games import HospitalResident

    table = rows(problem)
    capacity = problem.capacity.tolist()
    # matching cannot take empty resident lists or zero capacities: leave those out, which
    # changes nothing (a zero-capacity offer refuses everyone).
    resident_prefs = {i: [o for o, _ in row if capacity[o] > 0] for i, row in enumerate(table)}
    resident_prefs = {i: prefs for i, prefs in resident_prefs.items() if prefs}
    applicants: dict[int, list[tuple[float, int]]] = {o: [] for o, c in enumerate(capacity) if c}
    for i, row in enumerate(table):
        for o, s in row:
            if capacity[o] > 0:
                applicants[o].append((-s, i))
    hospital_prefs = {o: [i for _, i in sorted(pairs)] for o, pairs in applicants.items()}
    capacities = {o: capacity[o] for o in hospital_prefs}
    assignment = [-1] * len(table)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        for hospital, residents in game.solve(optimal="resident").items():
            for resident in residents:
                assignment[resident.name] = hospital.name
    return assignment


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_student_side_equals_matching_package(problem: PlacementProblem) -> None:
    assert match(problem).assignment.tolist() == solve_with_matching_package(problem)


def all_stable_assignments(problem: PlacementProblem) -> list[np.ndarray]:
    """Every stable assignment, by brute force (tiny instances only)."""
    choices = [[-1] + [o for o, _ in row] for row in rows(problem)]
    stable = []
    for combo in itertools.product(*choices):
        assignment = np.array(combo, dtype=np.int64)
        fill = np.bincount(assignment[assignment >= 0], minlength=len(problem.capacity))
        if (fill <= problem.capacity).all() and reference_blocking_pairs(problem, assignment) == []:
            stable.append(assignment)
    return stable


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_students=5, max_offers=3))
def test_sides_are_the_extreme_stable_matchings(problem: PlacementProblem) -> None:
    """Student-optimal: every student's best stable offer; offer-optimal: every student's worst."""
    ranks = np.array([rank_of(problem, a) for a in all_stable_assignments(problem)])
    best = rank_of(problem, match(problem).assignment)
    worst = rank_of(problem, match(problem, proposing="offers").assignment)
    assert best == ranks.min(axis=0).tolist()
    assert worst == ranks.max(axis=0).tolist()


@settings(max_examples=200, deadline=None)
@given(problems())
def test_students_weakly_prefer_student_side_and_same_students_are_placed(
    problem: PlacementProblem,
) -> None:
    students = match(problem)
    offers = match(problem, proposing="offers")
    s_rank, o_rank = rank_of(problem, students.assignment), rank_of(problem, offers.assignment)
    assert all(s <= o for s, o in zip(s_rank, o_rank, strict=True))
    # Rural hospitals theorem: same students placed, same number of seats filled per offer.
    assert ((students.assignment >= 0) == (offers.assignment >= 0)).all()
    n = len(problem.capacity)
    fill_s = np.bincount(students.assignment[students.assignment >= 0], minlength=n)
    assert (fill_s == np.bincount(offers.assignment[offers.assignment >= 0], minlength=n)).all()


@settings(max_examples=200, deadline=None)
@given(problems())
def test_cutoffs_and_proposals_follow_their_definitions(problem: PlacementProblem) -> None:
    table = rows(problem)
    for side in ("students", "offers"):
        result = match(problem, proposing=side)
        for o, seats in enumerate(problem.capacity.tolist()):
            scores = [
                s
                for i, row in enumerate(table)
                for p, s in row
                if p == o and result.assignment[i] == o
            ]
            expected = np.inf if seats == 0 else min(scores) if len(scores) == seats else -np.inf
            assert result.cutoff[o] == expected
    # Each student proposed down to their placement (inclusive) or through their whole list.
    ranks = rank_of(problem, match(problem).assignment)
    placed = match(problem).assignment >= 0
    assert match(problem).proposals == sum(ranks) + int(placed.sum())


@settings(max_examples=200, deadline=None)
@given(problems())
def test_explanations_agree_with_cutoffs(problem: PlacementProblem) -> None:
    table = rows(problem)
    for side in ("students", "offers"):
        result = match(problem, proposing=side)
        ranks = rank_of(problem, result.assignment)
        for i, row in enumerate(table):
            entries = explain(problem, result, i)
            assert [(e.offer, e.rank) for e in entries] == [
                (o, r + 1) for r, (o, _) in enumerate(row[: ranks[i]])
            ]
            for e in entries:
                assert e.student == i
                assert e.cutoff == result.cutoff[e.offer]
                assert e.capacity == problem.capacity[e.offer]
                assert e.student_score == dict(row)[e.offer]
                if e.reason == "no_seats":
                    assert e.capacity == 0 and e.cutoff == np.inf
                elif e.reason == "full":
                    assert e.student_score < e.cutoff
                else:
                    assert e.reason == "tie" and e.student_score == e.cutoff
                    at_cutoff = [
                        j
                        for j in np.flatnonzero(result.assignment == e.offer)
                        if dict(table[j])[e.offer] == e.cutoff
                    ]
                    assert at_cutoff and max(at_cutoff) < i
                assert e.message.startswith(f"Offer {e.offer} ")


@given(problems())
def test_explain_from_stored_outcome_agrees_with_explain(problem: PlacementProblem) -> None:
    """What the platform stores (scores, capacities, cutoffs, placed choice) explains a
    student exactly as the full problem does."""
    result = match(problem)
    capacity = np.asarray(problem.capacity)
    for student in range(len(problem.pref_indptr) - 1):
        lo, hi = int(problem.pref_indptr[student]), int(problem.pref_indptr[student + 1])
        offers = np.asarray(problem.pref_offer[lo:hi])
        placed = int(result.assignment[student])
        placed_rank = 0 if placed < 0 else int(np.flatnonzero(offers == placed)[0]) + 1
        stored = explain_stored(
            student=student,
            offers=offers,
            scores=np.asarray(problem.pref_score[lo:hi]),
            capacity=capacity[offers],
            cutoff=result.cutoff[offers],
            placed_rank=placed_rank,
        )
        assert stored == explain(problem, result, student)


def test_explain_from_stored_outcome_refuses_an_unstable_one() -> None:
    with pytest.raises(ValueError, match="choice 1 had room"):
        explain_stored(
            student=0,
            offers=np.array([5]),
            scores=np.array([80.0]),
            capacity=np.array([3]),
            cutoff=np.array([70.0]),
            placed_rank=0,
        )
