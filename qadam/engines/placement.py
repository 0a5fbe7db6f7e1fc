"""Stable placement of students into offers by deferred acceptance.

Pure numpy + numba: this module imports nothing from Django or from the rest of Qadam.

A problem lists, for every student, the offers they apply to (most preferred first) and the
score each offer gives them. An offer prefers higher scores; equal scores at one offer go to
the student with the lower index, so an offer's priority key is (score desc, student asc).

``match`` returns the student-optimal stable matching (students propose) or the offer-optimal
one (offers propose). ``blocking_pairs`` checks any assignment for stability and ``explain``
tells a student why each offer they preferred did not take them.

Work arrays are made with numpy on the Python side and handed to the compiled kernels, so
the memory a call uses is plain to see (and to ``tracemalloc``); only the offer side's
per-offer sort allocates inside compiled code, a few small temporaries per offer.

Performance at national scale (556,000 students x 20 applications, 2-core machine; see
bench/placement.py): validation is one compiled pass over the applications (~20 ms);
``match`` with students proposing takes about 0.17 s and 15 MB of work memory; with offers
proposing, about 0.75 s and 65 MB.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt

__all__ = [
    "VERSION",
    "Explanation",
    "PlacementProblem",
    "PlacementResult",
    "blocking_pairs",
    "explain",
    "match",
]

# Deferred acceptance, as every round's certificate names it: bump it whenever the same
# problem could match differently.
VERSION = "1.0"

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
SignedInts = npt.NDArray[np.signedinteger[Any]]

_F = TypeVar("_F", bound=Callable[..., Any])

# Application indices and student indices are stored as int32 to halve memory traffic.
_MAX_INDEX = int(np.iinfo(np.int32).max)

# Codes returned by the application scan; 0 means every application is valid.
_OUT_OF_RANGE = 1
_DUPLICATE = 2
_NAN_SCORE = 3


def _jit(func: _F) -> _F:
    """Compile ``func`` in nopython mode, cached on disk, releasing the GIL."""
    return cast(_F, numba.njit(cache=True, nogil=True)(func))


def _inline(func: _F) -> _F:
    """Like ``_jit`` but inlined into callers by numba: small hot helpers taking array tuples
    would otherwise pay a call and reference counting per use."""
    return cast(_F, numba.njit(cache=True, nogil=True, inline="always")(func))


@dataclass(frozen=True, eq=False)  # eq=False: arrays have no boolean equality
class PlacementProblem:
    """Students' ranked applications with scores, and offer capacities (CSR layout).

    Student ``i`` applies to ``pref_offer[pref_indptr[i]:pref_indptr[i + 1]]``, most preferred
    first; ``pref_score`` holds the matching offer's score for that student (higher wins).
    Equal scores at one offer: the student with the lower index wins.
    """

    pref_indptr: np.ndarray  # int64, (n_students + 1,)
    pref_offer: np.ndarray  # int32, (n_applications,)
    pref_score: np.ndarray  # float64, (n_applications,)
    capacity: np.ndarray  # int32, (n_offers,)

    @property
    def n_students(self) -> int:
        """Number of students (rows of the preference table)."""
        return len(self.pref_indptr) - 1

    @property
    def n_offers(self) -> int:
        """Number of offers."""
        return len(self.capacity)

    @classmethod
    def from_lists(
        cls, preferences: Sequence[Sequence[tuple[int, float]]], capacity: Sequence[int]
    ) -> PlacementProblem:
        """Build a problem from per-student lists of ``(offer, score)``, most preferred first.

        No validation happens here; ``match`` validates.
        """
        lengths = np.array([len(row) for row in preferences], dtype=np.int64)
        indptr = np.zeros(len(preferences) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        flat = [pair for row in preferences for pair in row]
        return cls(
            pref_indptr=indptr,
            pref_offer=np.array([o for o, _ in flat], dtype=np.int32),
            pref_score=np.array([s for _, s in flat], dtype=np.float64),
            capacity=np.array(capacity, dtype=np.int32),
        )


@dataclass(frozen=True, eq=False)  # eq=False: arrays have no boolean equality
class PlacementResult:
    """A stable matching.

    ``assignment[i]`` is student i's offer or -1. ``cutoff[o]`` is the lowest admitted score
    when offer o is full, -inf while seats remain, and +inf for an offer with no seats at all
    (nobody can be admitted). ``proposals`` counts the proposals made, each considering one
    application.
    """

    assignment: np.ndarray  # int32, (n_students,)
    cutoff: np.ndarray  # float64, (n_offers,)
    proposals: int


@dataclass(frozen=True)
class Explanation:
    """Why a student is not placed at one offer they ranked above their placement.

    ``rank`` is 1-based (1 = first choice). ``reason`` is one of:

    - ``"full"``: every seat went to a student with a higher score (``cutoff > student_score``);
    - ``"tie"``: the lowest admitted score equals the student's, and the admitted student
      holding it has a lower index, which wins ties;
    - ``"no_seats"``: the offer has capacity 0 (``cutoff`` is +inf);
    - ``"quota"``: the offer is under a quota (``placement_quotas``) and kept the student out
      for it: its reserved seats went to a class the student is not in, or the student's
      class reached its cap there (only ``explain_stored`` with ``quota`` says this).
    """

    student: int
    offer: int
    rank: int
    capacity: int
    cutoff: float
    student_score: float
    reason: str

    @property
    def message(self) -> str:
        """English sentence for logs and fallbacks; the platform translates from the fields."""
        if self.reason == "no_seats":
            return f"Offer {self.offer} has no seats."
        seats = "seat" if self.capacity == 1 else "seats"
        lowest, yours = _format_pair(self.cutoff, self.student_score)
        head = f"Offer {self.offer} filled its {self.capacity} {seats}"
        if self.reason == "tie":
            return (
                f"{head}; the lowest admitted score was {lowest}, the same as yours, "
                "and ties go to the applicant with the lower index."
            )
        return f"{head}; the lowest admitted score was {lowest}, yours was {yours}."


def _format_pair(a: float, b: float) -> tuple[str, str]:
    """Format two scores with the fewest decimals (1 to 12) that keep unequal values apart."""
    for digits in range(1, 13):
        fa, fb = _format_score(a, digits), _format_score(b, digits)
        if fa != fb or a == b:
            return fa, fb
    return repr(a), repr(b)


def _format_score(value: float, digits: int) -> str:
    """Fixed-point text with trailing zeros dropped, keeping one decimal ("68.0", "71.25")."""
    text = f"{value:.{digits}f}"
    if "." in text and math.isfinite(value):
        text = text.rstrip("0")
        if text.endswith("."):
            text += "0"
    return text


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True, eq=False)
class _Checked:
    """Validated, contiguous, canonically typed copy-free views of a problem."""

    indptr: I64
    offers: I32
    scores: F64
    capacity: I64
    counts: I64  # applications per offer


@_jit
def _first_decrease(indptr: I64) -> int:
    """Index i of the first student with indptr[i + 1] < indptr[i], or -1."""
    for i in range(indptr.size - 1):
        if indptr[i + 1] < indptr[i]:
            return i
    return -1


@_jit
def _scan_applications(
    indptr: I64, offers: SignedInts, scores: F64, counts: I64, last_seen: I64
) -> tuple[int, int, int]:
    """Count applications per offer; return (code, student, application) of the first bad one.

    ``last_seen[o]`` remembers the last student listing o, so a repeat within one student's
    list is caught in O(1) without sorting.
    """
    n_offers = counts.size
    for i in range(indptr.size - 1):
        for a in range(indptr[i], indptr[i + 1]):
            o = offers[a]
            if o < 0 or o >= n_offers:
                return _OUT_OF_RANGE, i, a
            if last_seen[o] == i:
                return _DUPLICATE, i, a
            if math.isnan(scores[a]):
                return _NAN_SCORE, i, a
            last_seen[o] = i
            counts[o] += 1
    return 0, -1, -1


def _as_vector(value: Any, name: str, kinds: str) -> np.ndarray:
    """``value`` as a 1-D array whose dtype kind is in ``kinds``; ValueError otherwise."""
    array = np.asarray(value)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.dtype.kind not in kinds:
        raise ValueError(f"{name} must hold numbers of kind {kinds!r}, got dtype {array.dtype}")
    return array


def _as_int64(array: np.ndarray) -> I64:
    """Contiguous int64 view or copy."""
    return np.ascontiguousarray(array, dtype=np.int64)


def _check_indptr(indptr: I64, n_apps: int) -> None:
    """Raise unless indptr starts at 0, ends at ``n_apps`` and never decreases."""
    if indptr.size == 0:
        raise ValueError("pref_indptr must have n_students + 1 entries, got an empty array")
    if indptr[0] != 0:
        raise ValueError(f"pref_indptr must start at 0, got {indptr[0]}")
    if indptr[-1] != n_apps:
        raise ValueError(f"pref_indptr must end at len(pref_offer) = {n_apps}, got {indptr[-1]}")
    bad = _first_decrease(indptr)
    if bad >= 0:
        raise ValueError(
            f"student {bad} has a decreasing pref_indptr: "
            f"pref_indptr[{bad + 1}] = {indptr[bad + 1]} < pref_indptr[{bad}] = {indptr[bad]}"
        )


def _check_capacity(capacity: I64) -> None:
    """Raise naming the first offer with negative capacity."""
    negative = np.flatnonzero(capacity < 0)
    if negative.size:
        o = int(negative[0])
        raise ValueError(f"offer {o} has negative capacity {capacity[o]}")


def _scan_message(code: int, student: int, offer: int, n_offers: int) -> str:
    """Text for an application-scan failure code."""
    if code == _OUT_OF_RANGE:
        return (
            f"student {student} lists offer {offer}, which is out of range "
            f"(offers are numbered 0 to {n_offers - 1})"
        )
    if code == _DUPLICATE:
        return f"student {student} lists offer {offer} twice"
    return f"student {student} has a NaN score for offer {offer}"


def _validate(problem: PlacementProblem) -> _Checked:
    """Check every invariant of ``problem``; return canonical arrays and per-offer counts.

    Raises ValueError naming the first bad student or offer. Cost: one compiled pass over
    the applications plus one over the students.
    """
    indptr = _as_int64(_as_vector(problem.pref_indptr, "pref_indptr", "iu"))
    offers_in = _as_vector(problem.pref_offer, "pref_offer", "iu")
    scores = np.ascontiguousarray(_as_vector(problem.pref_score, "pref_score", "iuf"), np.float64)
    capacity = _as_int64(_as_vector(problem.capacity, "capacity", "iu"))
    n_apps = offers_in.size
    if scores.size != n_apps:
        raise ValueError(f"pref_score has {scores.size} entries but pref_offer has {n_apps}")
    if n_apps > _MAX_INDEX or indptr.size > _MAX_INDEX:
        raise ValueError(f"at most {_MAX_INDEX} students and applications are supported")
    _check_indptr(indptr, n_apps)
    _check_capacity(capacity)
    # Scan in the caller's integer type so out-of-int32 offers are reported, not wrapped.
    offers_scan = offers_in if offers_in.dtype.kind == "i" else _as_int64(offers_in)
    offers_scan = np.ascontiguousarray(offers_scan)
    counts = np.zeros(capacity.size, dtype=np.int64)
    last_seen = np.full(capacity.size, -1, dtype=np.int64)
    code, student, app = _scan_applications(indptr, offers_scan, scores, counts, last_seen)
    if code:
        raise ValueError(_scan_message(code, student, int(offers_scan[app]), capacity.size))
    offers = np.ascontiguousarray(offers_scan, dtype=np.int32)
    return _Checked(indptr, offers, scores, capacity, counts)


# ------------------------------------------------------------------ students propose


@_inline
def _lower(s1: float, j1: int, s2: float, j2: int) -> bool:
    """Whether (score s1, student j1) has lower priority at an offer than (s2, j2)."""
    return s1 < s2 or (s1 == s2 and j1 > j2)


@_inline
def _sift_up(hs: F64, hj: I32, base: int, k: int) -> None:
    """Restore the min-heap (lowest priority at ``base``) after writing slot k."""
    s = hs[base + k]
    j = hj[base + k]
    while k > 0:
        parent = (k - 1) >> 1
        if not _lower(s, j, hs[base + parent], hj[base + parent]):
            break
        hs[base + k] = hs[base + parent]
        hj[base + k] = hj[base + parent]
        k = parent
    hs[base + k] = s
    hj[base + k] = j


@_inline
def _replace_root(hs: F64, hj: I32, base: int, size: int, s: float, j: int) -> None:
    """Put (s, j) in place of the heap's root and sift it down."""
    k = 0
    while True:
        c = 2 * k + 1
        if c >= size:
            break
        if c + 1 < size and _lower(hs[base + c + 1], hj[base + c + 1], hs[base + c], hj[base + c]):
            c += 1
        if not _lower(hs[base + c], hj[base + c], s, j):
            break
        hs[base + k] = hs[base + c]
        hj[base + k] = hj[base + c]
        k = c
    hs[base + k] = s
    hj[base + k] = j


