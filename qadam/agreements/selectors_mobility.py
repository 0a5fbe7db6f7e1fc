"""Reads of academic mobility, scoped by `scope.visible_mobility`.

Records name people: the ministry reads all, an institution's administrator those its
institution sends or hosts. Figures (counts, shares, returns by year) are national for
analysts (`mobility_counts_only`), who never get a record or a name, and within the scope
of everyone else. A record's status is computed from its dates against `today`:
returned (a return is recorded), planned (not started), abroad now, completed (its period
is over but no return is recorded).
"""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.agreements.choices import Direction, MobilityFunding, MobilityStatus, PersonKind
from qadam.agreements.filters import MobilityFilters
from qadam.agreements.models import Mobility
from qadam.agreements.scope import mobility_counts_only, visible_mobility
from qadam.common.disclosure import (
    cell,
    is_masked,
    masked_rows,
    masks_small_counts,
    share_shown,
    total_shown_across,
)
from qadam.registry.models import Institution

RUSSIA = "RU"


def status_conditions(today: date) -> dict[str, Q]:
    """Each status as a condition on the dates; exactly one holds for every record."""
    open_ = Q(returned_on__isnull=True)
    started = Q(starts_on__lte=today)
    return {
        MobilityStatus.RETURNED: Q(returned_on__isnull=False),
        MobilityStatus.PLANNED: open_ & Q(starts_on__gt=today),
        MobilityStatus.COMPLETED: open_ & started & Q(ends_on__lt=today),
        MobilityStatus.ABROAD: open_ & started & (Q(ends_on__isnull=True) | Q(ends_on__gte=today)),
    }


def _status_case(today: date) -> Case:
    whens = [
        When(condition, then=Value(str(s))) for s, condition in status_conditions(today).items()
    ]
    return Case(*whens, default=Value(""), output_field=models.CharField())


def _search(queryset: QuerySet[Mobility], text: str) -> QuerySet[Mobility]:
    if text.isdigit():
        return queryset.filter(iin__startswith=text)
    # SQLite folds the case of ASCII letters only: try the usual capitalisations of a name
    variants = {text, text.lower(), text.capitalize(), text.title(), text.upper()}
    condition = Q(full_name__icontains=text)
    for variant in variants:
        condition |= Q(full_name__contains=variant)
    return queryset.filter(condition)


def _filtered(
    queryset: QuerySet[Mobility], filters: MobilityFilters, today: date
) -> QuerySet[Mobility]:
    exact = {
        "direction": filters.direction,
        "person_kind": filters.person_kind,
        "host_country": filters.host_country,
        "home_country": filters.home_country,
        "funding": filters.funding,
    }
    queryset = queryset.filter(**{key: value for key, value in exact.items() if value})
    if filters.scholarship is not None:
        queryset = queryset.filter(scholarship=filters.scholarship)
    if filters.institution:
        queryset = queryset.filter(
            Q(home_institution_id=filters.institution) | Q(host_institution_id=filters.institution)
        )
    if filters.status:
        queryset = queryset.filter(status_conditions(today)[filters.status])
    if filters.q:
        queryset = _search(queryset, filters.q)
    return queryset


def mobility_list(
    *, user: User, filters: MobilityFilters | None = None, today: date | None = None
) -> QuerySet[Mobility]:
    """The records `user` may read by name, filtered, each with its `mobility_status`;
    empty for analysts (see `mobility_figures`)."""
    today = today or timezone.localdate()
    queryset = visible_mobility(user=user).select_related(
        "home_institution", "host_institution", "agreement"
    )
    queryset = _filtered(queryset, filters or MobilityFilters(), today)
    return queryset.annotate(mobility_status=_status_case(today)).order_by("-starts_on", "-id")


def mobility_get(*, user: User, mobility_id: int, today: date | None = None) -> Mobility:
    """One record `user` may read; Mobility.DoesNotExist for anyone else (no existence leak)."""
    today = today or timezone.localdate()
    return (
        visible_mobility(user=user)
        .select_related("home_institution", "host_institution", "agreement", "student", "educator")
        .annotate(mobility_status=_status_case(today))
        .get(pk=mobility_id)
    )


def mobility_sees_names(*, user: User) -> bool:
    """May `user` read records by name (the list's table, the detail pages)?"""
    return not mobility_counts_only(user=user)


def mobility_reads_records(*, user: User) -> bool:
    """Does `user` read any record by name (the list's export)? The ministry and an
    institution's administrator do; analysts get figures only, other roles no record."""
    scope = user_scope(user=user)
    return scope.all_people or bool(scope.institution_ids)


