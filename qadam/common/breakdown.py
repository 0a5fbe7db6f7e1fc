"""A national figure with its split by region and by institution: the shape the national
dashboard reads from each app's aggregate selectors (no personal data in it)."""

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Aggregate, QuerySet


@dataclass(frozen=True)
class Breakdown:
    """`total` nationally; `by_region` keyed by ISO 3166-2 code (rows without a region count
    in the total only); `by_institution` keyed by institution id (empty when the figure does
    not belong to institutions)."""

    total: float
    by_region: dict[str, float] = field(default_factory=dict)
    by_institution: dict[int, float] = field(default_factory=dict)


def breakdown_of(
    queryset: QuerySet[Any], value: Aggregate, *, region: str, institution: str | None = None
) -> Breakdown:
    """`value` aggregated over `queryset`, in total, by the ISO code at `region` and by the
    institution id at `institution` (three grouped queries)."""

    def grouped(path: str) -> dict[Any, float]:
        rows = queryset.values(path).annotate(v=value).order_by()
        return {row[path]: float(row["v"] or 0) for row in rows if row[path] is not None}

    total = queryset.aggregate(v=value)["v"] or 0
    return Breakdown(
        total=float(total),
        by_region=grouped(region),
        by_institution=grouped(institution) if institution else {},
    )


def distinct_breakdown(rows: Iterable[tuple[Hashable, str | None, int | None]]) -> Breakdown:
    """How many distinct items there are among `rows` of (item, region ISO code, institution
    id), in total, by region and by institution: an item counts once in each group it is in."""
    items: set[Hashable] = set()
    regions: dict[str, set[Hashable]] = defaultdict(set)
    institutions: dict[int, set[Hashable]] = defaultdict(set)
    for item, region, institution in rows:
        items.add(item)
        if region is not None:
            regions[region].add(item)
        if institution is not None:
            institutions[institution].add(item)
    return Breakdown(
        total=float(len(items)),
        by_region={key: float(len(value)) for key, value in regions.items()},
        by_institution={key: float(len(value)) for key, value in institutions.items()},
    )
