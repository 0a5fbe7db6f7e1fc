"""The dashboard's lists as XLSX (see qadam.common.exports): the user's background jobs,
the audit log and the national targets."""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.common.audit_filters import AuditFilters
from qadam.common.exports import CHUNK, Table, exporter, list_table, queryset_table
from qadam.common.filters import NoFilters
from qadam.common.models import AuditEntry, Job
from qadam.common.selectors import job_list
from qadam.dashboard.audit_entries import entries_shown
from qadam.dashboard.audit_log import audit_entry_list
from qadam.dashboard.kpis.definitions import STATUS_LABELS
from qadam.dashboard.selectors_kpis import kpi_board

JOBS_SHOWN = 50  # the jobs page shows the latest fifty
AUDIT_BATCH = 500  # entries whose linked records' names are read together


@exporter("dashboard.jobs", title=_lazy("Background jobs"), filters=NoFilters)
def jobs(user: User, filters: NoFilters) -> Table:
    return queryset_table(
        (
            _lazy("job"),
            _lazy("status"),
            _lazy("done"),
            _lazy("total"),
            _lazy("started"),
            _lazy("finished at"),
        ),
        job_list(user=user)[:JOBS_SHOWN],
        _job_row,
    )


def _job_row(job: Job) -> tuple[object, ...]:
    return (
        job.title,
        job.get_status_display(),
        job.done,
        job.total,
        job.created_at,
        job.finished_at,
    )


@exporter("dashboard.audit", title=_lazy("Audit log"), filters=AuditFilters)
def audit(user: User, filters: AuditFilters) -> Table:
    """The entries the audit page lists with these filters, all pages, newest first."""
    entries = audit_entry_list(user=user, filters=filters)
    header = (
        _lazy("when"),
        _lazy("who"),
        _lazy("role"),
        _lazy("action"),
        _lazy("record type"),
        _lazy("record id"),
        _lazy("summary"),
        _lazy("what changed"),
    )
    return Table(header=header, rows=_audit_rows(entries.iterator(CHUNK)), total=entries.count)


def _audit_rows(entries: Iterable[AuditEntry]) -> Iterator[Sequence[object]]:
    batch: list[AuditEntry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == AUDIT_BATCH:
            yield from _audit_batch(batch)
            batch = []
    yield from _audit_batch(batch)


def _audit_batch(batch: list[AuditEntry]) -> Iterator[Sequence[object]]:
    for shown in entries_shown(batch):
        entry = shown.entry
        yield (
            entry.at,
            shown.actor,
            shown.role,
            entry.get_action_display(),
            shown.record_type,
            entry.object_id,
            entry.summary,
            "\n".join(str(change) for change in shown.changes),
        )


@exporter("dashboard.kpis", title=_lazy("National targets"), filters=NoFilters)
def kpis(user: User, filters: NoFilters) -> Table:
    """Every indicator nationally, then in each region, as the dashboard shows them (an
    analyst's counts from 1 to 4 are "<5"); 404 for a role without the dashboard."""
    board = kpi_board(user=user)
    header = (
        _lazy("indicator key"),
        _lazy("indicator"),
        _lazy("region code"),
        _lazy("region"),
        _lazy("target"),
        _lazy("actual"),
        _lazy("unit"),
        _lazy("status"),
        _lazy("source of the target"),
        _lazy("published on"),
        _lazy("actual as of"),
    )
    return list_table(header, lambda: _kpi_rows(board.kpis), lambda row: row)


def _kpi_rows(kpis: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for kpi in kpis:
        national = (kpi["key"], kpi["label"], "KZ", _("Kazakhstan"), kpi["target"])
        status = str(STATUS_LABELS[kpi["status"]])
        described = (kpi["unit_label"], status, kpi["source"], kpi["source_date"])
        rows.append((*national, kpi["actual"], *described, kpi["as_of"]))
        for region in kpi["by_region"]:
            rows.append(
                (
                    kpi["key"],
                    kpi["label"],
                    region["region"],
                    region["name"],
                    region["target"],
                    region["actual"],
                    kpi["unit_label"],
                    "",
                    "",
                    None,
                    kpi["as_of"],
                )
            )
    return rows