# Students waiting to propose are handled in batches of this size (see _gather).
_BATCH = 1024

# Bundles of arrays passed to kernels together (numba accepts tuples of arrays):
Prefs = tuple[I64, I32, F64]  # indptr, offers, scores: the preference table
Heaps = tuple[I64, I64, I64, F64, I32]  # seg_start, seg_size, fill, heap scores, heap students
Batch = tuple[I32, I64, I64, I32, F64]  # per slot: student, position, list end, offer, score


@_inline
def _admit(o: int, s: float, j: int, heaps: Heaps) -> int:
    """Offer o considers student j with score s: -2 rejected, -1 seated, else the evicted student.

    Each offer's heap lives in ``hs/hj[seg_start[o]:seg_start[o] + seg_size[o]]`` keyed on
    (score, -student), so its root is the admitted student an applicant must beat.
    """
    seg_start, seg_size, fill, hs, hj = heaps
    size = seg_size[o]
    base = seg_start[o]
    k = fill[o]
    if k < size:
        hs[base + k] = s
        hj[base + k] = j
        _sift_up(hs, hj, base, k)
        fill[o] = k + 1
        return -1
    if size == 0 or not _lower(hs[base], hj[base], s, j):
        return -2
    evicted = hj[base]
    _replace_root(hs, hj, base, size, s, j)
    return int(evicted)


