"""A round's figures (an analyst sees a count below the minimum cell as '<5') and dual
training's breakdown."""

from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from qadam.accounts.models import User
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
from qadam.placements.models import (
    Application,
    Offer,
    Placement,
    PlacementRound,
)
from qadam.placements.selectors.rounds import round_list
from qadam.registry.models import Region, Specialty

# the match's figures that count people (applicants, their choices, who was placed where);
# offers and seats are not people
PEOPLE_FIGURES = ("applicants", "applications", "placed", "first_choice", "filled")

MATCHED = (PlacementRound.Status.MATCHED, PlacementRound.Status.PUBLISHED)


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
    counted = Subquery(
        applicants.annotate(n=distinct).values("n"),
        output_field=CountCellField() if masked else IntegerField(),
    )
    # a matched round's applications are closed: its match stored how many applied, so
    # only open rounds count their applications (2 million rows nationally)
    stored = cell_expression(
        Cast(KeyTextTransform("applicants", "summary"), IntegerField()), masked=masked
    )
    applicant_count = Case(
        When(status__in=MATCHED, summary__has_key="applicants", then=stored),
        default=Coalesce(counted, Value("0" if masked else 0)),
        output_field=CountCellField() if masked else IntegerField(),
    )
    return round_list(user=user).annotate(
        offer_count=Coalesce(Subquery(offers.annotate(n=Count("id")).values("n")), 0),
        seat_count=Coalesce(Subquery(offers.annotate(n=Sum("seats")).values("n")), 0),
        applicant_count=applicant_count,
    )


def round_counts(*, user: User, placement_round: PlacementRound) -> dict[str, Any]:
    """Offers, seats, applicants and applications so far: not personal, shown to all; an
    analyst's applicants and applications from 1 to 4 are "<5"."""
    offers = placement_round.offers.aggregate(offers=Count("id"), seats=Sum("seats"))
    stored = placement_round.summary or {}
    if placement_round.status in MATCHED and {"applications", "applicants"} <= stored.keys():
        # applications are closed once matched: the match counted them (2 million rows
        # nationally, a quarter of a second a page otherwise)
        applications = {key: stored[key] for key in ("applications", "applicants")}
    else:
        applications = placement_round.applications.aggregate(
            applications=Count("id"), applicants=Count("student", distinct=True)
        )
    masked = masks_small_counts(user_scope(user=user).role)
    return {
        "offers": offers["offers"],
        "seats": offers["seats"] or 0,
        **{name: cell(count, masked=masked) for name, count in applications.items()},
    }


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
