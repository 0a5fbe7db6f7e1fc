"""A student's ranked applications to a round's offers, replaced whole on every change."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.audit import audit_record
from qadam.common.localized import localized
from qadam.common.models import AuditEntry
from qadam.placements.models import Application, Offer, Placement, PlacementRound
from qadam.placements.rules import MAX_CHOICES
from qadam.placements.services.guards import Status, bump_inputs, require_status, round_locked
from qadam.registry.models import Student


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
                            "title": f" «{localized(offer, 'title')}»" if offer else "",
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
    locked = round_locked(placement_round)
    require_status(locked, Status.OPEN)
    reason = student_may_apply(student, locked)
    if reason:
        raise PermissionDenied(reason)
    _check_ranking(student, locked, offer_ids)
    current = Application.objects.filter(round=locked, student=student)
    before = list(current.order_by("rank").values_list("offer_id", flat=True))
    if before == list(offer_ids):
        return list(current.order_by("rank"))
    applications = _ranking_replace(locked, student, current, offer_ids)
    bump_inputs(locked)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=student,
        changes={f"ranking in round {locked.pk}": [before, list(offer_ids)]},
        summary=str(locked),
    )
    return applications


def _ranking_replace(
    placement_round: PlacementRound,
    student: Student,
    current: QuerySet[Application],
    offer_ids: Sequence[int],
) -> list[Application]:
    """The rows of offers still ranked keep their ids (the applicant number the enterprise
    knows them by, ADR 0011) and the scores it uploaded; only their ranks change."""
    ranked = set(offer_ids)
    kept = {a.offer_id: a for a in current if a.offer_id in ranked}
    current.exclude(pk__in=[a.pk for a in kept.values()]).delete()
    # (round, student, rank) is unique row by row: park the kept rows above every rank first
    for application in kept.values():
        application.rank += MAX_CHOICES
    Application.objects.bulk_update(kept.values(), ["rank"])
    for rank, offer_id in enumerate(offer_ids, start=1):
        if offer_id in kept:
            kept[offer_id].rank = rank
    Application.objects.bulk_update(kept.values(), ["rank"])
    created = Application.objects.bulk_create(
        Application(round=placement_round, student=student, offer_id=offer_id, rank=rank)
        for rank, offer_id in enumerate(offer_ids, start=1)
        if offer_id not in kept
    )
    return sorted([*kept.values(), *created], key=lambda a: a.rank)


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
