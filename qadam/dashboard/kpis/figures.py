"""The actuals kept computed: a KpiFigures row with the fingerprint of the data it was
computed from. Reading it costs a few indexed look-ups; when the fingerprint moved (an
audited change, new rows, a new day) a background task recomputes it, and until it has, the
page says the figures are being refreshed (ADR 0008)."""

from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Model
from django.utils import timezone

from qadam.agreements.models import Agreement, Mobility, Obligation, Party
from qadam.common.breakdown import Breakdown
from qadam.common.models import AuditEntry
from qadam.dashboard.kpis.actuals import actuals_compute
from qadam.dashboard.models import KpiFigures
from qadam.dashboard.rules import academic_year_of
from qadam.guidance.models import DiagnosticSession
from qadam.placements.models import Placement, PlacementRound, TrainingContract
from qadam.planning.models import Megaproject
from qadam.registry.models import Institution, Program

# tables whose new rows change an actual; updates to them go through the audited save
WATCHED: tuple[type[Model], ...] = (
    AuditEntry,
    Program,
    Institution,
    PlacementRound,
    Placement,
    TrainingContract,
    Megaproject,
    Agreement,
    Party,
    Obligation,
    Mobility,
    DiagnosticSession,
)
REFRESH_FLAG = "dashboard:kpi-refresh:{}"  # one queued refresh per fingerprint
REFRESH_FLAG_SECONDS = 600


def data_fingerprint(*, today: date) -> str:
    """What the actuals depend on, cheaply: the day (flows count within the academic year,
    mobility on the day), the last id of each watched table (the audit log moves with every
    audited change) and the completed diagnostics (a pupil's own progress is not audited)."""
    parts: list[Any] = [today.isoformat()]
    for model in WATCHED:
        parts.append(model._default_manager.aggregate(last=Max("pk"))["last"] or 0)
    completed = DiagnosticSession.objects.filter(completed_at__isnull=False).aggregate(
        n=Count("id")
    )
    parts.append(completed["n"])
    return ":".join(str(part) for part in parts)


def serialise(actuals: dict[str, Breakdown]) -> dict[str, Any]:
    return {
        key: {
            "actual": breakdown.total,
            "by_region": breakdown.by_region,
            # JSON keys are strings: institution ids are turned back by the readers
            "by_institution": {str(pk): value for pk, value in breakdown.by_institution.items()},
        }
        for key, breakdown in actuals.items()
    }


def figures_latest() -> KpiFigures | None:
    return KpiFigures.objects.order_by("-computed_at", "-id").first()


def refresh_requested(fingerprint: str) -> bool:
    """True the first time a refresh is asked for `fingerprint` (within the flag's life)."""
    return bool(cache.add(REFRESH_FLAG.format(fingerprint), True, REFRESH_FLAG_SECONDS))


def figures_refresh(*, today: date, force: bool = False) -> KpiFigures:
    """Recompute every actual from the data, unless the latest figures were computed from
    the same data (`force`: recompute anyway); keeps only the newest row. Derived data, so
    not audited: it is recomputed, never edited."""
    fingerprint = data_fingerprint(today=today)
    latest = figures_latest()
    if latest is not None and latest.fingerprint == fingerprint and not force:
        return latest
    # computed before the write transaction: on SQLite a transaction holds the database's
    # one write lock from its start, and the reads take seconds at national scale. Data
    # changed meanwhile moves the fingerprint taken above, so it is refreshed again.
    computed = serialise(actuals_compute(today=today))
    with transaction.atomic():
        figures = KpiFigures.objects.create(
            computed_at=timezone.now(),
            academic_year=academic_year_of(today),
            fingerprint=fingerprint,
            figures=computed,
        )
        KpiFigures.objects.exclude(pk=figures.pk).delete()
    return figures
