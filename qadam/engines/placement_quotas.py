"""Deferred acceptance under quotas: reserved seats and caps for classes of applicants.

Pure numpy + numba: nothing of Django. The mechanism and the property it guarantees are
docs/adr/0013-quotas-as-apportioned-reserves-and-caps.md; in short:

- A quota names a group of offers, a class of applicants (a bit of each student's class
  mask), a minimum and a maximum. ``apportion`` splits the group's minimum and maximum
  among its offers in proportion to their seats (largest remainder, ties to the earlier
  offer), before the match, so the shares are published with the round.
- A capped class may not overlap another quota's class at a shared offer (the choice would
  not be substitutable); ``apportion`` refuses that.
- Each offer chooses from the applicants it holds plus a new proposer by ``_choose``: its
  reserved seats first, quota by quota in the published order (the best-scored members of
  the quota's class), then its open seats by score; nobody of a capped class beyond its cap.
  A reserved seat no member of the class takes becomes an open seat (nothing is wasted).
- Students propose (``match``): the result is stable in the sense that no student prefers
  an offer whose choice from its admitted applicants plus that student would take them
  (``blocking_pairs``), every cap holds, and an offer's reserved seats stay short of its
  share only when no member of the class who ranked it above their placement was refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from qadam.engines.placement import (
    PlacementProblem,
    PlacementResult,
    _check_assignment,
    _inline,
    _jit,
    _validate,
)

__all__ = ["GroupQuota", "OfferQuotas", "apportion", "blocking_pairs", "match", "shares"]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

# a student's classes are the bits of an int64
MAX_CLASSES = 63
NO_CAP = -1


@dataclass(frozen=True)
class GroupQuota:
    """A minimum and/or maximum of applicants of class ``klass`` across ``offers``.

    ``offers`` are engine offer indices in the published order; ``minimum`` 0 and
    ``maximum`` None mean no floor and no cap.
    """

    offers: tuple[int, ...]
    klass: int
    minimum: int = 0
    maximum: int | None = None


@dataclass(frozen=True, eq=False)  # eq=False: arrays have no boolean equality
class OfferQuotas:
    """Each offer's shares of the quotas (CSR by offer, in the published order).

    Offer o's constraints are ``indptr[o]:indptr[o + 1]``: the class, the seats reserved for
    it (0: none) and its cap (-1: none). ``student_classes[i]`` has bit c set when student i
    belongs to class c. ``source[k]`` is the index of the GroupQuota a share comes from.
    """

    indptr: np.ndarray  # int64 (n_offers + 1,)
    klass: np.ndarray  # int64
    minimum: np.ndarray  # int64
    maximum: np.ndarray  # int64, -1: no cap
    source: np.ndarray  # int64
    student_classes: np.ndarray  # int64 (n_students,)

    @classmethod
    def none(cls, n_offers: int, n_students: int) -> OfferQuotas:
        """No quotas at all: the match is plain deferred acceptance."""
        empty = np.zeros(0, dtype=np.int64)
        return cls(
            np.zeros(n_offers + 1, np.int64),
            empty,
            empty,
            empty,
            empty,
            np.zeros(n_students, np.int64),
        )


def shares(total: int, seats: np.ndarray) -> I64:
    """``total`` split in proportion to ``seats`` by largest remainder (ties: earlier first).

    Every share is at most its seats; when ``total`` exceeds all the seats, each gets its
    seats.
    """
    seats = np.asarray(seats, dtype=np.int64)
    whole = int(seats.sum())
    if total >= whole:
        return seats.copy()
    exact = seats * total
    base = exact // whole
    remainder = exact - base * whole
    left = total - int(base.sum())
    order = np.lexsort((np.arange(seats.size), -remainder))
    base[order[:left]] += 1
    return base


def apportion(
    quotas: list[GroupQuota], capacity: np.ndarray, student_classes: np.ndarray
) -> OfferQuotas:
    """Each offer's shares of the groups' minimums and maximums (see ``shares``).

    Raises ValueError naming the first quota with an offer out of range, a class out of
    0..62, a negative minimum, or a maximum below its minimum, and when a cap's class
    overlaps another quota's at a shared offer (``_check_caps_disjoint``).
    """
    capacity = np.asarray(capacity, dtype=np.int64)
    classes = np.ascontiguousarray(student_classes, dtype=np.int64)
    parts = []
    for q, quota in enumerate(quotas):
        _check_quota(q, quota, capacity.size)
        offers = np.asarray(quota.offers, dtype=np.int64)
        seats = capacity[offers]
        high = (
            np.full(offers.size, NO_CAP, np.int64)
            if quota.maximum is None
            else shares(quota.maximum, seats)
        )
        parts.append(
            np.stack(
                [
                    offers,
                    np.full(offers.size, quota.klass),
                    shares(quota.minimum, seats),
                    high,
                    np.full(offers.size, q),
                ],
                axis=1,
            )
        )
    table = np.concatenate(parts) if parts else np.zeros((0, 5), np.int64)
    _check_caps_disjoint(quotas, classes)
    table = table[np.argsort(table[:, 0], kind="stable")]  # by offer, quotas in order
    indptr = np.zeros(capacity.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(table[:, 0], minlength=capacity.size), out=indptr[1:])
    return OfferQuotas(
        indptr=indptr,
        klass=table[:, 1].copy(),
        minimum=table[:, 2].copy(),
        maximum=table[:, 3].copy(),
        source=table[:, 4].copy(),
        student_classes=classes,
    )


def _check_caps_disjoint(quotas: list[GroupQuota], student_classes: I64) -> None:
    """Raise when a capped class overlaps another quota's class at a shared offer (some
    student belongs to both).

    Such a cap makes the offer's choice non-substitutable (a member of both classes, taken
    for one quota, spends the other's cap), and deferred acceptance can then end with a
    blocking pair (ADR 0013)."""
    for q1, capped in enumerate(quotas):
        if capped.maximum is None:
            continue
        for q2, other in enumerate(quotas):
            if other.klass == capped.klass or not set(capped.offers) & set(other.offers):
                continue
            both = (student_classes >> capped.klass) & (student_classes >> other.klass) & 1
            if both.any():
                raise ValueError(
                    f"quota {q1} caps class {capped.klass}, which overlaps class "
                    f"{other.klass} of quota {q2} at a shared offer: student "
                    f"{int(np.flatnonzero(both)[0])} belongs to both"
                )


def _check_quota(q: int, quota: GroupQuota, n_offers: int) -> None:
    offers = np.asarray(quota.offers, dtype=np.int64)
    if offers.size and (offers.min() < 0 or offers.max() >= n_offers):
        raise ValueError(f"quota {q} names an offer out of range (0 to {n_offers - 1})")
    if np.unique(offers).size != offers.size:
        raise ValueError(f"quota {q} names an offer twice")
    if not 0 <= quota.klass < MAX_CLASSES:
        raise ValueError(f"quota {q} has class {quota.klass}, outside 0 to {MAX_CLASSES - 1}")
    if quota.minimum < 0:
        raise ValueError(f"quota {q} has a negative minimum {quota.minimum}")
    if quota.maximum is not None and quota.maximum < quota.minimum:
        raise ValueError(f"quota {q} has a maximum {quota.maximum} below its minimum")


# ------------------------------------------------------------------ an offer's choice

Cons = tuple[I64, I64, I64, I64]  # indptr, class, reserved seats, cap (see OfferQuotas)


@_inline
def _caps_allow(member_of: I64, lo: int, hi: int, klass: I64, cap: I64, counts: I64) -> bool:
    """Whether taking a student of classes ``member_of`` keeps every cap in lo:hi."""
    for k in range(lo, hi):
        if cap[k] >= 0 and (member_of >> klass[k]) & 1 and counts[k] >= cap[k]:
            return False
    return True


@_inline
def _take(member_of: int, lo: int, hi: int, klass: I64, counts: I64) -> None:
    for k in range(lo, hi):
        counts[k] += (member_of >> klass[k]) & 1


@_inline
def _reserve(
    k: int,
    cand: I32,
    m: int,
    room: int,
    lo: int,
    hi: int,
    cons: Cons,
    classes: I64,
    counts: I64,
    taken: Bools,
) -> int:
    """Constraint k's reserved seats (at most ``room``) to the best members of its class
    not yet taken whom the caps allow; returns how many it took."""
    klass, reserved, cap = cons[1], cons[2], cons[3]
    c, want, got = klass[k], min(reserved[k], room), 0
    for x in range(m):
        if got >= want:
            break
        member_of = classes[cand[x]]
        if (
            not taken[x]
            and (member_of >> c) & 1
            and _caps_allow(member_of, lo, hi, klass, cap, counts)
        ):
            taken[x] = True
            _take(member_of, lo, hi, klass, counts)
            got += 1
    return got


@_inline
def _choose(
    o: int,
    cand: I32,
    m: int,
    capacity: int,
    cons: Cons,
    classes: I64,
    counts: I64,
    taken: Bools,
    got_out: I64,
) -> int:
    """Offer o's choice among ``cand[:m]`` (best first): sets ``taken``, returns how many.

    Reserved seats first, quota by quota in order, each to the best members of its class the
    caps allow; then open seats to the best of the rest the caps allow. ``counts`` is work
    space indexed like the constraints; ``got_out[k]`` receives how many reserved seats of
    constraint k went to its class. (Arrays are unpacked once: unpacking a tuple of
    arrays in the inner loops would count references at every step.)
    """
    indptr, klass, cap = cons[0], cons[1], cons[3]
    lo, hi = indptr[o], indptr[o + 1]
    for k in range(lo, hi):
        counts[k] = 0
    for x in range(m):
        taken[x] = False
    total = 0
    for k in range(lo, hi):
        got_out[k] = _reserve(k, cand, m, capacity - total, lo, hi, cons, classes, counts, taken)
        total += got_out[k]
    for x in range(m):
        if total >= capacity:
            break
        member_of = classes[cand[x]]
        if not taken[x] and _caps_allow(member_of, lo, hi, klass, cap, counts):
            taken[x] = True
            _take(member_of, lo, hi, klass, counts)
            total += 1
    return total


# ------------------------------------------------------------------ students propose

# per offer: segment start, segment size, number held; held students and scores, best first
Held = tuple[I64, I64, I64, I32, F64]
# candidates, their scores, taken flags; per constraint: class counts, reserved seats taken
Work = tuple[I32, F64, Bools, I64, I64]


@_inline
def _better(s1: float, j1: int, s2: float, j2: int) -> bool:
    """Whether (score s1, student j1) has higher priority than (s2, j2)."""
    return s1 > s2 or (s1 == s2 and j1 < j2)


@_inline
def _merge(base: int, n: int, s: float, j: int, hj: I32, hs: F64, cand: I32, cand_s: F64) -> int:
    """The held students hj/hs[base:base + n] with j inserted at its place, into cand; size."""
    x = 0
    while x < n and _better(hs[base + x], hj[base + x], s, j):
        cand[x], cand_s[x] = hj[base + x], hs[base + x]
        x += 1
    cand[x], cand_s[x] = j, s
    for y in range(x, n):
        cand[y + 1], cand_s[y + 1] = hj[base + y], hs[base + y]
    return n + 1


@_inline
def _insert_plain(
    base: int, n: int, size: int, s: float, j: int, hj: I32, hs: F64
) -> tuple[int, int]:
    """An offer without quotas considers j: it keeps its best ``size``, sorted.
    Returns its new number held and whom it let go (j itself, or -1 for nobody)."""
    out = -1
    if n == size:
        if n == 0 or not _better(s, j, hs[base + n - 1], hj[base + n - 1]):
            return n, j
        out = hj[base + n - 1]
        n -= 1
    x = n
    while x > 0 and _better(s, j, hs[base + x - 1], hj[base + x - 1]):
        hs[base + x], hj[base + x] = hs[base + x - 1], hj[base + x - 1]
        x -= 1
    hs[base + x], hj[base + x] = s, j
    return n + 1, out


@_inline
def _surely_refused(
    o: int,
    s: float,
    j: int,
    capacity: int,
    n: int,
    base: int,
    hj: I32,
    hs: F64,
    classes: I64,
    cons: Cons,
    res_got: I64,
) -> bool:
    """A full offer refuses a newcomer below everyone it holds, unless a reserve of the
    newcomer's class is short: coming last, they change no earlier step of the choice."""
    if n == 0 or n < capacity or _better(s, j, hs[base + n - 1], hj[base + n - 1]):
        return False
    indptr, klass, reserved = cons[0], cons[1], cons[2]
    member_of = classes[j]
    for k in range(indptr[o], indptr[o + 1]):
        if res_got[k] < reserved[k] and (member_of >> klass[k]) & 1:
            return False
    return True


