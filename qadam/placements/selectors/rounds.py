"""Rounds and offers: public to whoever takes part in them."""

from django.db.models import (
    F,
    Q,
    QuerySet,
)

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.common.disclosure import (
    cell_expression,
    masks_small_counts,
)
from qadam.placements.filters import OfferFilters
from qadam.placements.models import (
    Offer,
    PlacementRound,
)
from qadam.registry.models import Student


def round_list(*, user: User) -> QuerySet[PlacementRound]:
    scope = user_scope(user=user)
    rounds = PlacementRound.objects.select_related("institution", "previous_round")
    if scope.national_aggregates or scope.role == Role.ENTERPRISE_HR:
        return rounds
    if scope.institution_ids:
        return rounds.filter(
            Q(institution__isnull=True) | Q(institution_id__in=scope.institution_ids)
        )
    if scope.student_id is not None:
        student = Student.objects.only("institution_id").get(pk=scope.student_id)
        return rounds.exclude(status=PlacementRound.Status.DRAFT).filter(
            Q(institution__isnull=True) | Q(institution_id=student.institution_id)
        )
    return rounds.none()


def round_get(*, user: User, round_id: int) -> PlacementRound:
    return round_list(user=user).get(pk=round_id)


def offer_list(
    *, user: User, placement_round: PlacementRound, filters: OfferFilters | None = None
) -> QuerySet[Offer]:
    """The round's offers (the caller got the round from `round_get`, so may see it), each
    with `filled_shown`: its pupils placed as `user` sees them (`_with_filled_shown`)."""
    filters = filters or OfferFilters()
    offers = _with_filled_shown(
        placement_round.offers.select_related("enterprise", "region").prefetch_related(
            "specialties"
        ),
        user,
    )
    if filters.q:
        # the title in any of its languages: a reader may search in theirs
        offers = offers.filter(
            Q(title__icontains=filters.q)
            | Q(title_kk__icontains=filters.q)
            | Q(title_en__icontains=filters.q)
            | Q(enterprise__name__icontains=filters.q)
        )
    if filters.region:
        offers = offers.filter(region_id=filters.region)
    if filters.specialty:
        offers = offers.filter(specialties=filters.specialty)
    if filters.kind:
        offers = offers.filter(kind=filters.kind)
    if filters.enterprise:
        offers = offers.filter(enterprise_id=filters.enterprise)
    specialty = _student_specialty(user) if filters.compatible else None
    if specialty is not None:  # "compatible" means nothing for someone who is not a student
        offers = offers.filter(specialties=specialty)
    return offers.order_by("id")


def _student_specialty(user: User) -> int | None:
    scope = user_scope(user=user)
    if scope.student_id is None:
        return None
    return (
        Student.objects.filter(pk=scope.student_id)
        .values_list("program__specialty_id", flat=True)
        .first()
    )


def _with_filled_shown(offers: QuerySet[Offer], user: User) -> QuerySet[Offer]:
    """`filled_shown`: the offer's pupils placed, "<5" from 1 to 4 for an analyst (each
    offer's filled seats count people; qadam.common.disclosure), the exact count for
    everyone else. Pages, exports and the API show it, never `filled` itself."""
    masked = masks_small_counts(user_scope(user=user).role)
    return offers.annotate(filled_shown=cell_expression(F("filled"), masked=masked))


def offer_get(*, user: User, offer_id: int) -> Offer:
    """One offer, with `filled_shown` as `offer_list`'s."""
    offers = Offer.objects.select_related("enterprise", "region", "round", "occupation")
    offer = _with_filled_shown(offers, user).get(pk=offer_id)
    round_get(user=user, round_id=offer.round_id)  # raises DoesNotExist when out of sight
    return offer
