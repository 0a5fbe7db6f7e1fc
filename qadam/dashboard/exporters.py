"""The dashboard's lists as XLSX (see qadam.common.exports): the user's background jobs and
the audit log."""

from collections.abc import Iterable, Iterator, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.common.audit_filters import AuditFilters
from qadam.common.exports import (
    CHUNK,
    ID,
    TEXT,
    ExportParamError,
    Table,
    choice,
    exporter,
    queryset_table,
)
from qadam.common.models import AuditEntry, Job
from qadam.common.selectors import job_list
from qadam.dashboard.audit_entries import entries_shown
from qadam.dashboard.audit_log import audit_entry_list

JOBS_SHOWN = 50  # the jobs page shows the latest fifty
AUDIT_BATCH = 500  # entries whose linked records' names are read together
AUDIT_PARAMS = {
    "record_type": TEXT,
    "record_id": ID,
    "actor": TEXT,
    "action": choice(AuditEntry.Action.values),
    "date_from": TEXT,
    "date_to": TEXT,
}


@exporter("dashboard.jobs", title=_lazy("Background jobs"))
def jobs(user: User, params: dict[str, str]) -> Table:
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


@exporter("dashboard.audit", title=_lazy("Audit log"), params=AUDIT_PARAMS)
def audit(user: User, params: dict[str, str]) -> Table:
    """The entries the audit page lists with these filters, all pages, newest first."""
    filters, malformed = AuditFilters.parse(params)
    if malformed:  # the page would drop it and show more; the file says so instead
        name = malformed[0]
        raise ExportParamError(
            _("“%(value)s” is not a valid “%(name)s”.") % {"value": params[name][:40], "name": name}
        )
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
