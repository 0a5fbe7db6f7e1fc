"""The national dashboard's reads: every indicator's target beside its actual, by region,
by institution and over academic years, as the ministry or an analyst may see them (an
analyst sees a count from 1 to 4 as "<5"). Anyone else: not found."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope, user_scope
from qadam.common.disclosure import cell
from qadam.common.localized import localized
from qadam.dashboard import policies, rules
from qadam.dashboard.kpis.definitions import INDICATORS, UNIT_LABELS, Indicator
from qadam.dashboard.kpis.figures import (
    data_fingerprint,
    figures_latest,
    figures_refresh,
    refresh_requested,
)
from qadam.dashboard.models import KpiFigures, KpiSnapshot, KpiTarget
from qadam.dashboard.tasks import kpi_figures_refresh_task
from qadam.registry.filters import InstitutionFilters
from qadam.registry.models import Region
from qadam.registry.selectors import institution_list, region_list

DRILL_DOWN_KINDS = ("college", "university")


@dataclass(frozen=True)
class Board:
    """What the dashboard shows: the indicators, the regions, and how fresh the figures are."""

    kpis: list[dict[str, Any]]
    regions: list[Region]
    computed_at: Any
    is_stale: bool
    academic_year: int
    masked: bool
    years: list[int] = field(default_factory=list)


def _require_reader(user: User) -> Scope:
    scope = user_scope(user=user)
    if not policies.may_read_national_kpis(user, scope):
        # not "forbidden": like every national page, it does not exist for other roles
        raise KpiFigures.DoesNotExist
    return scope


def _figures(today: date) -> tuple[KpiFigures, bool]:
    """The latest figures and whether the data moved since; the first read computes them,
    later ones queue a refresh when the data moved (figures.py)."""
    fingerprint = data_fingerprint(today=today)
    latest = figures_latest()
    if latest is None:
        return figures_refresh(today=today), False
    if latest.fingerprint == fingerprint:
        return latest, False
    if refresh_requested(fingerprint):
        kpi_figures_refresh_task.enqueue()
        latest = figures_latest() or latest  # an immediate backend has refreshed already
    return latest, latest.fingerprint != fingerprint


def _shown(indicator: Indicator, value: float | None, masked: bool) -> Any:
    if value is None:
        return None
    if indicator.is_share:
        return value
    return cell(int(value), masked=masked)


def _trend(
    indicator: Indicator,
    snapshots: list[KpiSnapshot],
    current: tuple[int, float | None, float | None],
    masked: bool,
) -> list[dict[str, Any]]:
    year, actual, target = current
    points = [
        {
            "year": snapshot.academic_year,
            "label": rules.academic_year_label(snapshot.academic_year),
            "actual": _shown(indicator, snapshot.actual, masked),
            "target": snapshot.target,
        }
        for snapshot in snapshots
        if snapshot.academic_year < year
    ]
    points.append(
        {
            "year": year,
            "label": rules.academic_year_label(year),
            "actual": _shown(indicator, actual, masked),
            "target": target,
        }
    )
    return points


def _kpi(
    indicator: Indicator,
    target: KpiTarget | None,
    figure: dict[str, Any] | None,
    context: dict[str, Any],
) -> dict[str, Any]:
    masked: bool = context["masked"]
    actual = figure["actual"] if figure else None
    regional = figure["by_region"] if figure else {}
    regional_targets = target.regional_targets if target else {}
    snapshots = context["snapshots"].get(indicator.key, [])
    previous = next(
        (s.actual for s in reversed(snapshots) if s.academic_year < context["year"]), None
    )
    value = target.value if target else None
    return {
        "key": indicator.key,
        "label": str(indicator.label),
        "target": value,
        "actual": _shown(indicator, actual, masked),
        "unit": indicator.unit,
        "unit_label": str(UNIT_LABELS[indicator.unit]),
        "counts": str(indicator.counts),
        "source": localized(target, "source") if target else "",
        "source_url": target.source_url if target else "",
        "source_date": target.source_date if target else None,
        "as_of": context["as_of"],
        "status": rules.status(actual, value, previous),
        "progress": round(actual / value, 4) if actual is not None and value else None,
        "by_region": [
            {
                "region": region.iso_code,
                "name": region.name,
                "actual": _shown(indicator, regional.get(region.iso_code, 0.0), masked),
                "target": regional_targets.get(region.iso_code),
            }
            for region in context["regions"]
        ],
        "trend": _trend(indicator, snapshots, (context["year"], actual, value), masked),
    }


def kpi_board(*, user: User, today: date | None = None) -> Board:
    """Every indicator for `user` (the ministry or an analyst; anyone else: DoesNotExist)."""
    scope = _require_reader(user)
    today = today or timezone.localdate()
    figures, is_stale = _figures(today)
    year = figures.academic_year
    snapshots: dict[str, list[KpiSnapshot]] = {}
    for snapshot in KpiSnapshot.objects.order_by("key", "academic_year"):
        snapshots.setdefault(snapshot.key, []).append(snapshot)
    masked = policies.masks_small_counts(scope)
    regions = list(region_list().order_by("iso_code"))
    context: dict[str, Any] = {
        "masked": masked,
        "regions": regions,
        "snapshots": snapshots,
        "year": year,
        "as_of": figures.computed_at.date(),
    }
    targets = {target.key: target for target in KpiTarget.objects.all()}
    kpis = [
        _kpi(indicator, targets.get(indicator.key), figures.figures.get(indicator.key), context)
        for indicator in INDICATORS
    ]
    years = sorted({point["year"] for kpi in kpis for point in kpi["trend"]})
    return Board(
        kpis=kpis,
        regions=regions,
        computed_at=figures.computed_at,
        is_stale=is_stale,
        academic_year=year,
        masked=masked,
        years=years,
    )


def kpi_target_get(*, user: User, key: str) -> KpiTarget:
    """A target the user may edit (the ministry); DoesNotExist for anyone else."""
    if not policies.may_edit_kpi_targets(user):
        raise KpiTarget.DoesNotExist
    return KpiTarget.objects.get(key=key)


def kpi_region_detail(*, user: User, iso_code: str, key: str) -> dict[str, Any]:
    """One region's figure for the indicator `key` and its colleges and universities, each
    with its own figure where the indicator belongs to institutions."""
    scope = _require_reader(user)
    indicator = next((i for i in INDICATORS if i.key == key), None)
    region = Region.objects.get(iso_code=iso_code)
    if indicator is None:
        raise KpiFigures.DoesNotExist
    board = kpi_board(user=user)
    kpi = next(k for k in board.kpis if k["key"] == key)
    figures = figures_latest()
    figure = (figures.figures.get(key) if figures else None) or {}
    by_institution = figure.get("by_institution", {})
    masked = policies.masks_small_counts(scope)
    institutions = [
        institution
        for kind in DRILL_DOWN_KINDS
        for institution in institution_list(
            user=user, filters=InstitutionFilters(kind=kind, region=region.pk)
        )
    ]
    rows = [
        {
            "institution": institution,
            "value": _shown(indicator, by_institution.get(str(institution.pk), 0.0), masked)
            if indicator.by_institution
            else None,
            "sort": by_institution.get(str(institution.pk), 0.0),
        }
        for institution in institutions
    ]
    rows.sort(key=lambda row: (-row["sort"], row["institution"].name))
    regional = next(row for row in kpi["by_region"] if row["region"] == iso_code)
    return {
        "region": region,
        "kpi": kpi,
        "indicator": indicator,
        "regional": regional,
        "rows": rows,
        "board": board,
    }