def _counted(user: User, filters: MobilityFilters, today: date) -> QuerySet[Mobility]:
    if mobility_counts_only(user=user):
        # national counts; no search by name, whose count would tell a person's record exists
        filters = filters.model_copy(update={"q": ""})
        return _filtered(Mobility.objects.all(), filters, today)
    return _filtered(visible_mobility(user=user), filters, today)


def _is_russia(row: dict[str, Any]) -> bool:
    """A Kazakh student studying in Russia (`mobility_russia_summary`)."""
    return (
        row["host_country"] == RUSSIA
        and row["direction"] == Direction.OUTGOING
        and row["person_kind"] == PersonKind.STUDENT
    )


# what tells a Kazakh student in Russia apart, beside the host country
RUSSIA_KEYS = ("direction", "person_kind")


def _groups(queryset: QuerySet[Mobility], today: date, *keys: str) -> list[dict[str, Any]]:
    """One pass over the records: counts per (country, funding, *keys), summed later."""
    conditions = status_conditions(today)
    rows = (
        queryset.order_by()
        .values("host_country", "funding", *keys)
        .annotate(
            total=Count("id"),
            scholarship=Count("id", filter=Q(scholarship=True)),
            **{str(s): Count("id", filter=condition) for s, condition in conditions.items()},
        )
    )
    return [dict(row) for row in rows]


def _return_days(queryset: QuerySet[Mobility], *keys: str) -> list[dict[str, Any]]:
    """Expected returns (by `ends_on`, not yet returned) and recorded returns per day and
    `keys`: grouped by date and summed by year later, as SQLite extracts a year in Python,
    row by row."""
    expected = (
        queryset.filter(returned_on__isnull=True, ends_on__isnull=False)
        .values("ends_on", "host_country", *keys)
        .annotate(count=Count("id"))
    )
    returned = (
        queryset.filter(returned_on__isnull=False)
        .values("returned_on", "host_country", *keys)
        .annotate(count=Count("id"))
    )
    days = [{**row, "kind": "expected", "day": row["ends_on"]} for row in expected.order_by()]
    return days + [
        {**row, "kind": "returned", "day": row["returned_on"]} for row in returned.order_by()
    ]


def _returns_by_year(days: list[dict[str, Any]]) -> list[dict[str, int]]:
    """Per year: expected returns and recorded returns."""
    years: dict[int, dict[str, int]] = {}
    for row in days:
        year = row["day"].year
        counts = years.setdefault(year, {"year": year, "expected": 0, "returned": 0})
        counts[row["kind"]] += row["count"]
    return [years[year] for year in sorted(years)]


def mobility_figures(
    *, user: User, filters: MobilityFilters | None = None, today: date | None = None
) -> dict[str, Any]:
    """Counts of the filtered records: by host country, by funding, by status, the share on
    a scholarship and returns by year. No names: analysts get these nationally, their counts
    from 1 to 4 as "<5"."""
    today = today or timezone.localdate()
    queryset = _counted(user, filters or MobilityFilters(), today)
    figures = _figures(_groups(queryset, today), _return_days(queryset), today)
    return _shown(figures, masked=masks_small_counts(user_scope(user=user).role))


