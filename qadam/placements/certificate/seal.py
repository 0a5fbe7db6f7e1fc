"""Sealing a match: its documents, their fingerprints, and the certificate's own."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from qadam.engines.placement import VERSION, PlacementProblem, PlacementResult
from qadam.engines.placement_quotas import OfferQuotas
from qadam.placements.certificate.anonymised import anonymised_document
from qadam.placements.certificate.documents import (
    Document,
    canonical,
    compress,
    constraints_document,
    fingerprint_document,
    inputs_document,
    result_document,
    sha256,
)

if TYPE_CHECKING:  # an annotation: matching imports this module
    from qadam.placements.matching import RoundArrays

ENGINE_VERSION = f"qadam.placement {VERSION}"


@dataclass(frozen=True)
class Sealed:
    """A match's certified documents (packed) and their fingerprints, before the time."""

    inputs_sha256: str
    result_sha256: str
    inputs: bytes
    result: bytes
    anonymised: bytes
    placements: dict[int, int | None]  # student id -> offer id: the correction's diff reads it


def seal(
    *,
    round_id: int,
    lottery_seed: int,
    arrays: "RoundArrays",
    problem: PlacementProblem,
    result: PlacementResult,
    quotas: OfferQuotas | None = None,
) -> Sealed:
    """The documents of a match just computed (students in lottery order), under `quotas`
    when the round has any."""
    inputs = inputs_document(
        round_id=round_id,
        lottery_seed=lottery_seed,
        student_id=arrays.student_id,
        offer_id=arrays.offer_id,
        problem=problem,
        pref_application=arrays.pref_application,
        pref_rank=arrays.pref_rank,
        constraints=constraints_document(quotas),
    )
    outcome = result_document(
        student_id=arrays.student_id,
        offer_id=arrays.offer_id,
        result=result,
    )
    return sealed_of(inputs, outcome)


def sealed_of(inputs: Document, outcome: Document) -> Sealed:
    inputs_bytes, outcome_bytes = canonical(inputs), canonical(outcome)
    return Sealed(
        inputs_sha256=hashlib.sha256(inputs_bytes).hexdigest(),
        result_sha256=hashlib.sha256(outcome_bytes).hexdigest(),
        inputs=compress(inputs_bytes),
        result=compress(outcome_bytes),
        anonymised=compress(canonical(anonymised_document(inputs, outcome))),
        placements=dict(
            zip(outcome["placements"]["student"], outcome["placements"]["offer"], strict=True)
        ),
    )


def fingerprint(
    *, round_id: int, inputs_sha256: str, result_sha256: str, engine_version: str, at: datetime
) -> str:
    return sha256(
        fingerprint_document(
            inputs_sha256=inputs_sha256,
            result_sha256=result_sha256,
            engine_version=engine_version,
            certified_at=at.isoformat(),
            round_id=round_id,
        )
    )
