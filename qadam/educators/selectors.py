"""Reads of educators and their upskilling, scoped by `user_scope`: the ministry reads every
educator, an institution's administrator their own (and their branches'); analysts read only
the shares, with counts from 1 to 4 shown as "<5" (qadam.common.disclosure); everyone else
nothing. An educator is upskilled when a course or internship ended within the period
(settings.QADAM_UPSKILLING_PERIOD_YEARS), else overdue."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope, user_scope
from qadam.agreements.choices import ObligationKind
from qadam.agreements.models import Obligation
from qadam.common.disclosure import cell, masks_small_counts, share_shown
from qadam.educators.choices import ShareGrouping, UpskillingStatus
from qadam.educators.filters import EducatorListFilters, ShareFilters
from qadam.educators.models import Upskilling
from qadam.educators.rules import overdue_since
from qadam.registry.choices import CollegeProfile, InstitutionKind
from qadam.registry.models import Educator, Enterprise, Institution, Region


def period_years() -> int:
    return int(settings.QADAM_UPSKILLING_PERIOD_YEARS)


def upskilled_since(today: date | None = None) -> date:
    """The first day an upskilling must have ended on to count as within the period."""
    return overdue_since(period_years(), today or timezone.localdate())


def _in_scope(scope: Scope) -> QuerySet[Educator]:
    if scope.all_people:
        return Educator.objects.all()
    if scope.institution_ids:
        return Educator.objects.filter(institution_id__in=scope.institution_ids)
    return Educator.objects.none()


def _recent(since: date) -> Exists:
    return Exists(Upskilling.objects.filter(educator=OuterRef("pk"), completed_on__gte=since))


def _latest() -> Subquery:
    latest = Upskilling.objects.filter(educator=OuterRef("pk")).order_by("-completed_on")
    return Subquery(latest.values("completed_on")[:1])


def _filtered(
    queryset: QuerySet[Educator], filters: EducatorListFilters, since: date
) -> QuerySet[Educator]:
    exact = {
        "institution__region_id": filters.region,
        "institution_id": filters.institution,
        "category": filters.category,
    }
    queryset = queryset.filter(**{key: value for key, value in exact.items() if value})
    if filters.foreign_manager is not None:
        queryset = queryset.filter(is_foreign_manager=filters.foreign_manager)
    if filters.status == UpskillingStatus.CURRENT:
        queryset = queryset.filter(_recent(since))
    elif filters.status == UpskillingStatus.OVERDUE:
        queryset = queryset.filter(~_recent(since))
    if filters.q.isdigit():
        queryset = queryset.filter(iin__startswith=filters.q)
    elif filters.q:
        # surnames are stored capitalised; a case-sensitive prefix can use the index
        queryset = queryset.filter(last_name__startswith=filters.q[:1].upper() + filters.q[1:])
    return queryset


def educator_list(
    *, user: User, filters: EducatorListFilters | None = None, today: date | None = None
) -> QuerySet[Educator]:
    """The educators `user` may read by name, filtered, each with `last_upskilled_on`
    (None: never) and `is_overdue`; none for analysts (see `upskilling_shares`)."""
    since = upskilled_since(today)
    queryset = _filtered(_in_scope(user_scope(user=user)), filters or EducatorListFilters(), since)
    return (
        queryset.select_related("institution")
        .annotate(last_upskilled_on=_latest())
        .order_by("last_name", "first_name", "id")
    )


def educator_get(*, user: User, educator_id: int) -> Educator:
    """One educator `user` may read; Educator.DoesNotExist for anyone else."""
    return (
        _in_scope(user_scope(user=user))
        .select_related("institution", "institution__region")
        .prefetch_related("specialties")
        .annotate(last_upskilled_on=_latest())
        .get(pk=educator_id)
    )


def is_overdue(educator: Educator, today: date | None = None) -> bool:
    """Whether the educator (annotated by the selectors) is past the period."""
    latest = getattr(educator, "last_upskilled_on", None)
    return latest is None or latest < upskilled_since(today)


def upskilling_history(*, user: User, educator: Educator) -> QuerySet[Upskilling]:
    """The educator's courses and internships, newest first (the educator is in scope:
    read through `educator_get`)."""
    visible = _in_scope(user_scope(user=user)).filter(pk=educator.pk)
    return (
        Upskilling.objects.filter(educator__in=visible)
        .select_related("enterprise", "obligation__agreement")
        .order_by("-completed_on", "-id")
    )


def upskilling_list(
    *, user: User, filters: EducatorListFilters | None = None
) -> QuerySet[Upskilling]:
    """The courses and internships of the educators `user` reads by name (the educators'
    list filters), by educator, newest first; none for analysts."""
    educators = _filtered(
        _in_scope(user_scope(user=user)), filters or EducatorListFilters(), upskilled_since()
    )
    return (
        Upskilling.objects.filter(educator__in=educators.values("pk"))
        .select_related("educator", "enterprise", "obligation__agreement")
        .order_by("educator__last_name", "educator__first_name", "educator_id", "-completed_on")
    )


def upskilling_get(*, user: User, upskilling_id: int) -> Upskilling:
    visible = _in_scope(user_scope(user=user))
    return Upskilling.objects.select_related("educator", "educator__institution").get(
        pk=upskilling_id, educator__in=visible
    )


def internship_obligations(*, educator: Educator) -> QuerySet[Obligation]:
    """The patrons' obligations that may provide the educator's internship: internship
    places for the educator's institution."""
    return (
        Obligation.objects.filter(
            kind=ObligationKind.INTERNSHIP_PLACES, beneficiary_id=educator.institution_id
        )
        .select_related("agreement")
        .order_by("-due_on", "id")
    )