@_inline
def _surely_taken(
    o: int,
    s: float,
    j: int,
    capacity: int,
    n: int,
    base: int,
    hj: I32,
    hs: F64,
    classes: I64,
    cons: Cons,
    counts: I64,
    res_got: I64,
) -> bool:
    """An offer with room takes a newcomer below everyone it holds whom its caps allow:
    coming last, they change no earlier step of the choice, and take the first short reserve
    of their class or else an open seat. Updates the offer's counts when so."""
    if n >= capacity or (n > 0 and _better(s, j, hs[base + n - 1], hj[base + n - 1])):
        return False
    indptr, klass, reserved, cap = cons
    lo, hi = indptr[o], indptr[o + 1]
    member_of = classes[j]
    if not _caps_allow(member_of, lo, hi, klass, cap, counts):
        return False
    for k in range(lo, hi):
        if res_got[k] < reserved[k] and (member_of >> klass[k]) & 1:
            res_got[k] += 1
            break
    _take(member_of, lo, hi, klass, counts)
    hj[base + n], hs[base + n] = j, s
    return True


@_inline
def _rechoose(
    o: int,
    s: float,
    j: int,
    capacity: I64,
    cons: Cons,
    classes: I64,
    held: Held,
    work: Work,
    ring: I32,
    tail: int,
) -> tuple[int, bool]:
    """Offer o chooses again among those it holds and j; whoever else it lets go is queued.
    Returns the queue's tail and whether j was refused."""
    start, size, fill, hj, hs = held
    cand, cand_s, taken, counts, res_got = work
    base = start[o]
    m = _merge(base, fill[o], s, j, hj, hs, cand, cand_s)
    if size[o] == 0:
        taken[0] = False
    else:
        _choose(o, cand, m, capacity[o], cons, classes, counts, taken, res_got)
    k, refused = 0, False
    for x in range(m):
        if taken[x]:
            hj[base + k], hs[base + k] = cand[x], cand_s[x]
            k += 1
        elif cand[x] == j:
            refused = True
        else:
            ring[tail % ring.size] = cand[x]
            tail += 1
    fill[o] = k
    return tail, refused


