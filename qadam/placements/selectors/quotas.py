"""A round's quotas: public to whoever sees the round (they are its published rules), with
what each placed and cost after a match for the roles that read a round's figures (an
analyst's counts from 1 to 4 are "<5")."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.common.disclosure import cell, masks_small_counts
from qadam.placements.models import PlacementRound, Quota
from qadam.placements.selectors.rounds import round_get

# the figures of a quota that count people
QUOTA_PEOPLE = ("placed", "placed_without", "displaced", "helped")


@dataclass(frozen=True)
class QuotaRow:
    quota: Quota
    figures: dict[str, Any] = field(default_factory=dict)  # empty before a match


def quota_list(*, user: User, placement_round: PlacementRound) -> QuerySet[Quota]:
    """The round's quotas in the published order (the caller got the round from
    `round_get`, so may see it)."""
    return placement_round.quotas.select_related("offer_region", "home_region").order_by("id")


def quota_get(*, user: User, quota_id: int) -> Quota:
    quota = Quota.objects.select_related("round").get(pk=quota_id)
    round_get(user=user, round_id=quota.round_id)  # DoesNotExist when out of sight
    return quota


def _figures_shown(user: User, placement_round: PlacementRound) -> dict[str, Any]:
    scope = user_scope(user=user)
    figures = (placement_round.summary or {}).get("quotas")
    if not figures or not (scope.aggregates or scope.national_aggregates):
        return {}
    masked = masks_small_counts(scope.role)

    def shown(row: dict[str, Any]) -> dict[str, Any]:
        return {k: cell(v, masked=masked) if k in QUOTA_PEOPLE else v for k, v in row.items()}

    return {
        "each": {row["id"]: shown(row) for row in figures.get("each", [])},
        "all": shown(figures.get("all", {})),
    }


def quota_rows(*, user: User, placement_round: PlacementRound) -> tuple[list[QuotaRow], dict]:
    """Each quota with its figures from the round's last match (a quota added since has
    none), and all the quotas' cost together."""
    figures = _figures_shown(user, placement_round)
    each = figures.get("each", {})
    rows = [
        QuotaRow(q, each.get(q.pk, {}))
        for q in quota_list(user=user, placement_round=placement_round)
    ]
    return rows, figures.get("all", {})
