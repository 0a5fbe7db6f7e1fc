"""Every write to placement rounds: atomic, validated, audited.

Who may do what: a coordinator (the ministry for national rounds, an institution's
administrator for its own) runs a round through draft -> open -> closed -> matched ->
published; enterprise HR publishes offers, uploads assessments and accepts trainees;
a student ranks up to `max_choices` offers compatible with their specialty.
"""

import csv
import io
import secrets
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES, Role
from qadam.accounts.selectors import user_scope
from qadam.common.audit import audit_record, changed_fields, snapshot
from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry, Job
from qadam.common.services import job_create, job_enqueue
from qadam.placements.models import (
    OFFER_EDITABLE_FIELDS,
    Application,
    Offer,
    Placement,
    PlacementRound,
    TrainingContract,
)
from qadam.registry.identifiers import IdentifierError, parse_iin
from qadam.registry.models import Institution, Specialty, Student

Status = PlacementRound.Status


# --------------------------------------------------------------------------- permissions


def is_coordinator(actor: User, placement_round: PlacementRound) -> bool:
    """The ministry runs every round; an institution's administrator runs that institution's."""
    scope = user_scope(user=actor)
    if scope.all_people:
        return True
    return (
        scope.role in INSTITUTION_ROLES
        and placement_round.institution_id is not None
        and placement_round.institution_id in scope.institution_ids
    )


def _require_coordinator(actor: User, placement_round: PlacementRound) -> None:
    if not is_coordinator(actor, placement_round):
        raise PermissionDenied(_("Only the round's coordinator may do this."))


def speaks_for_enterprise(actor: User, enterprise_id: int | None) -> bool:
    if enterprise_id is None:
        return False
    if user_scope(user=actor).all_people:
        return True
    return actor.role == Role.ENTERPRISE_HR and actor.enterprise_id == enterprise_id


def _require_enterprise(actor: User, enterprise_id: int) -> None:
    if not speaks_for_enterprise(actor, enterprise_id):
        raise PermissionDenied(_("Only the enterprise's own staff may do this."))


def _require_status(placement_round: PlacementRound, *allowed: str) -> None:
    if placement_round.status not in allowed:
        raise ApplicationError(
            _("The round is %(status)s; this needs it to be %(allowed)s.")
            % {
                "status": placement_round.get_status_display(),
                "allowed": _(" or ").join(str(Status(s).label) for s in allowed),
            }
        )


def _bump_inputs(placement_round: PlacementRound) -> None:
    PlacementRound.objects.filter(pk=placement_round.pk).update(
        inputs_version=F("inputs_version") + 1
    )


def _audit_status(actor: User | None, placement_round: PlacementRound, before: str) -> None:
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=placement_round,
        changes={"status": [before, placement_round.status]},
        summary=str(placement_round),
    )


# --------------------------------------------------------------------------- rounds


@transaction.atomic
def round_create(
    *,
    actor: User,
    name: str,
    term: str,
    institution: Institution | None = None,
    lottery_seed: int | None = None,
    max_choices: int = 20,
    previous_round: PlacementRound | None = None,
) -> PlacementRound:
    """A draft round; the lottery seed is drawn now, so a re-run reproduces the result."""
    placement_round = PlacementRound(
        name=name,
        term=term,
        institution=institution,
        lottery_seed=secrets.randbelow(2**31) if lottery_seed is None else lottery_seed,
        max_choices=max_choices,
        previous_round=previous_round,
        coordinator=actor,
    )
    _require_coordinator(actor, placement_round)
    placement_round.full_clean()
    placement_round.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=placement_round,
        changes=changed_fields({}, snapshot(placement_round)),
        summary=str(placement_round),
    )
    return placement_round


def _transition(
    actor: User, placement_round: PlacementRound, source: Sequence[str], target: str
) -> PlacementRound:
    locked = PlacementRound.objects.select_for_update().get(pk=placement_round.pk)
    _require_coordinator(actor, locked)
    _require_status(locked, *source)
    before = locked.status
    locked.status = target
    if target == Status.PUBLISHED:
        locked.published_at = timezone.now()
    locked.save()
    _audit_status(actor, locked, before)
    placement_round.refresh_from_db()  # the caller's copy shows the new status too
    return placement_round


