"""Appeals: a student reads only their own; the coordinator of a round (the ministry, or an
institution's administrator for its own rounds) reads the round's."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES
from qadam.accounts.selectors import user_scope
from qadam.placements import rules
from qadam.placements.models import Appeal, Offer, PlacementRound
from qadam.registry.models import Student


def _visible(user: User) -> QuerySet[Appeal]:
    scope = user_scope(user=user)
    appeals = Appeal.objects.select_related("round", "offer", "student", "certificate")
    if scope.all_people:
        return appeals
    if scope.student_id is not None:
        return appeals.filter(student_id=scope.student_id)
    if scope.role in INSTITUTION_ROLES and scope.institution_ids:
        return appeals.filter(Q(round__institution_id__in=scope.institution_ids))
    return appeals.none()


def appeal_list(*, user: User, placement_round: PlacementRound) -> QuerySet[Appeal]:
    return _visible(user).filter(round=placement_round).order_by("-id")


def appeal_get(*, user: User, appeal_id: int) -> Appeal:
    return _visible(user).get(pk=appeal_id)


@dataclass(frozen=True)
class PlacementChange:
    student: Student
    before: Offer | None
    after: Offer | None


def appeal_changes(*, user: User, appeal: Appeal) -> list[PlacementChange]:
    """Whose placement the appeal's re-run changed, for its coordinator (the caller read the
    appeal through `appeal_get`); a student sees no one else's."""
    scope = user_scope(user=user)
    rows = appeal.changes or []
    if scope.student_id is not None:
        rows = [row for row in rows if row[0] == scope.student_id]
    students = Student.objects.in_bulk([row[0] for row in rows])
    offers = Offer.objects.select_related("enterprise").in_bulk(
        [pk for row in rows for pk in row[1:] if pk is not None]
    )
    return [
        PlacementChange(
            student=students[student],
            before=offers.get(before) if before else None,
            after=offers.get(after) if after else None,
        )
        for student, before, after in rows
        if student in students
    ]


def appeal_window_open(*, placement_round: PlacementRound) -> bool:
    """Whether the round's result may still be appealed (the rules' window)."""
    if placement_round.status != PlacementRound.Status.PUBLISHED:
        return False
    return not rules.appeal_window_errors(
        placement_round.published_at, placement_round.appeal_days, timezone.now()
    )