@_jit
def _students_propose(
    prefs: tuple[I64, I32, F64],
    capacity: I64,
    cons: Cons,
    classes: I64,
    held: Held,
    work: Work,
    next_app: I64,
    ring: I32,
) -> int:
    """Deferred acceptance with each offer's ``_choose``; returns proposals made.

    A free student proposes down their list until an offer keeps them; whoever an offer
    lets go waits in the queue ``ring`` (each free student at most once, so n slots
    suffice). Every array is unpacked once, here: unpacking tuples of arrays in the loop
    would count references at every proposal.
    """
    indptr, offers, scores = prefs
    cons_indptr = cons[0]
    start, size, fill, hj, hs = held
    counts, res_got = work[3], work[4]
    n = ring.size
    for i in range(n):
        ring[i] = i
    head, tail, proposals = 0, n, 0
    while head < tail:
        j = ring[head % n]
        head += 1
        refused = True
        a = next_app[j]
        while refused and a < indptr[j + 1]:
            o, s = offers[a], scores[a]
            a += 1
            base = start[o]
            if cons_indptr[o] == cons_indptr[o + 1]:
                fill[o], out = _insert_plain(base, fill[o], size[o], s, j, hj, hs)
                refused = out == j
                if out >= 0 and not refused:
                    ring[tail % n] = out
                    tail += 1
                continue
            if _surely_refused(o, s, j, capacity[o], fill[o], base, hj, hs, classes, cons, res_got):
                refused = True
            elif _surely_taken(
                o, s, j, capacity[o], fill[o], base, hj, hs, classes, cons, counts, res_got
            ):
                fill[o] += 1
                refused = False
            else:
                tail, refused = _rechoose(o, s, j, capacity, cons, classes, held, work, ring, tail)
        proposals += a - next_app[j]
        next_app[j] = a
    return proposals