@_inline
def _gather(ring: I32, head: int, m: int, prefs: Prefs, next_app: I64, batch: Batch) -> None:
    """Load the next ``m`` queued students and their current application into ``batch``.

    Evicted students are scattered in memory; loops of independent loads let the CPU have
    many cache misses in flight at once instead of one at a time along an eviction chain.
    """
    indptr, offers, scores = prefs
    b_student, b_pos, b_end, b_offer, b_score = batch
    n = ring.size
    for k in range(m):
        student = ring[(head + k) % n]
        b_student[k] = student
        b_pos[k] = next_app[student]
        b_end[k] = indptr[student + 1]
    for k in range(m):
        a = b_pos[k]
        if a < b_end[k]:
            b_offer[k] = offers[a]
            b_score[k] = scores[a]


@_inline
def _propose_down(batch: Batch, k: int, prefs: Prefs, heaps: Heaps) -> tuple[int, int]:
    """Batch slot k's student proposes from their current application on until seated or
    out of list. Returns (next application, outcome of the last proposal as in ``_admit``).
    """
    b_student, b_pos, b_end, b_offer, b_score = batch
    _, offers, scores = prefs
    student, a, end = b_student[k], b_pos[k], b_end[k]
    outcome = _admit(b_offer[k], b_score[k], student, heaps)
    a += 1
    while outcome == -2 and a < end:
        outcome = _admit(offers[a], scores[a], student, heaps)
        a += 1
    return a, outcome


