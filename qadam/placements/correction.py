"""Re-running a published round after an upheld appeal corrected its input.

The same pipeline as the match (read, score, match, verify), then only what changed is
written: a student whose offer changed gets the new placement (pending again, the
enterprise decides anew), each with its own audit entry; everyone else keeps their
placement and their enterprise's decision. The round stays published, with a new
certificate, and the appeal keeps exactly whose placement changed."""

import json
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit import audited_update
from qadam.common.errors import ApplicationError
from qadam.placements.certificate.seal import Sealed, seal
from qadam.placements.matching import (
    PLACEMENT_COLUMNS,
    RoundArrays,
    build_problem,
    placement_rows,
    read_round,
    round_summary,
    unstable,
    write_offers,
)
from qadam.placements.models import Appeal, Placement, PlacementRound, RoundCertificate
from qadam.placements.quotas import match_round
from qadam.placements.services.certificates import certificate_create

STEPS = ("read", "score", "match", "verify", "certify", "write")
Change = list[int | None]  # [student, offer before, offer after]


def _changes(placement_round: PlacementRound, sealed: Sealed) -> list[Change]:
    before = dict(
        Placement.objects.filter(round=placement_round).values_list("student_id", "offer_id")
    )
    students = sorted(before.keys() | sealed.placements.keys())
    return [
        [student, before.get(student), sealed.placements.get(student)]
        for student in students
        if before.get(student) != sealed.placements.get(student)
    ]


def _placement_changes(row: dict[str, Any], placement: Placement) -> dict[str, Any]:
    """What to write to `placement` from the re-run's row: a new offer starts over."""
    changes: dict[str, Any] = {}
    if row["offer_id"] != placement.offer_id:
        changes = {
            "offer_id": row["offer_id"],
            "status": row["status"],
            "decided_at": None,
            "decided_by_id": None,
            "decline_reason": "",
        }
    scores = json.loads(row["scores"])
    for name, value in (("rank", row["rank"]), ("lottery", row["lottery"]), ("scores", scores)):
        if getattr(placement, name) != value:
            changes[name] = value
    return changes


def _write_placements(
    actor: User | None,
    placement_round: PlacementRound,
    rows: list[dict[str, Any]],
    students: set[int],
) -> None:
    """Rewrite the placements of `students`: those whose offer changed, and the appellant
    (whose scores or list did). No one else's applications changed, and the lottery did
    not (the same students apply), so no one else's placement can differ."""
    placements = {
        p.student_id: p
        for p in Placement.objects.filter(round=placement_round, student_id__in=students)
    }
    for row in rows:
        if row["student_id"] not in students:
            continue
        placement = placements[row["student_id"]]
        changes = _placement_changes(row, placement)
        if not changes:
            continue
        if "offer_id" in changes and hasattr(placement, "contract"):
            raise ApplicationError(
                _("Student %(student)s has a training contract from this placement; end it first.")
                % {"student": placement.student_id}
            )
        audited_update(actor=actor, instance=placement, changes=changes, summary="appeal re-run")


def _write(
    appeal: Appeal,
    arrays: RoundArrays,
    rows: list[dict[str, Any]],
    outcome: tuple[Any, dict[str, Any]],  # the match's result and the round's figures
    sealed: Sealed,
    actor: User | None,
) -> list[Change]:
    with transaction.atomic():
        current = PlacementRound.objects.select_for_update().get(pk=appeal.round_id)
        if current.status != PlacementRound.Status.PUBLISHED:
            raise ApplicationError(_("Only a published round's result is corrected."))
        if current.inputs_version != arrays.inputs_version:
            raise ApplicationError(
                _("Applications or assessments changed during the run; run the match again.")
            )
        changes = _changes(current, sealed)
        students = {change[0] for change in changes if change[0]} | {appeal.student_id}
        _write_placements(actor, current, rows, students)
        result, summary = outcome
        write_offers(arrays, result)
        PlacementRound.objects.filter(pk=current.pk).update(summary=summary)
        certificate = certificate_create(
            actor=actor,
            placement_round=current,
            sealed=sealed,
            reason=RoundCertificate.Reason.CORRECTION,
        )
        audited_update(
            actor=actor,
            instance=appeal,
            changes={"changes": changes, "certificate": certificate},
            summary=f"re-run: {len(changes)} placements changed",
        )
    return changes


def run_correction(
    *, appeal_id: int, actor: User | None = None, progress: Callable[[str], None] = lambda s: None
) -> list[Change]:
    """Re-match the appeal's round from its corrected inputs; returns whose placement changed."""
    appeal = Appeal.objects.select_related("round").get(pk=appeal_id)
    placement_round = appeal.round
    progress("read")
    arrays = read_round(placement_round)
    progress("score")
    problem = build_problem(arrays)
    progress("match")
    matched = match_round(arrays, problem)
    result = matched.result
    progress("verify")
    unstable(matched)
    progress("certify")
    sealed = seal(
        round_id=placement_round.pk,
        lottery_seed=placement_round.lottery_seed,
        arrays=arrays,
        problem=problem,
        result=result,
        quotas=matched.quotas,
    )
    progress("write")
    rows = [
        dict(zip(PLACEMENT_COLUMNS, row, strict=True))
        for row in placement_rows(placement_round.pk, arrays, problem, result)
    ]
    summary = round_summary(arrays, problem, matched)
    return _write(appeal, arrays, rows, (result, summary), sealed, actor)