def _cons(quotas: OfferQuotas) -> Cons:
    return (
        np.ascontiguousarray(quotas.indptr, dtype=np.int64),
        np.ascontiguousarray(quotas.klass, dtype=np.int64),
        np.ascontiguousarray(quotas.minimum, dtype=np.int64),
        np.ascontiguousarray(quotas.maximum, dtype=np.int64),
    )


def _check_quotas(quotas: OfferQuotas, n_offers: int, n_students: int) -> None:
    if np.asarray(quotas.indptr).size != n_offers + 1:
        raise ValueError(f"quotas.indptr must have {n_offers + 1} entries")
    if np.asarray(quotas.student_classes).size != n_students:
        raise ValueError(f"quotas.student_classes must have {n_students} entries")


def _work(widest: int, n_cons: int) -> Work:
    """Work arrays for an offer's choice among at most ``widest`` candidates."""
    widest += 1
    return (
        np.empty(widest, np.int32),
        np.empty(widest, np.float64),
        np.zeros(widest, np.bool_),
        np.zeros(max(n_cons, 1), np.int64),
        np.zeros(max(n_cons, 1), np.int64),
    )


def match(problem: PlacementProblem, quotas: OfferQuotas) -> PlacementResult:
    """Student-proposing deferred acceptance under the offers' quota shares.

    The result's ``cutoff`` is each full offer's lowest admitted score (-inf while seats
    remain, +inf without seats), as in ``placement.match``; under a quota a student scoring
    above it can still be refused for a cap. ValueError on a malformed problem or quotas.
    """
    c = _validate(problem)
    n_students = c.indptr.size - 1
    _check_quotas(quotas, c.capacity.size, n_students)
    size = np.minimum(c.capacity, c.counts)
    start = np.zeros(size.size + 1, dtype=np.int64)
    np.cumsum(size, out=start[1:])
    held: Held = (
        start,
        size,
        np.zeros(size.size, np.int64),
        np.empty(int(start[-1]), np.int32),
        np.empty(int(start[-1]), np.float64),
    )
    cons = _cons(quotas)
    classes = np.ascontiguousarray(quotas.student_classes, dtype=np.int64)
    proposals = _students_propose(
        (c.indptr, c.offers, c.scores),
        c.capacity,
        cons,
        classes,
        held,
        _work(int(size.max(initial=0)), cons[1].size),
        c.indptr[:-1].copy(),
        np.empty(n_students, np.int32),
    )
    assignment = np.full(n_students, -1, dtype=np.int32)
    cutoff = np.full(size.size, -np.inf)
    _collect(c.capacity, held, assignment, cutoff)
    return PlacementResult(assignment, cutoff, int(proposals))