@_jit
def _students_propose(prefs: Prefs, heaps: Heaps, next_app: I64, ring: I32, batch: Batch) -> int:
    """Student-proposing deferred acceptance; returns the number of proposals made.

    Free students wait in the circular queue ``ring`` (each at most once, so n slots
    suffice). The outcome is the student-optimal stable matching whatever the order.
    """
    b_student, b_pos, b_end = batch[0], batch[1], batch[2]
    n = ring.size
    for i in range(n):
        ring[i] = i
    head, count, proposals = 0, n, 0
    while count > 0:
        m = min(b_pos.size, count)
        _gather(ring, head, m, prefs, next_app, batch)
        head, count = (head + m) % n, count - m
        for k in range(m):
            if b_pos[k] >= b_end[k]:
                continue
            a, outcome = _propose_down(batch, k, prefs, heaps)
            proposals += a - b_pos[k]
            next_app[b_student[k]] = a
            if outcome >= 0:
                ring[(head + count) % n] = outcome
                count += 1
    return proposals


@_jit
def _collect_heaps(capacity: I64, heaps: Heaps, assignment: I32, cutoff: F64, worst: I64) -> None:
    """Read assignment, cutoffs and each offer's lowest-priority admitted student off the heaps.

    ``worst`` uses sentinels that make "key at least (cutoff, worst)" mean "could be admitted":
    -1 with cutoff +inf for an offer without seats, n_students with -inf for one not full.
    """
    seg_start, _, fill, hs, hj = heaps
    assignment[:] = -1
    for o in range(capacity.size):
        base = seg_start[o]
        for k in range(fill[o]):
            assignment[hj[base + k]] = o
        if capacity[o] == 0:
            cutoff[o], worst[o] = np.inf, -1
        elif fill[o] == capacity[o]:
            cutoff[o], worst[o] = hs[base], hj[base]
        else:
            cutoff[o], worst[o] = -np.inf, assignment.size


