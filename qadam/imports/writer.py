"""New, changed and unchanged records, and writing them in bulk with their audit entries.

A record whose every field equals what the registry holds is left alone (re-importing a
file changes nothing, not even updated_at); a changed one is updated by primary key and
gets an audit entry with each changed field's old and new values; new ones are inserted.
The import as a whole gets one bulk-load entry with the counts, as the seed does.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.db import connection
from django.utils import timezone

from qadam.common.audit import actor_fields
from qadam.common.models import AuditEntry, TimeStampedModel
from qadam.imports.bulk import adapt_rows, adapters, bulk_insert, bulk_update
from qadam.imports.kinds.base import Context, Existing, Kind, Records, chunks

TIMESTAMPS = ("created_at", "updated_at")


def _plain(value: Any) -> Any:
    """A value as JSON can hold it (dates as ISO text, decimals as text, tuples as lists)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


@dataclass
class Change:
    record: int  # index in Records.rows
    pk: int
    diff: dict[str, list[Any]]  # field -> [old, new], JSON-ready


@dataclass
class Plan:
    records: Records
    new: list[int] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0


def plan_build(records: Records, existing: Existing) -> Plan:
    plan = Plan(records=records)
    key_of = records.key_getter()
    fields = records.fields
    for position, row in enumerate(records.rows):
        found = existing.get(key_of(row))
        if found is None:
            plan.new.append(position)
            continue
        pk, current = found
        if current == row:
            plan.unchanged += 1
            continue
        diff = {
            name: [_plain(old), _plain(new)]
            for name, old, new in zip(fields, current, row, strict=True)
            if old != new
        }
        plan.changed.append(Change(position, pk, diff))
    return plan


def plan_write(
    kind: Kind, plan: Plan, context: Context, *, summary: str, details: dict[str, Any]
) -> None:
    """Write the plan inside the caller's transaction. COPY goes around Django's cursor, so
    its errors are turned into Django's here (an IntegrityError, not psycopg's own)."""
    now = timezone.now()
    with connection.wrap_database_errors:
        _insert(kind, plan, context, now)
        _update(kind, plan, now)
        written = [*plan.new, *(change.record for change in plan.changed)]
        if any(name.startswith("_") for name in plan.records.fields):
            kind.after_write(plan.records, written, _ids(kind, plan.records))
        _audit(kind, plan, context, now, summary=summary, details=details)


def _real(records: Records) -> list[str]:
    return [name for name in records.fields if not name.startswith("_")]


def _insert(kind: Kind, plan: Plan, context: Context, now: datetime) -> None:
    if not plan.new:
        return
    model = kind.model
    records = plan.records
    real = _real(records)
    extra = kind.insert_values(context)
    stamped = issubclass(model, TimeStampedModel)
    skip = {*real, *extra, *(TIMESTAMPS if stamped else ())}
    defaults = {
        model_field.attname: model_field.get_default()
        for model_field in model._meta.concrete_fields
        if not model_field.primary_key and model_field.attname not in skip
    }
    columns = [*real, *extra, *defaults, *(TIMESTAMPS if stamped else ())]
    converters = adapters(model, columns)
    constant = tuple(
        convert(value) if convert else value
        for convert, value in zip(
            converters[len(real) :],
            (*extra.values(), *defaults.values(), *((now, now) if stamped else ())),
            strict=True,
        )
    )
    pick = _picker(records, real)
    rows = [pick(records.rows[index]) + constant for index in plan.new]
    bulk_insert(model, columns, adapt_rows(rows, converters[: len(real)]))


def _picker(records: Records, names: list[str]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """A function taking `names`' values, in order, from a record."""
    positions = [records.position(name) for name in names]
    if positions == list(range(len(records.fields))):
        return lambda row: row
    if len(positions) == 1:
        (position,) = positions
        return lambda row: (row[position],)
    return itemgetter(*positions)


def _update(kind: Kind, plan: Plan, now: datetime) -> None:
    if not plan.changed:
        return
    model = kind.model
    records = plan.records
    real = [name for name in _real(records) if name not in records.key]
    stamped = issubclass(model, TimeStampedModel)
    columns = [*real, *(["updated_at"] if stamped else [])]
    converters = adapters(model, real)
    stamp = (connection.ops.adapt_datetimefield_value(now),) if stamped else ()
    pick = _picker(records, real)
    rows = [(change.pk, *pick(records.rows[change.record]), *stamp) for change in plan.changed]
    bulk_update(model, columns, adapt_rows(rows, [None, *converters]))


def _ids(kind: Kind, records: Records) -> dict[tuple[Any, ...], int]:
    """Every record's id by its key, new ones included (kinds with pseudo-fields have a
    one-field natural key)."""
    (name,) = records.key
    keys = [key[0] for key in records.key_values()]
    ids: dict[tuple[Any, ...], int] = {}
    for chunk in chunks(keys):
        found = kind.model._default_manager.filter(**{f"{name}__in": chunk}).order_by()
        ids.update({(value,): pk for value, pk in found.values_list(name, "pk")})
    return ids


def _audit(
    kind: Kind,
    plan: Plan,
    context: Context,
    now: datetime,
    *,
    summary: str,
    details: dict[str, Any],
) -> None:
    label = kind.model._meta.label
    actor_id = context.actor_id
    who = actor_fields(context.actor)
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
    if not plan.changed:
        return
    columns = [
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
    key_of = plan.records.key_getter()
    stamp = connection.ops.adapt_datetimefield_value(now)
    rows = [
        (
            stamp,
            actor_id,
            who["actor_username"],
            who["actor_role"],
            AuditEntry.Action.UPDATE.value,
            label,
            str(change.pk),
            " ".join(str(part) for part in key_of(plan.records.rows[change.record]))[:255],
            change.diff,
        )
        for change in plan.changed
    ]
    converters = [None, *adapters(AuditEntry, columns)[1:]]  # the time is adapted above
    bulk_insert(AuditEntry, columns, adapt_rows(rows, converters))
