"""The canonical documents a certificate fingerprints, and the problem they rebuild.

Canonical: JSON with sorted keys, no spaces, ids rather than names, offers by id, students
in lottery order (the k-th has lottery number k + 1 and wins ties against later ones), each
student's applications in rank order with the score the engine consumed. The same round
always gives the same bytes, so their SHA-256 names the inputs. `constraints` is empty
until a round carries distributional constraints; it is fingerprinted like the rest.
"""

import gzip
import hashlib
import json
import math
from typing import Any

import numpy as np

from qadam.engines.placement import PlacementProblem, PlacementResult

FORMAT = 1
COLUMNS = {
    "offers": ["offer", "seats"],
    "students": ["student", "applications"],
    "applications": ["applicant", "offer", "rank", "score"],
    "placements": ["student", "offer"],
    "cutoffs": ["offer", "cutoff"],
}
Document = dict[str, Any]


def canonical(document: Document) -> bytes:
    """The one byte form of a document: sorted keys, no whitespace, ASCII only."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def sha256(document: Document) -> str:
    return hashlib.sha256(canonical(document)).hexdigest()


def pack(document: Document) -> bytes:
    """Canonical bytes, gzip-compressed without a timestamp (the same document, the same
    bytes)."""
    return gzip.compress(canonical(document), compresslevel=6, mtime=0)


def unpack(blob: bytes | memoryview) -> Document:
    document: Document = json.loads(gzip.decompress(bytes(blob)))
    return document


def inputs_document(
    *,
    round_id: int,
    lottery_seed: int,
    student_id: np.ndarray,
    offer_id: np.ndarray,
    capacity: np.ndarray,
    problem: PlacementProblem,
    pref_application: np.ndarray,
    pref_rank: np.ndarray,
    constraints: Document | None = None,
) -> Document:
    """What the engine consumed, by id: offers with seats, applications with scores."""
    indptr = problem.pref_indptr.tolist()
    offers = offer_id[problem.pref_offer].tolist()
    applicants, ranks = pref_application.tolist(), pref_rank.tolist()
    scores = problem.pref_score.tolist()
    students = [
        [
            student,
            [[applicants[a], offers[a], ranks[a], scores[a]] for a in range(lo, hi)],
        ]
        for student, lo, hi in zip(student_id.tolist(), indptr[:-1], indptr[1:], strict=True)
    ]
    return {
        "format": FORMAT,
        "columns": COLUMNS,
        "round": round_id,
        "lottery_seed": lottery_seed,
        "offers": [list(pair) for pair in zip(offer_id.tolist(), capacity.tolist(), strict=True)],
        "students": students,
        "constraints": constraints or {},
    }


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def result_document(
    *, student_id: np.ndarray, offer_id: np.ndarray, result: PlacementResult
) -> Document:
    """Each student's offer (null: unplaced) by student id, and each full offer's cutoff."""
    assignment = result.assignment.tolist()
    offers = offer_id.tolist()
    placements = sorted(
        [student, None if o < 0 else offers[o]]
        for student, o in zip(student_id.tolist(), assignment, strict=True)
    )
    cutoffs = [[pk, _finite(c)] for pk, c in zip(offers, result.cutoff.tolist(), strict=True)]
    return {"format": FORMAT, "placements": placements, "cutoffs": cutoffs}


def problem_of(inputs: Document) -> tuple[PlacementProblem, np.ndarray, np.ndarray]:
    """The engine's problem rebuilt from an inputs document alone; with the student ids
    (lottery order) and the offer ids (engine indices)."""
    offer_id = np.array([row[0] for row in inputs["offers"]], dtype=np.int64)
    index = {pk: k for k, pk in enumerate(offer_id.tolist())}
    lengths = [len(applications) for _student, applications in inputs["students"]]
    flat = [a for _student, applications in inputs["students"] for a in applications]
    problem = PlacementProblem(
        pref_indptr=np.concatenate(([0], np.cumsum(lengths, dtype=np.int64))).astype(np.int64),
        pref_offer=np.array([index[a[1]] for a in flat], dtype=np.int32),
        pref_score=np.array([a[3] for a in flat], dtype=np.float64),
        capacity=np.array([row[1] for row in inputs["offers"]], dtype=np.int32),
    )
    student_id = np.array([row[0] for row in inputs["students"]], dtype=np.int64)
    return problem, student_id, offer_id


def fingerprint_document(
    *, inputs_sha256: str, result_sha256: str, engine_version: str, certified_at: str, round_id: int
) -> Document:
    """What the certificate's own fingerprint covers."""
    return {
        "certified_at": certified_at,
        "engine": engine_version,
        "inputs": inputs_sha256,
        "result": result_sha256,
        "round": round_id,
    }