def _empty_batch(size: int) -> Batch:
    """Work arrays for one batch of queued students."""
    return (
        np.empty(size, np.int32),
        np.empty(size, np.int64),
        np.empty(size, np.int64),
        np.empty(size, np.int32),
        np.empty(size, np.float64),
    )


def _run_students(c: _Checked) -> tuple[PlacementResult, I64]:
    """Student-optimal stable matching plus each offer's worst admitted student (see above).

    Heaps are sized min(capacity, applicants) per offer, so huge capacities cost nothing.
    """
    n_students = c.indptr.size - 1
    seg_size = np.minimum(c.capacity, c.counts)
    seg_start = np.zeros(seg_size.size + 1, dtype=np.int64)
    np.cumsum(seg_size, out=seg_start[1:])
    n_seats = int(seg_start[-1])
    heaps: Heaps = (
        seg_start,
        seg_size,
        np.zeros(seg_size.size, dtype=np.int64),
        np.empty(n_seats, dtype=np.float64),
        np.empty(n_seats, dtype=np.int32),
    )
    prefs: Prefs = (c.indptr, c.offers, c.scores)
    ring = np.empty(n_students, dtype=np.int32)
    batch = _empty_batch(min(_BATCH, max(n_students, 1)))
    proposals = _students_propose(prefs, heaps, c.indptr[:-1].copy(), ring, batch)
    assignment = np.empty(n_students, dtype=np.int32)
    cutoff = np.empty(seg_size.size, dtype=np.float64)
    worst = np.empty(seg_size.size, dtype=np.int64)
    _collect_heaps(c.capacity, heaps, assignment, cutoff, worst)
    return PlacementResult(assignment, cutoff, int(proposals)), worst


# -------------------------------------------------------------------- offers propose
#
# In offer-proposing deferred acceptance an offer never proposes to a student it ranks below
# its worst admitted student in the offer-optimal matching, which is at least as good as its
# worst in the student-optimal one (an offer not full there stays not full, by the rural
# hospitals theorem). So the student-optimal run (fast) first discards every application
# below its offer's cutoff; on national data that leaves about a third of them, and those
# are exactly the ones offers reach. Only the survivors are sorted.

Candidates = tuple[I64, I32, I32, I64]  # CSR starts; applications and their students, best
# first; per offer, the next candidate to propose to
Holds = tuple[I64, I32]  # per offer: seats held; per student: application held (n_apps: none)
Stack = tuple[Bools, I64]  # offers waiting to propose: queued flag, stack


@_jit
def _count_candidates(prefs: Prefs, cutoff: F64, worst: I64, counts: I64) -> None:
    """Per offer, the applications whose key is at least (cutoff, worst)."""
    indptr, offers, scores = prefs
    for i in range(indptr.size - 1):
        for a in range(indptr[i], indptr[i + 1]):
            o = offers[a]
            counts[o] += 0 if _lower(scores[a], i, cutoff[o], worst[o]) else 1  # no branch


@_jit
def _fill_candidates(
    prefs: Prefs,
    cutoff: F64,
    worst: I64,
    pos: I64,
    cand_score: F64,
    cand_app: I32,
    cand_student: I32,
) -> None:
    """Write surviving applications grouped by offer; within an offer, in student order."""
    indptr, offers, scores = prefs
    for i in range(indptr.size - 1):
        for a in range(indptr[i], indptr[i + 1]):
            o = offers[a]
            if not _lower(scores[a], i, cutoff[o], worst[o]):
                cand_score[pos[o]] = scores[a]
                cand_app[pos[o]] = a
                cand_student[pos[o]] = i
                pos[o] += 1


@_jit
def _sort_candidates(starts: I64, cand_score: F64, cand_app: I32, cand_student: I32) -> None:
    """Order each offer's candidates by score desc; the stable sort keeps ties in index order."""
    for o in range(starts.size - 1):
        lo, hi = starts[o], starts[o + 1]
        if hi - lo > 1:
            order = np.argsort(-cand_score[lo:hi], kind="mergesort")
            cand_app[lo:hi] = cand_app[lo:hi][order]
            cand_student[lo:hi] = cand_student[lo:hi][order]


@_inline
def _push(stack: Stack, top: int, o: int) -> int:
    """Queue offer o to propose (once); returns the new stack top."""
    queued, items = stack
    if queued[o]:
        return top
    queued[o] = True
    items[top] = o
    return top + 1


