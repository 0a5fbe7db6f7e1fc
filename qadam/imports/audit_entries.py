"""An import's audit entries, written in bulk: one per new or changed record, as a form's
save would write (a new record's every field as [None, value], a changed record's changed
fields as [old, new]), each saying which file and row it came from, plus the one bulk-load
entry with the import's counts. A record's history thus reads "created by <user> from
<file>, row N" (ADR 0002)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils.translation import gettext as _

from qadam.common.audit import actor_fields
from qadam.common.models import AuditEntry
from qadam.imports.bulk import adapt_rows, adapters, bulk_insert
from qadam.imports.kinds.base import Context, Kind, Records

if TYPE_CHECKING:
    from qadam.imports.writer import Plan

# where a record's values came from: {"file": name, "row": the row number in the file}
SOURCE = "source"
COLUMNS = [
    "at",
    "actor_id",
    "actor_username",
    "actor_role",
    "action",
    "model",
    "object_id",
    "summary",
    "changes",
]


def plain(value: Any) -> Any:
    """A value as JSON can hold it (dates as ISO text, decimals as text, tuples as lists)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    return value


@dataclass(frozen=True)
class Inserted:
    """What every new record got beside the file's values: the kind's insert values and
    the model's defaults, by attname."""

    also: dict[str, Any]


def audit_write(
    kind: Kind,
    plan: "Plan",
    context: Context,
    now: datetime,
    inserted: Inserted,
    new_ids: dict[tuple[Any, ...], int],
    *,
    summary: str,
    details: dict[str, Any],
) -> None:
    """The bulk-load entry, then an entry per new and per changed record (COPY on
    PostgreSQL, executemany on SQLite)."""
    who = actor_fields(context.actor)
    label = kind.model._meta.label
    pk_name = kind.model._meta.pk.attname
    file = str(details.get("file", ""))
    AuditEntry.objects.create(
        **who,
        action=AuditEntry.Action.BULK_LOAD,
        model=label,
        summary=summary[:255],
        changes={
            **details,
            "created": len(plan.new),
            "updated": len(plan.changed),
            "unchanged": plan.unchanged,
        },
    )
    head = (
        connection.ops.adapt_datetimefield_value(now),
        context.actor_id,
        who["actor_username"],
        who["actor_role"],
    )
    records = plan.records
    key_of = records.key_getter()
    origin = _("from %(file)s, row %(row)d")
    also = {
        name: [None, plain(value)] for name, value in inserted.also.items() if value is not None
    }
    rows: list[tuple[Any, ...]] = []
    for position in plan.new:
        row = records.rows[position]
        number = records.numbers[position]
        pk = new_ids[key_of(row)]
        changes = {pk_name: [None, pk], **_created(records, row), **also}
        changes[SOURCE] = {"file": file, "row": number}
        object_id = str(pk)
        text = (origin % {"file": file, "row": number})[:255]
        rows.append((*head, AuditEntry.Action.CREATE.value, label, object_id, text, changes))
    for change in plan.changed:
        number = records.numbers[change.record]
        changes = {**change.diff, SOURCE: {"file": file, "row": number}}
        text = (origin % {"file": file, "row": number})[:255]
        rows.append((*head, AuditEntry.Action.UPDATE.value, label, str(change.pk), text, changes))
    converters = [None, *adapters(AuditEntry, COLUMNS)[1:]]  # the time is adapted above
    bulk_insert(AuditEntry, COLUMNS, adapt_rows(rows, converters))


def _created(records: Records, row: tuple[Any, ...]) -> dict[str, Any]:
    """A new record's values from the file as [None, value], leaving out empty ones as a
    form's create does."""
    return {
        name: [None, plain(value)]
        for name, value in zip(records.fields, row, strict=True)
        if value is not None
    }
