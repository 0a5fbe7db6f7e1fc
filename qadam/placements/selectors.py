"""Every read of placement rounds, scoped to what the user may see.

Rounds and offers are public to whoever takes part: the ministry and analysts see every
round, an institution's administrator the national rounds and their own, enterprise HR
every round (to publish offers), a student the rounds open to them once out of draft.
Personal records (applications, placements, contracts) follow `user_scope`, plus an
enterprise's view of the people who applied to or were placed at its own offers: by name,
scores and applicant number, the IIN only of a trainee it accepted (identity.py, ADR 0011).
"""

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.common.breakdown import Breakdown, breakdown_of
from qadam.common.disclosure import (
    MIN_CELL,
    CountCellField,
    cell,
    cell_expression,
    masked_rows,
    masks_small_counts,
    total_shown_across,
)
from qadam.engines.placement import Explanation, explain_stored
from qadam.placements.filters import OfferFilters
from qadam.placements.identity import identity_shown
from qadam.placements.models import (
    Application,
    Offer,
    Placement,
    PlacementRound,
    TrainingContract,
)
from qadam.registry.models import Region, Specialty, Student

logger = logging.getLogger(__name__)


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


def _enterprise_of(user: User) -> int | None:
    return user.enterprise_id if user.role == Role.ENTERPRISE_HR else None


def offer_applicants(*, user: User, offer: Offer) -> QuerySet[Application]:
    """Who applied to the offer: its own enterprise and the ministry see them, the
    enterprise by applicant number (`pk`) and the IIN only of a trainee it accepted."""
    scope = user_scope(user=user)
    applications = offer.applications.select_related("student__program__specialty").order_by(
        "student__last_name", "student__first_name", "student_id"
    )
    if not (scope.all_people or _enterprise_of(user) == offer.enterprise_id):
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
    enterprise_id = _enterprise_of(user)
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
        )
    except ValueError:
        # stored outcome inconsistent (e.g. an offer's seats edited after the match):
        # better no explanation than a wrong one, and the page still shows the placement
        logger.exception("placement %s cannot be explained", placement.pk)
        return []
    return [OfferExplanation(offers[e.rank - 1], e) for e in explanations]


# the match's figures that count people (applicants, their choices, who was placed where);
# offers and seats are not people
PEOPLE_FIGURES = ("applicants", "applications", "placed", "first_choice", "filled")


def round_statistics(*, user: User, placement_round: PlacementRound) -> dict[str, Any]:
    """The stored summary with names for its keys; empty for roles without aggregates. An
    analyst's counts of people from 1 to 4 are "<5" and a total that would give one away
    "≥ N" (qadam.common.disclosure)."""
    scope = user_scope(user=user)
    summary = dict(placement_round.summary or {})
    if not summary or not (scope.aggregates or scope.national_aggregates):
        return {}
    masked = masks_small_counts(scope.role)
    regions = {r.pk: r.name for r in Region.objects.all()}
    specialties = {s.pk: f"{s.code} {s.name}" for s in Specialty.objects.all()}
    kinds = dict(Offer.Kind.choices)
    by_region = [
        {**row, "label": regions.get(row["region_id"], "—")} for row in summary["by_region"]
    ]
    by_specialty = sorted(
        (
            {**row, "label": specialties.get(row["specialty_id"], "—")}
            for row in summary["by_specialty"]
        ),
        # masked rows last, among themselves by name: their order would rank their counts
        key=lambda row: (-_shown_for_order(row["applicants"], masked), row["label"]),
    )
    by_kind = [
        {**row, "label": str(kinds.get(row["kind"], row["kind"]))} for row in summary["by_kind"]
    ]
    breakdowns = (by_region, by_specialty, by_kind)
    for name in PEOPLE_FIGURES:
        if name in summary:
            rows = [[row[name] for row in rows if name in row] for rows in breakdowns]
            summary[name] = total_shown_across(
                summary[name], [counts for counts in rows if counts], masked=masked
            )
    for name in ("proposals", "blocking_pairs"):  # each proposal, each pair is a person's
        if name in summary:
            summary[name] = cell(summary[name], masked=masked)
    summary["by_region"] = masked_rows(by_region, masked=masked, keys=PEOPLE_FIGURES)
    summary["by_specialty"] = masked_rows(by_specialty, masked=masked, keys=PEOPLE_FIGURES)
    summary["by_kind"] = masked_rows(by_kind, masked=masked, keys=PEOPLE_FIGURES)
    return summary