@_inline
def _offer_proposes(
    o: int, prefs: Prefs, capacity: I64, cands: Candidates, holds: Holds, stack: Stack, top: int
) -> tuple[int, int]:
    """Offer o proposes down its candidates until full or exhausted; returns (proposals, top).

    A student keeps the offer they rank higher (lower application index); an offer that
    loses a student is pushed on ``stack`` to propose again.
    """
    starts, apps, students, nxt = cands
    held, hold = holds
    offers = prefs[1]
    proposals = 0
    while held[o] < capacity[o] and nxt[o] < starts[o + 1]:
        a, student = apps[nxt[o]], students[nxt[o]]
        nxt[o] += 1
        proposals += 1
        previous = hold[student]
        if a > previous:
            continue
        hold[student] = a
        held[o] += 1
        if previous < offers.size:
            held[offers[previous]] -= 1
            top = _push(stack, top, offers[previous])
    return proposals, top


@_jit
def _offers_propose(
    prefs: Prefs, capacity: I64, cands: Candidates, holds: Holds, stack: Stack
) -> int:
    """Offer-proposing deferred acceptance over sorted candidates; returns proposals made."""
    top = 0
    for o in range(capacity.size):
        top = _push(stack, top, o)
    proposals = 0
    while top > 0:
        top -= 1
        o = stack[1][top]
        stack[0][o] = False
        made, top = _offer_proposes(o, prefs, capacity, cands, holds, stack, top)
        proposals += made
    return proposals


@_jit
def _collect_holds(prefs: Prefs, capacity: I64, holds: Holds, assignment: I32, cutoff: F64) -> None:
    """Assignment and cutoffs from each student's held application (``offers.size`` = none)."""
    _, offers, scores = prefs
    held, hold = holds
    cutoff[:] = np.inf
    for i in range(hold.size):
        a = hold[i]
        if a >= offers.size:
            assignment[i] = -1
            continue
        o = offers[a]
        assignment[i] = o
        cutoff[o] = min(cutoff[o], scores[a])
    for o in range(capacity.size):
        if held[o] < capacity[o]:
            cutoff[o] = -np.inf


def _candidates(c: _Checked) -> Candidates:
    """Each offer's reachable applications, best first, in CSR layout (see ``Candidates``)."""
    student_optimal, worst = _run_students(c)
    cutoff = student_optimal.cutoff
    prefs: Prefs = (c.indptr, c.offers, c.scores)
    counts = np.zeros(c.capacity.size, dtype=np.int64)
    _count_candidates(prefs, cutoff, worst, counts)
    starts = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    cand_score = np.empty(int(starts[-1]), dtype=np.float64)
    cand_app = np.empty(cand_score.size, dtype=np.int32)
    cand_student = np.empty(cand_score.size, dtype=np.int32)
    _fill_candidates(prefs, cutoff, worst, starts[:-1].copy(), cand_score, cand_app, cand_student)
    _sort_candidates(starts, cand_score, cand_app, cand_student)
    return starts, cand_app, cand_student, starts[:-1].copy()


def _match_offers(c: _Checked) -> PlacementResult:
    """Offer-optimal stable matching (offers propose to their candidates, best first)."""
    cands = _candidates(c)
    n_offers = c.capacity.size
    prefs: Prefs = (c.indptr, c.offers, c.scores)
    holds: Holds = (
        np.zeros(n_offers, dtype=np.int64),
        np.full(c.indptr.size - 1, c.offers.size, dtype=np.int32),
    )
    stack: Stack = (np.zeros(n_offers, dtype=np.bool_), np.empty(n_offers, dtype=np.int64))
    proposals = _offers_propose(prefs, c.capacity, cands, holds, stack)
    assignment = np.empty(c.indptr.size - 1, dtype=np.int32)
    cutoff = np.empty(n_offers, dtype=np.float64)
    _collect_holds(prefs, c.capacity, holds, assignment, cutoff)
    return PlacementResult(assignment, cutoff, int(proposals))


def match(problem: PlacementProblem, *, proposing: str = "students") -> PlacementResult:
    """Stable matching of ``problem`` after validating it (ValueError on bad input).

    ``proposing="students"`` gives the student-optimal stable matching, ``"offers"`` the
    offer-optimal one; both are unique, so the result does not depend on processing order.
    """
    if proposing not in ("students", "offers"):
        raise ValueError(f"proposing must be 'students' or 'offers', got {proposing!r}")
    checked = _validate(problem)
    if proposing == "students":
        return _run_students(checked)[0]
    return _match_offers(checked)


# ------------------------------------------------------------------ blocking pairs