# --------------------------------------------------------------------------- shares

GROUP_COLUMNS = {
    ShareGrouping.REGION: "institution__region_id",
    ShareGrouping.INSTITUTION: "institution_id",
    ShareGrouping.SECTOR: "institution__profile",
}


@dataclass(frozen=True)
class ShareRow:
    key: Any
    label: str
    educators: Any  # an int, or "<5" for an analyst
    upskilled: Any
    share: float | None  # per cent; None when withheld


def _labels(by: str, keys: list[Any]) -> dict[Any, str]:
    if by == ShareGrouping.REGION:
        return {r.pk: r.name for r in Region.objects.filter(pk__in=keys)}
    if by == ShareGrouping.INSTITUTION:
        return {i.pk: i.name for i in Institution.objects.filter(pk__in=keys)}
    return {key: str(dict(CollegeProfile.choices).get(key, key or "—")) for key in keys}


def _figures_scope(user: User) -> QuerySet[Educator]:
    scope = user_scope(user=user)
    if scope.national_aggregates:
        return Educator.objects.all()
    return _in_scope(scope)


def upskilling_shares(
    *, user: User, filters: ShareFilters | None = None, today: date | None = None
) -> list[ShareRow]:
    """Educators and those upskilled within the period per region, college or sector
    (the college's profile), largest first; national for the ministry and analysts, an
    institution's administrator's own otherwise; masked for analysts."""
    filters = filters or ShareFilters()
    column = GROUP_COLUMNS[ShareGrouping(filters.by)]
    educators = _figures_scope(user).filter(institution__kind=InstitutionKind.COLLEGE)
    if filters.region:
        educators = educators.filter(institution__region_id=filters.region)
    since = upskilled_since(today)
    totals = dict(educators.values_list(column).annotate(n=Count("id")).order_by())
    upskilled = dict(
        educators.filter(_recent(since)).values_list(column).annotate(n=Count("id")).order_by()
    )
    labels = _labels(filters.by, list(totals))
    masked = masks_small_counts(user_scope(user=user).role)
    rows = []
    for key, total in totals.items():
        shown_total = cell(total, masked=masked)
        shown_upskilled = cell(upskilled.get(key, 0), masked=masked)
        rows.append(
            ShareRow(
                key=key,
                label=labels.get(key, str(key)),
                educators=shown_total,
                upskilled=shown_upskilled,
                share=share_shown(shown_upskilled, shown_total),
            )
        )
    return sorted(rows, key=lambda row: (-totals[row.key], row.label))


@dataclass(frozen=True)
class NationalShare:
    educators: Any
    upskilled: Any
    share: float | None


def upskilling_total(*, user: User, today: date | None = None) -> NationalShare:
    """The headline above the shares: all educators in the user's figures' scope."""
    educators = _figures_scope(user).filter(institution__kind=InstitutionKind.COLLEGE)
    counts = educators.aggregate(
        total=Count("id"), upskilled=Count("id", filter=Q(_recent(upskilled_since(today))))
    )
    masked = masks_small_counts(user_scope(user=user).role)
    total = cell(counts["total"], masked=masked)
    upskilled = cell(counts["upskilled"], masked=masked)
    return NationalShare(total, upskilled, share_shown(upskilled, total))


def upskilled_share(today: date | None = None) -> float:
    """The national share (0-1) of educators upskilled within the period: `qadam stats`."""
    educators = Educator.objects.all()
    total = educators.count()
    if not total:
        return 0.0
    return round(educators.filter(_recent(upskilled_since(today))).count() / total, 4)


def statistics() -> dict[str, float]:
    """`qadam stats`' keys of this app (the registry gives `educators`)."""
    return {"educators_upskilled_3y_share": upskilled_share()}


# --------------------------------------------------------------------------- overdue


def overdue_educators(*, user: User, today: date | None = None) -> QuerySet[Educator]:
    """The educators `user` may read by name who have not upskilled within the period, by
    name (an index walk: the reminders read the first ten of many thousands), each with
    `last_upskilled_on`."""
    since = upskilled_since(today)
    return (
        _in_scope(user_scope(user=user))
        .filter(~_recent(since))
        .select_related("institution")
        .annotate(last_upskilled_on=_latest())
        .order_by("last_name", "first_name", "id")
    )


# --------------------------------------------------------------------------- choices

ENTERPRISES_SHOWN = 30


def enterprise_options(*, q: str, chosen: int | None) -> tuple[list[tuple[int, str]], bool]:
    """An internship's enterprise select among the 18,000: those with every word of `q` in
    the name (30 at most), `chosen` kept, and whether more match."""
    found = Enterprise.objects.all()
    for word in q.split()[:5]:
        found = found.filter(name__icontains=word)
    listed = list(found.order_by("name", "pk")[: ENTERPRISES_SHOWN + 1])
    options = [(e.pk, str(e)) for e in listed[:ENTERPRISES_SHOWN]]
    if chosen and all(pk != chosen for pk, _name in options):
        options[:0] = [(e.pk, str(e)) for e in Enterprise.objects.filter(pk=chosen)]
    return options, len(listed) > ENTERPRISES_SHOWN


def region_choices() -> QuerySet[Region]:
    return Region.objects.order_by("name_ru")