def _shown_for_order(count: int, masked: bool) -> int:
    return 0 if masked and 0 < count < MIN_CELL else count


def round_list_with_counts(*, user: User) -> QuerySet[PlacementRound]:
    """`round_list` with each round's offers, seats and applicants, in the same query
    (subqueries, so the joins do not multiply each other); an analyst's applicants from 1 to
    4 are "<5"."""
    offers = Offer.objects.filter(round=OuterRef("pk")).values("round")
    applicants = Application.objects.filter(round=OuterRef("pk")).values("round")
    masked = masks_small_counts(user_scope(user=user).role)
    # masked inside the subquery: a CASE around it ran the count of 2 million applications
    # once per branch
    distinct = cell_expression(Count("student", distinct=True), masked=masked)
    applicant_count = Subquery(
        applicants.annotate(n=distinct).values("n"),
        output_field=CountCellField() if masked else IntegerField(),
    )
    return round_list(user=user).annotate(
        offer_count=Coalesce(Subquery(offers.annotate(n=Count("id")).values("n")), 0),
        seat_count=Coalesce(Subquery(offers.annotate(n=Sum("seats")).values("n")), 0),
        applicant_count=Coalesce(applicant_count, Value("0" if masked else 0)),
    )


def round_counts(*, user: User, placement_round: PlacementRound) -> dict[str, Any]:
    """Offers, seats, applicants and applications so far: not personal, shown to all; an
    analyst's applicants and applications from 1 to 4 are "<5"."""
    offers = placement_round.offers.aggregate(offers=Count("id"), seats=Sum("seats"))
    applications = placement_round.applications.aggregate(
        applications=Count("id"), applicants=Count("student", distinct=True)
    )
    masked = masks_small_counts(user_scope(user=user).role)
    return {
        "offers": offers["offers"],
        "seats": offers["seats"] or 0,
        **{name: cell(count, masked=masked) for name, count in applications.items()},
    }


def contract_list(*, user: User) -> QuerySet[TrainingContract]:
    scope = user_scope(user=user)
    contracts = TrainingContract.objects.select_related("student", "enterprise", "institution")
    if scope.all_people:
        return contracts
    if scope.institution_ids:
        return contracts.filter(institution_id__in=scope.institution_ids)
    enterprise_id = _enterprise_of(user)
    if enterprise_id is not None:
        return contracts.filter(enterprise_id=enterprise_id)
    if scope.student_id is not None:
        return contracts.filter(student_id=scope.student_id)
    return contracts.none()


def contract_get(*, user: User, contract_id: int) -> TrainingContract:
    return contract_list(user=user).get(pk=contract_id)


def dual_training_breakdown(*, starts: date, ends: date, count: str) -> Breakdown:
    """College students placed in dual training (`count="students"`) or the enterprises that
    train them (`count="enterprises"`) in published rounds, at offers running at some time
    between `starts` and `ends`; placements the enterprise declined do not count. Students
    count in their college's region, enterprises in their own: a national aggregate."""
    placements = Placement.objects.filter(
        round__status=PlacementRound.Status.PUBLISHED,
        offer__kind=Offer.Kind.DUAL,
        status__in=[Placement.Status.PENDING, Placement.Status.ACCEPTED],
        offer__starts_on__lte=ends,
        offer__ends_on__gte=starts,
        student__institution__kind="college",
    )
    if count == "students":
        return breakdown_of(
            placements,
            Count("student", distinct=True),
            region="student__institution__region__iso_code",
            institution="student__institution_id",
        )
    return breakdown_of(
        placements,
        Count("offer__enterprise", distinct=True),
        region="offer__enterprise__region__iso_code",
        institution="student__institution_id",
    )


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