@_jit
def _assigned_apps(indptr: I64, offers: I32, assignment: I64, limit: I64) -> int:
    """``limit[i]``: application index of i's assigned offer, or the end of i's list if unplaced.

    Returns the first student assigned an offer they did not list, or -1.
    """
    for i in range(indptr.size - 1):
        o = assignment[i]
        a = indptr[i]
        end = indptr[i + 1]
        if o < 0:
            limit[i] = end
            continue
        while a < end and offers[a] != o:
            a += 1
        if a == end:
            return i
        limit[i] = a
    return -1


Admitted = tuple[I64, F64, I64]  # per offer: seats filled, lowest admitted score, its student


@_jit
def _tally_admitted(prefs: Prefs, assignment: I64, limit: I64, admitted: Admitted) -> None:
    """Per offer: number admitted and the admitted (score, student) of lowest priority."""
    _, offers, scores = prefs
    fill, worst_s, worst_j = admitted
    for i in range(assignment.size):
        if assignment[i] < 0:
            continue
        a = limit[i]
        o = offers[a]
        fill[o] += 1
        if fill[o] == 1 or _lower(scores[a], i, worst_s[o], worst_j[o]):
            worst_s[o] = scores[a]
            worst_j[o] = i


@_jit
def _mark_blocking(
    prefs: Prefs, capacity: I64, limit: I64, admitted: Admitted, mask: Bools
) -> None:
    """Flag each application to an offer the student prefers that would take them."""
    indptr, offers, scores = prefs
    fill, worst_s, worst_j = admitted
    for i in range(indptr.size - 1):
        for a in range(indptr[i], limit[i]):
            o = offers[a]
            free_seat = fill[o] < capacity[o]
            mask[a] = free_seat or (fill[o] > 0 and _lower(worst_s[o], worst_j[o], scores[a], i))


def _check_assignment(assignment: Any, n_students: int, n_offers: int) -> I64:
    """``assignment`` as int64, ValueError naming the first student with an impossible offer."""
    values = _as_int64(_as_vector(assignment, "assignment", "iu"))
    if values.size != n_students:
        raise ValueError(f"assignment has {values.size} entries for {n_students} students")
    bad = np.flatnonzero((values < -1) | (values >= n_offers))
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"student {i} is assigned offer {values[i]}, which is out of range")
    return values


def blocking_pairs(problem: PlacementProblem, assignment: np.ndarray) -> np.ndarray:
    """All (student, offer) pairs blocking ``assignment``, sorted by student then rank.

    A pair blocks when the student ranks the offer above their placement (or is unplaced),
    and the offer has a free seat or admitted someone of lower priority. Returns an int64
    array of shape (k, 2), empty when the assignment is stable. Raises ValueError when the
    assignment places a student at an offer they did not list or overfills an offer.
    """
    c = _validate(problem)
    values = _check_assignment(assignment, c.indptr.size - 1, c.capacity.size)
    limit = np.empty(values.size, dtype=np.int64)
    bad = _assigned_apps(c.indptr, c.offers, values, limit)
    if bad >= 0:
        raise ValueError(f"student {bad} is assigned offer {values[bad]}, which they did not list")
    n_offers = c.capacity.size
    prefs: Prefs = (c.indptr, c.offers, c.scores)
    admitted: Admitted = (
        np.zeros(n_offers, dtype=np.int64),
        np.zeros(n_offers, dtype=np.float64),
        np.zeros(n_offers, dtype=np.int64),
    )
    _tally_admitted(prefs, values, limit, admitted)
    fill = admitted[0]
    over = np.flatnonzero(fill > c.capacity)
    if over.size:
        o = int(over[0])
        raise ValueError(f"offer {o} is assigned {fill[o]} students but has {c.capacity[o]} seats")
    mask = np.zeros(c.offers.size, dtype=np.bool_)
    _mark_blocking(prefs, c.capacity, limit, admitted, mask)
    apps = np.flatnonzero(mask)
    students = np.searchsorted(c.indptr, apps, side="right") - 1
    return np.stack([students, c.offers[apps].astype(np.int64)], axis=1).astype(np.int64)


# ------------------------------------------------------------------------- explain


def _student_row(problem: PlacementProblem, student: int) -> tuple[I32, F64]:
    """Student's offers and scores, checking only what explaining one student needs."""
    indptr = np.asarray(problem.pref_indptr)
    n_students = int(indptr.size) - 1
    if not 0 <= student < n_students:
        raise ValueError(f"student {student} is out of range (0 to {n_students - 1})")
    lo, hi = int(indptr[student]), int(indptr[student + 1])
    offers = np.asarray(problem.pref_offer)
    if not 0 <= lo <= hi <= offers.size:
        raise ValueError(f"student {student} has an invalid pref_indptr range {lo}:{hi}")
    return offers[lo:hi].astype(np.int32), np.asarray(problem.pref_score)[lo:hi].astype(float)