@transaction.atomic
def round_open(*, actor: User, placement_round: PlacementRound) -> PlacementRound:
    """Open for applications; a round without offers has nothing to apply to."""
    _require_coordinator(actor, placement_round)
    if not placement_round.offers.exists():
        raise ApplicationError(_("The round has no offers yet."))
    return _transition(actor, placement_round, [Status.DRAFT], Status.OPEN)


@transaction.atomic
def round_close(*, actor: User, placement_round: PlacementRound) -> PlacementRound:
    return _transition(actor, placement_round, [Status.OPEN], Status.CLOSED)


@transaction.atomic
def round_publish(*, actor: User, placement_round: PlacementRound) -> PlacementRound:
    """Students and enterprises see the placements from now on."""
    return _transition(actor, placement_round, [Status.MATCHED], Status.PUBLISHED)


@transaction.atomic
def round_match_start(*, actor: User, placement_round: PlacementRound, language: str = "ru") -> Job:
    """Queue the match as a background job; the job page shows its progress."""
    from qadam.placements.tasks import match_round

    _require_coordinator(actor, placement_round)
    _require_status(placement_round, Status.CLOSED, Status.MATCHED)
    job = job_create(
        owner=actor,
        kind="placements.match",
        title=_("Match: %(round)s") % {"round": placement_round},
        parameters={"round_id": placement_round.pk},
    )
    PlacementRound.objects.filter(pk=placement_round.pk).update(job=job)
    return job_enqueue(
        job=job,
        task=match_round,
        round_id=placement_round.pk,
        user_id=actor.pk,
        language=language,
    )


@transaction.atomic
def round_create_follow_up(
    *, actor: User, previous: PlacementRound, name: str = "", term: str = ""
) -> PlacementRound:
    """A second round for the unplaced: each offer's remaining seats, copied as a draft."""
    previous = PlacementRound.objects.get(pk=previous.pk)
    _require_coordinator(actor, previous)
    _require_status(previous, Status.PUBLISHED)
    follow_up = round_create(
        actor=actor,
        name=name or _("%(name)s: second round") % {"name": previous.name},
        term=term or previous.term,
        institution=previous.institution,
        max_choices=previous.max_choices,
        previous_round=previous,
    )
    for offer in previous.offers.prefetch_related("specialties"):
        remaining = offer.seats - _seats_taken(offer)
        if remaining <= 0:
            continue
        specialties = list(offer.specialties.all())
        offer.source_offer_id = offer.pk
        offer.pk = None
        offer._state.adding = True
        # else set() below would compare with the source offer's prefetched specialties
        offer._prefetched_objects_cache = {}  # type: ignore[attr-defined]
        offer.round = follow_up
        offer.seats, offer.filled, offer.cutoff = remaining, 0, None
        offer.save()
        offer.specialties.set(specialties)
    return follow_up


def _seats_taken(offer: Offer) -> int:
    return offer.placements.filter(
        status__in=[Placement.Status.PENDING, Placement.Status.ACCEPTED]
    ).count()


# --------------------------------------------------------------------------- offers

# by object (forms) or, for relations, by id (API); specialties go in their own argument
OFFER_FIELDS = {*OFFER_EDITABLE_FIELDS, "occupation_id", "region_id"} - {"specialties"}


def _refuse_unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})


def _set_specialties(offer: Offer, specialties: Sequence[Specialty | int]) -> list[int]:
    ids = sorted({s if isinstance(s, int) else s.pk for s in specialties})
    if not ids:
        raise ValidationError({"specialties": [_("Choose at least one specialty.")]})
    known = set(Specialty.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [pk for pk in ids if pk not in known]
    if missing:
        raise ValidationError(
            {"specialties": [_("Unknown specialty: %(ids)s.") % {"ids": missing}]}
        )
    offer.specialties.set(ids)
    return ids


@transaction.atomic
def offer_create(
    *,
    actor: User,
    placement_round: PlacementRound,
    enterprise_id: int,
    specialties: Sequence[Specialty | int],
    **fields: Any,
) -> Offer:
    """An enterprise's offer in a round that is still a draft or open."""
    _refuse_unknown(fields)
    _require_enterprise(actor, enterprise_id)
    _require_status(placement_round, Status.DRAFT, Status.OPEN)
    offer = Offer(round=placement_round, enterprise_id=enterprise_id, **fields)
    offer.full_clean()
    offer.save()
    ids = _set_specialties(offer, specialties)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=offer,
        changes=changed_fields({}, {**snapshot(offer), "specialties": ids}),
        summary=str(offer),
    )
    return offer