@_jit
def _collect(capacity: I64, held: Held, assignment: I32, cutoff: F64) -> None:
    start, _, fill, hj, hs = held
    for o in range(capacity.size):
        for k in range(fill[o]):
            assignment[hj[start[o] + k]] = o
        if capacity[o] == 0:
            cutoff[o] = np.inf
        elif fill[o] == capacity[o]:
            cutoff[o] = hs[start[o] + fill[o] - 1]


# ------------------------------------------------------------------ blocking pairs


def _admitted(c: Any, assignment: I64) -> tuple[I64, I64, I32, F64]:
    """Each offer's admitted students, best first (CSR): starts, counts, students, scores."""
    n_students = c.indptr.size - 1
    placed = np.flatnonzero(assignment >= 0)
    app_student = np.repeat(np.arange(n_students), np.diff(c.indptr))
    hit = c.offers == assignment[app_student]
    score_of = np.full(n_students, np.nan)
    score_of[app_student[hit]] = c.scores[hit]
    if np.isnan(score_of[placed]).any():
        i = int(placed[np.isnan(score_of[placed])][0])
        raise ValueError(f"student {i} is assigned offer {assignment[i]}, which they did not list")
    order = np.lexsort((placed, -score_of[placed], assignment[placed]))
    students = placed[order]
    counts = np.bincount(assignment[placed], minlength=c.capacity.size).astype(np.int64)
    starts = np.zeros(c.capacity.size + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return starts, counts, students.astype(np.int32), score_of[students]


@_jit
def _mark_blocking(
    indptr: I64,
    offers: I32,
    scores: F64,
    capacity: I64,
    cons: Cons,
    classes: I64,
    admitted: tuple[I64, I64, I32, F64],
    assignment: I64,
    work: Work,
    mask: Bools,
) -> int:
    """Flag each application whose offer would choose the student from its admitted plus
    them, above the student's placement. Returns the first offer whose own choice from its
    admitted drops one of them (-1: none)."""
    starts, counts, students, adm_scores = admitted
    cand, _, taken, count_work, got_work = work
    for o in range(capacity.size):
        m = counts[o]
        for x in range(m):
            cand[x] = students[starts[o] + x]
        if (
            m > capacity[o]
            or _choose(o, cand, m, capacity[o], cons, classes, count_work, taken, got_work) < m
        ):
            return o
    for i in range(indptr.size - 1):
        for a in range(indptr[i], indptr[i + 1]):
            o = offers[a]
            if o == assignment[i]:
                break
            base, m, x = starts[o], counts[o], 0
            while x < m and (
                adm_scores[base + x] > scores[a]
                or (adm_scores[base + x] == scores[a] and students[base + x] < i)
            ):
                cand[x] = students[base + x]
                x += 1
            at = x
            cand[at] = i
            for y in range(x, m):
                cand[y + 1] = students[base + y]
            if capacity[o] > 0:
                _choose(o, cand, m + 1, capacity[o], cons, classes, count_work, taken, got_work)
                mask[a] = taken[at]
    return -1


def blocking_pairs(
    problem: PlacementProblem, quotas: OfferQuotas, assignment: np.ndarray
) -> np.ndarray:
    """(student, offer) pairs that block ``assignment`` under the quotas, by student and rank.

    A pair blocks when the student ranks the offer above their placement (or is unplaced)
    and the offer's choice from its admitted students plus this one takes them. Raises
    ValueError when an offer's own choice would drop someone it admitted (too many, or a
    cap broken) or a student is placed at an offer they did not list.
    """
    c = _validate(problem)
    _check_quotas(quotas, c.capacity.size, c.indptr.size - 1)
    values = _check_assignment(assignment, c.indptr.size - 1, c.capacity.size)
    admitted = _admitted(c, values)
    cons = _cons(quotas)
    classes = np.ascontiguousarray(quotas.student_classes, dtype=np.int64)
    mask = np.zeros(c.offers.size, dtype=np.bool_)
    work = _work(int(admitted[1].max(initial=0)), cons[1].size)
    bad = _mark_blocking(
        c.indptr, c.offers, c.scores, c.capacity, cons, classes, admitted, values, work, mask
    )
    if bad >= 0:
        raise ValueError(f"offer {bad}'s admitted students break its seats or a quota's cap")
    apps = np.flatnonzero(mask)
    students = np.searchsorted(c.indptr, apps, side="right") - 1
    return np.stack([students, c.offers[apps].astype(np.int64)], axis=1).astype(np.int64)