def _score_at(problem: PlacementProblem, student: int, offer: int) -> float:
    """Score ``offer`` gives ``student`` (the student must list it)."""
    offers, scores = _student_row(problem, student)
    return float(scores[np.flatnonzero(offers == offer)[0]])


def _lost_tie(problem: PlacementProblem, assignment: np.ndarray, offer: int, student: int) -> bool:
    """Whether every admitted student at the cutoff score of ``offer`` has a lower index."""
    admitted = np.flatnonzero(assignment == offer)
    if admitted.size == 0:
        return False
    scores = np.array([_score_at(problem, int(j), offer) for j in admitted])
    at_cutoff = admitted[scores == scores.min()]
    return bool(at_cutoff.max() < student)


def _reason(
    problem: PlacementProblem, result: PlacementResult, student: int, offer: int, score: float
) -> str:
    """Why ``offer`` did not admit ``student``; ValueError when it should have (unstable)."""
    capacity = int(np.asarray(problem.capacity)[offer])
    cutoff = float(result.cutoff[offer])
    if capacity == 0:
        return "no_seats"
    if score < cutoff:
        return "full"
    full = np.count_nonzero(np.asarray(result.assignment) == offer) >= capacity
    if full and score == cutoff and _lost_tie(problem, result.assignment, offer, student):
        return "tie"
    raise ValueError(
        f"result is not stable: student {student} and offer {offer} block it "
        f"(score {score}, cutoff {cutoff})"
    )


def explain(problem: PlacementProblem, result: PlacementResult, student: int) -> list[Explanation]:
    """One Explanation per offer ``student`` ranked above their placement, best first.

    Unplaced students get one per listed offer; a student at their first choice gets none.
    ``problem`` is assumed to be the one ``match`` validated (only this student's row is
    checked). Raises ValueError if the result is not stable for this student or places them
    at an offer they did not list.
    """
    offers, scores = _student_row(problem, student)
    if len(result.assignment) != len(problem.pref_indptr) - 1:
        raise ValueError("result.assignment does not match the problem's number of students")
    placed = int(result.assignment[student])
    above = offers.size
    if placed >= 0:
        where = np.flatnonzero(offers == placed)
        if where.size == 0:
            raise ValueError(f"student {student} is assigned offer {placed}, not on their list")
        above = int(where[0])
    capacity = np.asarray(problem.capacity)
    return [
        Explanation(
            student=student,
            offer=int(offers[r]),
            rank=r + 1,
            capacity=int(capacity[offers[r]]),
            cutoff=float(result.cutoff[offers[r]]),
            student_score=float(scores[r]),
            reason=_reason(problem, result, student, int(offers[r]), float(scores[r])),
        )
        for r in range(above)
    ]


def explain_stored(
    *,
    student: int,
    offers: np.ndarray,
    scores: np.ndarray,
    capacity: np.ndarray,
    cutoff: np.ndarray,
    placed_rank: int,
    quota: np.ndarray | None = None,
) -> list[Explanation]:
    """``explain`` from a stored outcome, without the rest of the round.

    ``offers``, ``scores``, ``capacity`` and ``cutoff`` run over the student's list in rank
    order (the offer's id, the student's score there, its seats and its cutoff after the
    match); ``placed_rank`` is the 1-based choice the student got, 0 when unplaced. The
    outcome must come from a stable match (``match`` verified by ``blocking_pairs``), so a
    score equal to a full offer's cutoff lost the tie-break. ``quota`` (bools over the list)
    marks offers under a quota, where a score at or above the cutoff was kept out by it.
    ValueError otherwise.
    """
    above = len(offers) if placed_rank == 0 else placed_rank - 1
    explanations = []
    for r in range(above):
        score, seats, lowest = float(scores[r]), int(capacity[r]), float(cutoff[r])
        if seats == 0:
            reason = "no_seats"
        elif score < lowest:
            reason = "full"
        elif quota is not None and quota[r]:
            reason = "quota"
        elif score == lowest:
            reason = "tie"
        else:
            raise ValueError(
                f"not a stable outcome: choice {r + 1} had room for score {score} (cutoff {lowest})"
            )
        explanations.append(
            Explanation(
                student=student,
                offer=int(offers[r]),
                rank=r + 1,
                capacity=seats,
                cutoff=lowest,
                student_score=score,
                reason=reason,
            )
        )
    return explanations