@transaction.atomic
def offer_update(
    *,
    actor: User,
    offer: Offer,
    specialties: Sequence[Specialty | int] | None = None,
    **changes: Any,
) -> Offer:
    """Change an offer while its round is a draft or open."""
    _refuse_unknown(changes)
    _require_enterprise(actor, offer.enterprise_id)
    _require_status(offer.round, Status.DRAFT, Status.OPEN)
    before = {
        **snapshot(offer),
        "specialties": sorted(offer.specialties.values_list("pk", flat=True)),
    }
    for name, value in changes.items():
        setattr(offer, name, value)
    offer.full_clean()
    offer.save()
    ids = before["specialties"] if specialties is None else _set_specialties(offer, specialties)
    diff = changed_fields(before, {**snapshot(offer), "specialties": ids})
    if diff:
        _bump_inputs(offer.round)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=offer,
            changes=diff,
            summary=str(offer),
        )
    return offer


# --------------------------------------------------------------------------- applications


def _applicant(actor: User) -> Student:
    if actor.role != Role.STUDENT or actor.student_id is None:
        raise PermissionDenied(_("Only a student may apply."))
    return Student.objects.select_related("program").get(pk=actor.student_id)


def student_may_apply(student: Student, placement_round: PlacementRound) -> str:
    """Why `student` may not apply to the round, or "" when they may."""
    if student.status != "active":
        return _("Only active students may apply.")
    if student.program_id is None:
        return _("Your record has no program, so no offer can match your specialty.")
    if placement_round.institution_id not in (None, student.institution_id):
        return _("This round is for another institution's students.")
    if (
        placement_round.previous_round_id
        and Placement.objects.filter(
            round_id=placement_round.previous_round_id,
            student=student,
            status__in=[Placement.Status.PENDING, Placement.Status.ACCEPTED],
        ).exists()
    ):
        return _("You were placed in the previous round; this round is for the unplaced.")
    return ""


def _check_ranking(
    student: Student, placement_round: PlacementRound, offer_ids: Sequence[int]
) -> None:
    if len(offer_ids) > placement_round.max_choices:
        raise ValidationError(
            {
                "offers": [
                    _("You may rank at most %(n)s offers.") % {"n": placement_round.max_choices}
                ]
            }
        )
    seen: set[int] = set()
    offers = Offer.objects.filter(round=placement_round, pk__in=offer_ids).prefetch_related(
        "specialties"
    )
    by_id = {offer.pk: offer for offer in offers}
    specialty_id = student.program.specialty_id if student.program else None
    for position, offer_id in enumerate(offer_ids, start=1):
        offer = by_id.get(offer_id)
        problem = ""
        if offer_id in seen:
            problem = _("it is already on your list")
        elif offer is None:
            problem = _("there is no such offer in this round")
        elif specialty_id not in {s.pk for s in offer.specialties.all()}:
            problem = _("it does not accept your specialty")
        if problem:
            raise ValidationError(
                {
                    "offers": [
                        _("Choice %(position)s (offer #%(offer)s%(title)s): %(problem)s.")
                        % {
                            "position": position,
                            "offer": offer_id,
                            "title": f" «{offer.title}»" if offer else "",
                            "problem": problem,
                        }
                    ]
                }
            )
        seen.add(offer_id)


@transaction.atomic
def application_rank_set(
    *, actor: User, placement_round: PlacementRound, offer_ids: Sequence[int]
) -> list[Application]:
    """Replace the student's ranking with `offer_ids`, most preferred first."""
    student = _applicant(actor)
    locked = PlacementRound.objects.select_for_update().get(pk=placement_round.pk)
    _require_status(locked, Status.OPEN)
    reason = student_may_apply(student, locked)
    if reason:
        raise PermissionDenied(reason)
    _check_ranking(student, locked, offer_ids)
    current = Application.objects.filter(round=locked, student=student)
    before = list(current.order_by("rank").values_list("offer_id", flat=True))
    if before == list(offer_ids):
        return list(current.order_by("rank"))
    current.delete()
    applications = Application.objects.bulk_create(
        Application(round=locked, student=student, offer_id=offer_id, rank=rank)
        for rank, offer_id in enumerate(offer_ids, start=1)
    )
    _bump_inputs(locked)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=student,
        changes={f"ranking in round {locked.pk}": [before, list(offer_ids)]},
        summary=str(locked),
    )
    return applications


