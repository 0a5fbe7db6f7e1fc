"""An import's audit entries, written in bulk: one per new or changed record, as a form's
save would write (a new record's every field as [None, value], a changed record's changed
fields as [old, new]), each saying which file and row it came from, plus the one bulk-load
entry with the import's counts. A record's history thus reads "created by <user> from
<file>, row N" (ADR 0002)."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils.translation import gettext as _

from qadam.common.audit import actor_fields
from qadam.common.models import AuditEntry
from qadam.imports.bulk import bulk_insert
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

ENCODE = json.JSONEncoder(check_circular=False).encode  # as Django's JSONField, less checking
CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "DateField": date.isoformat,
    "DateTimeField": datetime.isoformat,
    "DecimalField": str,
}


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
    counts = {"created": len(plan.new), "updated": len(plan.changed), "unchanged": plan.unchanged}
    AuditEntry.objects.create(
        **who,
        action=AuditEntry.Action.BULK_LOAD,
        model=label,
        summary=summary[:255],
        changes={**details, **counts},
    )
    head = (
        connection.ops.adapt_datetimefield_value(now),
        context.actor_id,
        who["actor_username"],
        who["actor_role"],
    )
    file = str(details.get("file", ""))
    origin = _("from %(file)s, row %(row)d")
    records = plan.records
    key_of = records.key_getter()
    pk_name = kind.model._meta.pk.attname
    values_of = _created_getter(kind, records, inserted)
    rows: list[tuple[Any, ...]] = []
    create, update = AuditEntry.Action.CREATE.value, AuditEntry.Action.UPDATE.value
    for position in plan.new:
        row = records.rows[position]
        number = records.numbers[position]
        pk = new_ids[key_of(row)]
        changes = {pk_name: [None, pk], **values_of(row), SOURCE: {"file": file, "row": number}}
        text = (origin % {"file": file, "row": number})[:255]
        rows.append((*head, create, label, str(pk), text, ENCODE(changes)))
    for change in plan.changed:
        number = records.numbers[change.record]
        changes = {**change.diff, SOURCE: {"file": file, "row": number}}
        text = (origin % {"file": file, "row": number})[:255]
        rows.append((*head, update, label, str(change.pk), text, ENCODE(changes)))
    bulk_insert(AuditEntry, COLUMNS, rows)  # every value adapted above


def _created_getter(
    kind: Kind, records: Records, inserted: Inserted
) -> Callable[[tuple[Any, ...]], dict[str, list[Any]]]:
    """A function giving a new record's fields as [None, value], leaving out empty ones
    as a form's create does; each column's conversion to JSON is chosen once."""
    fields = {field.attname: field for field in kind.model._meta.concrete_fields}
    columns = []
    for position, name in enumerate(records.fields):
        field = fields.get(name)  # None for a pseudo-field (a kind's tuples of parties)
        convert = CONVERTERS.get(field.get_internal_type()) if field is not None else plain
        columns.append((name, position, convert))
    also = {
        name: [None, plain(value)] for name, value in inserted.also.items() if value is not None
    }

    def values_of(row: tuple[Any, ...]) -> dict[str, list[Any]]:
        changes: dict[str, list[Any]] = {}
        for name, position, convert in columns:
            value = row[position]
            if value is not None:
                changes[name] = [None, value if convert is None else convert(value)]
        changes.update(also)
        return changes

    return values_of
