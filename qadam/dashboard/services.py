"""The dashboard's writes: the ministry's targets (through the audited save), the computed
figures and the yearly snapshots (derived from the data, so not audited: they are recomputed,
never edited)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from qadam.accounts.models import User
from qadam.common.audit import audited_update
from qadam.dashboard import policies, rules
from qadam.dashboard.kpis.definitions import BY_KEY
from qadam.dashboard.kpis.figures import figures_refresh
from qadam.dashboard.models import KpiSnapshot, KpiTarget

TARGET_FIELDS = (
    "value",
    "source",
    "source_kk",
    "source_en",
    "source_url",
    "source_date",
    "regional_targets",
)


def target_check(target: KpiTarget, changed: set[str]) -> dict[str, list[str]]:
    """The rules for a target about to be saved (the form, the admin and the service)."""
    indicator = BY_KEY.get(target.key)
    row = {name: getattr(target, name) for name in TARGET_FIELDS}
    return rules.target_errors(row, is_share=bool(indicator and indicator.is_share))


def kpi_target_update(
    *,
    actor: User,
    target: KpiTarget,
    changes: Mapping[str, Any],
    seen: Mapping[str, Any] | None = None,
) -> KpiTarget:
    """Change a published target (its value, source, date, regional targets): the ministry
    only; audited, refused beside a field someone else changed meanwhile."""
    policies.require_edit_kpi_targets(actor)
    unknown = set(changes) - set(TARGET_FIELDS)
    if unknown:
        raise ValueError(f"not a target's field: {sorted(unknown)}")
    return audited_update(
        actor=actor, instance=target, changes=changes, check=target_check, seen=seen
    )


@transaction.atomic
def kpi_snapshot_take(*, today: date) -> list[KpiSnapshot]:
    """Keep the current academic year's figures and targets as its snapshot (replacing one
    taken earlier that year): the trend's point for the year."""
    figures = figures_refresh(today=today)
    year = rules.academic_year_of(today)
    targets = dict(KpiTarget.objects.values_list("key", "value"))
    taken = []
    for key, figure in figures.figures.items():
        snapshot, _created = KpiSnapshot.objects.update_or_create(
            key=key,
            academic_year=year,
            defaults={
                "actual": figure["actual"],
                "target": targets.get(key),
                "by_region": figure["by_region"],
                "taken_at": figures.computed_at,
            },
        )
        taken.append(snapshot)
    return taken