def _current_ranking(actor: User, placement_round: PlacementRound) -> list[int]:
    student = _applicant(actor)
    return list(
        Application.objects.filter(round=placement_round, student=student)
        .order_by("rank")
        .values_list("offer_id", flat=True)
    )


def application_add(*, actor: User, placement_round: PlacementRound, offer_id: int) -> None:
    """Add an offer at the bottom of the student's list."""
    ranking = _current_ranking(actor, placement_round)
    application_rank_set(
        actor=actor, placement_round=placement_round, offer_ids=[*ranking, offer_id]
    )


def application_remove(*, actor: User, placement_round: PlacementRound, offer_id: int) -> None:
    ranking = _current_ranking(actor, placement_round)
    application_rank_set(
        actor=actor,
        placement_round=placement_round,
        offer_ids=[pk for pk in ranking if pk != offer_id],
    )


def application_move(
    *, actor: User, placement_round: PlacementRound, offer_id: int, steps: int
) -> None:
    """Move an offer up (negative steps) or down the student's list."""
    ranking = _current_ranking(actor, placement_round)
    if offer_id not in ranking:
        raise ValidationError(
            {"offers": [_("Offer #%(offer)s is not on your list.") % {"offer": offer_id}]}
        )
    index = ranking.index(offer_id)
    ranking.pop(index)
    ranking.insert(min(max(index + steps, 0), len(ranking)), offer_id)
    application_rank_set(actor=actor, placement_round=placement_round, offer_ids=ranking)


# --------------------------------------------------------------------------- assessments

ASSESSMENT_COLUMNS = {"test_score": (0.0, 100.0), "enterprise_rank": (1.0, 1e9)}


def _parse_assessment_row(line: int, row: dict[str, str], column: str) -> tuple[str, float]:
    iin = (row.get("iin") or "").strip()
    try:
        parse_iin(iin)
    except IdentifierError as error:
        raise ValidationError(
            {"file": [_("Row %(line)s: %(error)s") % {"line": line, "error": error}]}
        ) from None
    text = (row.get(column) or "").strip().replace(",", ".")
    low, high = ASSESSMENT_COLUMNS[column]
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high or (column == "enterprise_rank" and not value.is_integer()):
        raise ValidationError(
            {
                "file": [
                    _(
                        "Row %(line)s: %(column)s must be a number from %(low)g to %(high)g, "
                        "not %(value)r."
                    )
                    % {"line": line, "column": column, "low": low, "high": high, "value": text}
                ]
            }
        )
    return iin, value


@transaction.atomic
def offer_assessments_import(*, actor: User, offer: Offer, csv_text: str, column: str) -> int:
    """Load test scores or the enterprise's ranking (columns `iin` and `column`) for the
    offer's applicants: all rows or none. Allowed until the round is matched."""
    if column not in ASSESSMENT_COLUMNS:
        raise ValidationError(
            {"column": [_("Unknown assessment %(column)s.") % {"column": column}]}
        )
    _require_enterprise(actor, offer.enterprise_id)
    _require_status(offer.round, Status.OPEN, Status.CLOSED)
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    if not reader.fieldnames or {"iin", column} - set(reader.fieldnames):
        raise ValidationError(
            {"file": [_("The file needs the columns iin and %(column)s.") % {"column": column}]}
        )
    values: dict[str, float] = {}
    for line, row in enumerate(reader, start=2):
        iin, value = _parse_assessment_row(line, row, column)
        if iin in values:
            raise ValidationError(
                {
                    "file": [
                        _("Row %(line)s: IIN %(iin)s appears twice.") % {"line": line, "iin": iin}
                    ]
                }
            )
        values[iin] = value
    applications = {a.student.iin: a for a in offer.applications.select_related("student")}
    unknown = [iin for iin in values if iin not in applications]
    if unknown:
        raise ValidationError(
            {"file": [_("IIN %(iin)s has not applied to this offer.") % {"iin": unknown[0]}]}
        )
    for iin, value in values.items():
        setattr(applications[iin], column, int(value) if column == "enterprise_rank" else value)
    Application.objects.bulk_update([applications[iin] for iin in values], [column])
    _bump_inputs(offer.round)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=offer,
        changes={column: [None, f"{len(values)} applicants"]},
        summary=str(offer),
    )
    return len(values)


