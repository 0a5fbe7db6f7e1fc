"""Training contracts and a student's history across rounds."""

from dataclasses import dataclass

from django.db.models import (
    QuerySet,
)

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.placements.models import (
    Application,
    Placement,
    PlacementRound,
    TrainingContract,
)
from qadam.placements.selectors.people import user_enterprise_id


def contract_list(*, user: User) -> QuerySet[TrainingContract]:
    scope = user_scope(user=user)
    contracts = TrainingContract.objects.select_related("student", "enterprise", "institution")
    if scope.all_people:
        return contracts
    if scope.institution_ids:
        return contracts.filter(institution_id__in=scope.institution_ids)
    enterprise_id = user_enterprise_id(user)
    if enterprise_id is not None:
        return contracts.filter(enterprise_id=enterprise_id)
    if scope.student_id is not None:
        return contracts.filter(student_id=scope.student_id)
    return contracts.none()


def contract_get(*, user: User, contract_id: int) -> TrainingContract:
    return contract_list(user=user).get(pk=contract_id)


@dataclass(frozen=True)
class RoundOutcome:
    placement: Placement  # with its round and offer
    choices: list[Application]  # the student's ranking, first choice first


def student_round_history(*, student_id: int, published_only: bool) -> list[RoundOutcome]:
    """A student's placements in every matched round, oldest first, each with the student's
    applications in rank order. The caller has already
    been allowed to read the student (the learner's record); a student or parent reads only
    published rounds (`published_only`), as on the round's own page."""
    shown = [PlacementRound.Status.PUBLISHED]
    if not published_only:
        shown.append(PlacementRound.Status.MATCHED)
    placements = list(
        Placement.objects.filter(student_id=student_id, round__status__in=shown)
        .select_related("round", "offer__enterprise")
        .order_by("round__matched_at", "round_id")
    )
    applications = Application.objects.filter(
        student_id=student_id, round_id__in=[p.round_id for p in placements]
    ).select_related("offer__enterprise")
    by_round: dict[int, list[Application]] = {}
    for application in applications.order_by("round_id", "rank"):
        by_round.setdefault(application.round_id, []).append(application)
    return [RoundOutcome(p, by_round.get(p.round_id, [])) for p in placements]


def student_contracts(*, student_id: int) -> QuerySet[TrainingContract]:
    """A student's targeted-training contracts, oldest first (the caller may read the
    student)."""
    return (
        TrainingContract.objects.filter(student_id=student_id)
        .select_related("enterprise", "placement__round")
        .order_by("signed_on", "id")
    )
