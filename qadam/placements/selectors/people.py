"""Applications and placements: a person's records, and an enterprise's view of the people
who applied to or were placed at its offers (the IIN only of a trainee it accepted)."""

import logging
from dataclasses import dataclass

import numpy as np
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.engines.placement import Explanation, explain_stored
from qadam.placements.identity import identity_shown
from qadam.placements.models import (
    Application,
    Offer,
    Placement,
    PlacementRound,
    Quota,
)

logger = logging.getLogger(__name__)


def student_applications(*, user: User, placement_round: PlacementRound) -> QuerySet[Application]:
    """The signed-in student's ranking in the round, first choice first."""
    student_id = user_scope(user=user).student_id
    if student_id is None:
        return Application.objects.none()
    return (
        Application.objects.filter(round=placement_round, student_id=student_id)
        .select_related("offer__enterprise", "offer__region")
        .order_by("rank")
    )


def user_enterprise_id(user: User) -> int | None:
    return user.enterprise_id if user.role == Role.ENTERPRISE_HR else None


def offer_applicants(*, user: User, offer: Offer) -> QuerySet[Application]:
    """Who applied to the offer: its own enterprise and the ministry see them, the
    enterprise by applicant number (`pk`) and the IIN only of a trainee it accepted."""
    scope = user_scope(user=user)
    applications = offer.applications.select_related("student__program__specialty").order_by(
        "student__last_name", "student__first_name", "student_id"
    )
    if not (scope.all_people or user_enterprise_id(user) == offer.enterprise_id):
        return applications.none()
    accepted = Placement.objects.filter(
        round_id=OuterRef("round_id"),
        student_id=OuterRef("student_id"),
        offer_id=OuterRef("offer_id"),
        status=Placement.Status.ACCEPTED,
    )
    return applications.annotate(**identity_shown(user, Exists(accepted)))


def placement_list(
    *, user: User, placement_round: PlacementRound, offer: Offer | None = None
) -> QuerySet[Placement]:
    """The round's placements a user may see: the ministry all, an institution its students,
    an enterprise the trainees at its offers once the round is published."""
    scope = user_scope(user=user)
    placements = Placement.objects.filter(round=placement_round).select_related(
        "student", "offer__enterprise", "offer__region"
    )
    if offer is not None:
        placements = placements.filter(offer=offer)
    application = Application.objects.filter(
        round_id=OuterRef("round_id"),
        student_id=OuterRef("student_id"),
        offer_id=OuterRef("offer_id"),
    )
    placements = placements.annotate(
        application_id=Subquery(application.values("pk")[:1]),
        **identity_shown(user, Q(status=Placement.Status.ACCEPTED)),
    )
    if scope.all_people:
        return placements.order_by("student__last_name", "student_id")
    published = placement_round.status == PlacementRound.Status.PUBLISHED
    enterprise_id = user_enterprise_id(user)
    if scope.institution_ids:
        visible = placements.filter(student__institution_id__in=scope.institution_ids)
    elif enterprise_id is not None and published:
        visible = placements.filter(offer__enterprise_id=enterprise_id)
    elif scope.student_id is not None and published:
        visible = placements.filter(student_id=scope.student_id)
    else:
        visible = placements.none()
    return visible.order_by("student__last_name", "student_id")


def placement_get(*, user: User, placement_id: int) -> Placement:
    placement = Placement.objects.select_related("round").get(pk=placement_id)
    return placement_list(user=user, placement_round=placement.round).get(pk=placement_id)


def student_placement(*, user: User, placement_round: PlacementRound) -> Placement | None:
    """The signed-in student's own placement, once the round is published."""
    scope = user_scope(user=user)
    if scope.student_id is None or placement_round.status != PlacementRound.Status.PUBLISHED:
        return None
    return (
        Placement.objects.select_related("offer__enterprise", "offer__region")
        .filter(round=placement_round, student_id=scope.student_id)
        .first()
    )


@dataclass(frozen=True)
class OfferExplanation:
    offer: Offer
    explanation: Explanation


def _under_quota(round_id: int, offers: list[Offer]) -> np.ndarray:
    """Which of the offers a quota of the round covers (its region's, or every offer)."""
    regions = set(Quota.objects.filter(round_id=round_id).values_list("offer_region_id", flat=True))
    return np.array([None in regions or o.region_id in regions for o in offers], dtype=bool)


def placement_explanations(*, placement: Placement) -> list[OfferExplanation]:
    """Why the student did not get each offer they ranked above their placement."""
    applications = list(
        Application.objects.filter(round_id=placement.round_id, student_id=placement.student_id)
        .select_related("offer__enterprise")
        .order_by("rank")
    )
    offers = [a.offer for a in applications]
    try:
        explanations = explain_stored(
            student=placement.lottery,
            offers=np.array([o.pk for o in offers], dtype=np.int64),
            scores=np.array(placement.scores, dtype=np.float64),
            capacity=np.array([o.seats for o in offers], dtype=np.int64),
            cutoff=np.array(
                [-np.inf if o.cutoff is None else o.cutoff for o in offers], dtype=np.float64
            ),
            placed_rank=placement.rank or 0,
            quota=_under_quota(placement.round_id, offers),
        )
    except ValueError:
        # stored outcome inconsistent (e.g. an offer's seats edited after the match):
        # better no explanation than a wrong one, and the page still shows the placement
        logger.exception("placement %s cannot be explained", placement.pk)
        return []
    return [OfferExplanation(offers[e.rank - 1], e) for e in explanations]