# --------------------------------------------------------------------------- after publication


def _decide(actor: User, placement: Placement) -> Placement:
    locked = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("offer", "round")
        .get(pk=placement.pk)
    )
    if locked.offer is None:
        raise ApplicationError(_("This student was not placed."))
    _require_enterprise(actor, locked.offer.enterprise_id)
    _require_status(locked.round, Status.PUBLISHED)
    if locked.status != Placement.Status.PENDING:
        raise ApplicationError(
            _("This placement is already %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


def _save_decision(actor: User, placement: Placement, status: str, reason: str = "") -> None:
    placement.status = status
    placement.decided_at = timezone.now()
    placement.decided_by = actor
    placement.decline_reason = reason
    placement.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=placement,
        changes={"status": [Placement.Status.PENDING, status]},
        summary=str(placement),
    )


@transaction.atomic
def placement_accept(*, actor: User, placement: Placement) -> Placement:
    """The enterprise takes the trainee; a targeted-training place becomes a contract."""
    locked = _decide(actor, placement)
    _save_decision(actor, locked, Placement.Status.ACCEPTED)
    if locked.offer and locked.offer.kind == Offer.Kind.TARGETED:
        _contract_create(actor, locked)
    return locked


@transaction.atomic
def placement_decline(*, actor: User, placement: Placement, reason: str) -> Placement:
    """The enterprise turns the trainee down, saying why; the seat goes to the next round."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the placement is declined.")]})
    locked = _decide(actor, placement)
    _save_decision(actor, locked, Placement.Status.DECLINED, reason.strip())
    return locked


def _contract_create(actor: User, placement: Placement) -> TrainingContract:
    offer = placement.offer
    assert offer is not None  # checked by _decide
    student = placement.student
    contract = TrainingContract(
        placement=placement,
        student=student,
        enterprise_id=offer.enterprise_id,
        institution_id=student.institution_id,
        position=offer.position,
        salary_min=offer.salary_min or 0,
        salary_max=offer.salary_max or 0,
        work_years=offer.work_years or 1,
        signed_on=timezone.localdate(),
    )
    contract.full_clean()
    contract.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=contract,
        changes=changed_fields({}, snapshot(contract)),
        summary=str(contract),
    )
    return contract


CONTRACT_STEPS: dict[str, dict[str, str]] = {
    TrainingContract.Status.TRAINING: {
        TrainingContract.Status.EMPLOYED: "employed_on",
        TrainingContract.Status.TERMINATED: "terminated_on",
    },
    TrainingContract.Status.EMPLOYED: {
        TrainingContract.Status.COMPLETED: "completed_on",
        TrainingContract.Status.TERMINATED: "terminated_on",
    },
}


@transaction.atomic
def contract_advance(
    *, actor: User, contract: TrainingContract, status: str, on: date, reason: str = ""
) -> TrainingContract:
    """Training -> employed -> completed, or terminated (with a reason) on the way."""
    _require_enterprise(actor, contract.enterprise_id)
    locked = TrainingContract.objects.select_for_update().get(pk=contract.pk)
    date_field = CONTRACT_STEPS.get(locked.status, {}).get(status)
    if date_field is None:
        raise ValidationError(
            {
                "status": [
                    _("A contract %(now)s cannot become %(next)s.")
                    % {
                        "now": locked.get_status_display(),
                        "next": dict(TrainingContract.Status.choices).get(status, status),
                    }
                ]
            }
        )
    if status == TrainingContract.Status.TERMINATED and not reason.strip():
        raise ValidationError({"reason": [_("Say why the contract is terminated.")]})
    if on < locked.signed_on:
        raise ValidationError({"on": [_("The date is before the contract was signed.")]})
    before = snapshot(locked)
    locked.status = status
    setattr(locked, date_field, on)
    locked.termination_reason = reason.strip()
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=locked,
        changes=changed_fields(before, snapshot(locked)),
        summary=str(locked),
    )
    return locked