def mobility_figures_and_russia(
    *, user: User, filters: MobilityFilters, today: date | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`mobility_figures` and `mobility_russia_summary` together. Unfiltered (the page as it
    opens) both come from one pass over the records, grouped by what tells Russia apart."""
    today = today or timezone.localdate()
    if filters != MobilityFilters():
        return (
            mobility_figures(user=user, filters=filters, today=today),
            mobility_russia_summary(user=user, today=today),
        )
    queryset = _counted(user, filters, today)
    groups = _groups(queryset, today, *RUSSIA_KEYS)
    days = _return_days(queryset, *RUSSIA_KEYS)
    masked = masks_small_counts(user_scope(user=user).role)
    russia = _figures(
        [row for row in groups if _is_russia(row)], [row for row in days if _is_russia(row)], today
    )
    return (
        _shown(_figures(groups, days, today), masked=masked),
        _russia(_shown(russia, masked=masked)),
    )


def _figures(
    groups: list[dict[str, Any]], days: list[dict[str, Any]], today: date
) -> dict[str, Any]:
    keys = ["total", "scholarship", *map(str, status_conditions(today))]
    totals = {key: sum(group[key] for group in groups) for key in keys}
    funding_labels = dict(MobilityFunding.choices)
    return {
        "total": totals["total"],
        "scholarship": totals["scholarship"],
        "by_status": [
            {"status": str(s), "label": str(s.label), "count": totals[str(s)]}
            for s in MobilityStatus
        ],
        "by_host_country": [
            {"country": country, "count": count}
            for country, count in _summed(groups, "host_country")
        ],
        "by_funding": [
            {
                "funding": funding,
                "label": str(funding_labels.get(funding, funding)),
                "count": count,
            }
            for funding, count in _summed(groups, "funding")
        ],
        "returns_by_year": _returns_by_year(days),
    }


def _summed(groups: list[dict[str, Any]], key: str) -> list[tuple[str, int]]:
    """The groups' totals by `key`, the biggest first (ties by key)."""
    sums: dict[str, int] = defaultdict(int)
    for group in groups:
        sums[group[key]] += group["total"]
    return sorted(sums.items(), key=lambda item: (-item[1], item[0]))


def _shown(figures: dict[str, Any], *, masked: bool) -> dict[str, Any]:
    """The figures as `user` sees them: an analyst's counts from 1 to 4 are "<5", the total
    beside them one that gives none away, and a share of a masked count is None
    (qadam.common.disclosure)."""
    rows = ("by_status", "by_host_country", "by_funding")
    total = total_shown_across(
        figures["total"],
        [[row["count"] for row in figures[name]] for name in rows],
        masked=masked,
    )
    scholarship = cell(figures["scholarship"], masked=masked)
    return {
        **figures,
        "total": total,
        "scholarship": scholarship,
        "scholarship_share": share_shown(scholarship, total),
        "by_status": masked_rows(figures["by_status"], masked=masked),
        # the biggest first, then the masked ones by name: their order would rank them
        "by_host_country": _masked_last(figures["by_host_country"], "country", masked),
        "by_funding": _masked_last(figures["by_funding"], "funding", masked),
        "returns_by_year": masked_rows(
            figures["returns_by_year"], masked=masked, keys=("expected", "returned")
        ),
    }


def _masked_last(rows: list[dict[str, Any]], name: str, masked: bool) -> list[dict[str, Any]]:
    shown = masked_rows(rows, masked=masked)
    exact = [row for row in shown if not is_masked(row["count"])]
    return exact + sorted((row for row in shown if is_masked(row["count"])), key=lambda r: r[name])


def mobility_russia_summary(*, user: User, today: date | None = None) -> dict[str, Any]:
    """Kazakh students studying in Russia: how many, how many on a scholarship (and the
    share), how many are abroad now, and who returns (or returned) in which year."""
    filters = MobilityFilters(
        direction=Direction.OUTGOING.value,
        person_kind=PersonKind.STUDENT.value,
        host_country=RUSSIA,
    )
    return _russia(mobility_figures(user=user, filters=filters, today=today))


def _russia(figures: dict[str, Any]) -> dict[str, Any]:
    statuses = {row["status"]: row["count"] for row in figures["by_status"]}
    return {
        "total": figures["total"],
        "scholarship": figures["scholarship"],
        "scholarship_share": figures["scholarship_share"],
        "abroad": statuses[MobilityStatus.ABROAD],
        "returned": statuses[MobilityStatus.RETURNED],
        "returns_by_year": figures["returns_by_year"],
    }


def mobility_filter_choices(*, user: User) -> dict[str, Any]:
    """The institutions and countries that occur in what `user` may count, for the filters
    (institutions and countries are not personal data)."""
    queryset = _counted(user, MobilityFilters(), timezone.localdate())
    institutions = Institution.objects.filter(
        Q(pk__in=queryset.values("home_institution_id"))
        | Q(pk__in=queryset.values("host_institution_id"))
    ).order_by("name_ru", "id")
    countries = set(queryset.order_by().values_list("host_country", flat=True).distinct())
    countries |= set(queryset.order_by().values_list("home_country", flat=True).distinct())
    return {"institutions": list(institutions), "countries": sorted(countries)}


def student_mobility(*, student_id: int) -> QuerySet[Mobility]:
    """A student's periods abroad, oldest first (the caller may read the student: the
    learner's record asks after its scoped read)."""
    return (
        Mobility.objects.filter(student_id=student_id, person_kind=PersonKind.STUDENT)
        .select_related("host_institution", "home_institution", "agreement")
        .order_by("starts_on", "id")
    )
