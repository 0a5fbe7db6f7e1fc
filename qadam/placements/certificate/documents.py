"""The canonical documents a certificate fingerprints, and the problem they rebuild.

Canonical: JSON with sorted keys, no spaces, ids rather than names, in columns (a national
round has two million applications: columns keep writing and comparing them a matter of
arrays). Offers by id; students in lottery order (the k-th has lottery number k + 1 and
wins ties against later ones) with how many applications each made; the applications
grouped by student in that order, each student's in rank order, with the score the engine
consumed. The same round always gives the same bytes, so their SHA-256 names the inputs.
`constraints` is empty for a round without quotas; under quotas (ADR 0013) it holds what
the engine consumed: each offer's shares (class, reserved seats, cap, the quota they come
from) and each student's classes as bits, in lottery order. It is fingerprinted like the
rest.
"""

import gzip
import hashlib
import json
import math
from typing import Any

import numpy as np

from qadam.engines.placement import PlacementProblem, PlacementResult
from qadam.engines.placement_quotas import OfferQuotas

FORMAT = 1
Document = dict[str, Any]


def canonical(document: Document) -> bytes:
    """The one byte form of a document: sorted keys, no whitespace, ASCII only."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def sha256(document: Document) -> str:
    return hashlib.sha256(canonical(document)).hexdigest()


def compress(data: bytes) -> bytes:
    """gzip without a timestamp: the same document, the same bytes."""
    return gzip.compress(data, compresslevel=1, mtime=0)


def pack(document: Document) -> bytes:
    """A document's canonical bytes, compressed: how certificates store it."""
    return compress(canonical(document))


def unpack(blob: bytes | memoryview) -> Document:
    document: Document = json.loads(gzip.decompress(bytes(blob)))
    return document


def inputs_document(
    *,
    round_id: int,
    lottery_seed: int,
    student_id: np.ndarray,
    offer_id: np.ndarray,
    problem: PlacementProblem,
    pref_application: np.ndarray,
    pref_rank: np.ndarray,
    constraints: Document | None = None,
) -> Document:
    """What the engine consumed, by id: offers with seats, applications with scores."""
    return {
        "format": FORMAT,
        "round": round_id,
        "lottery_seed": lottery_seed,
        "offers": {"offer": offer_id.tolist(), "seats": problem.capacity.tolist()},
        "students": {
            "student": student_id.tolist(),
            "applications": np.diff(problem.pref_indptr).tolist(),
        },
        "applications": {
            "applicant": pref_application.tolist(),
            "offer": offer_id[problem.pref_offer].tolist(),
            "rank": pref_rank.tolist(),
            "score": problem.pref_score.tolist(),
        },
        "constraints": constraints or {},
    }


def constraints_document(quotas: OfferQuotas | None) -> Document:
    """The quotas as the engine consumed them; {} for a round without any."""
    if quotas is None:
        return {}
    return {
        "offers": {
            "shares": np.diff(quotas.indptr).tolist(),
            "class": quotas.klass.tolist(),
            "reserved": quotas.minimum.tolist(),
            "cap": quotas.maximum.tolist(),
            "quota": quotas.source.tolist(),
        },
        "students": {"classes": quotas.student_classes.tolist()},
    }


def quotas_of(inputs: Document) -> OfferQuotas | None:
    """The quotas rebuilt from an inputs document alone; None for a round without any."""
    constraints = inputs.get("constraints") or {}
    if not constraints:
        return None
    offers = constraints["offers"]

    def column(name: str) -> np.ndarray:
        return np.array(offers[name], dtype=np.int64)

    return OfferQuotas(
        indptr=np.concatenate(([0], np.cumsum(column("shares")))).astype(np.int64),
        klass=column("class"),
        minimum=column("reserved"),
        maximum=column("cap"),
        source=column("quota"),
        student_classes=np.array(constraints["students"]["classes"], dtype=np.int64),
    )


def result_document(
    *, student_id: np.ndarray, offer_id: np.ndarray, result: PlacementResult
) -> Document:
    """Each student's offer (null: unplaced) by student id, and each offer's cutoff (null
    while seats remain)."""
    order = np.argsort(student_id, kind="stable")
    assignment = result.assignment[order]
    offers = np.where(assignment >= 0, offer_id[np.maximum(assignment, 0)], -1).tolist()
    return {
        "format": FORMAT,
        "placements": {
            "student": student_id[order].tolist(),
            "offer": [None if o < 0 else o for o in offers],
        },
        "cutoffs": {
            "offer": offer_id.tolist(),
            "cutoff": [c if math.isfinite(c) else None for c in result.cutoff.tolist()],
        },
    }


def problem_of(inputs: Document) -> tuple[PlacementProblem, np.ndarray, np.ndarray]:
    """The engine's problem rebuilt from an inputs document alone; with the student ids
    (lottery order) and the offer ids (engine indices)."""
    offer_id = np.array(inputs["offers"]["offer"], dtype=np.int64)
    applications = inputs["applications"]
    counts = np.array(inputs["students"]["applications"], dtype=np.int64)
    problem = PlacementProblem(
        pref_indptr=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        pref_offer=np.searchsorted(
            offer_id, np.array(applications["offer"], dtype=np.int64)
        ).astype(np.int32),
        pref_score=np.array(applications["score"], dtype=np.float64),
        capacity=np.array(inputs["offers"]["seats"], dtype=np.int32),
    )
    student_id = np.array(inputs["students"]["student"], dtype=np.int64)
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
