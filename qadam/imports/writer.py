"""New, changed and unchanged records, and writing them in bulk with their audit entries.

A record whose every field equals what the registry holds is left alone (re-importing a
file changes nothing, not even updated_at); a changed one is updated by primary key; new
ones are inserted. Each new or changed record gets its own audit entry, written in bulk
too (audit_entries.py); the import as a whole gets one bulk-load entry with the counts.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any

from django.db import connection
from django.utils import timezone

from qadam.common.models import TimeStampedModel
from qadam.imports.audit_entries import Inserted, audit_write, plain
from qadam.imports.bulk import adapt_rows, adapters, bulk_insert, bulk_update
from qadam.imports.kinds.base import Context, Existing, Kind, Records, chunks

TIMESTAMPS = ("created_at", "updated_at")


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
            name: [plain(old), plain(new)]
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
        inserted = _insert(kind, plan, context, now)
        _update(kind, plan, now)
        new_ids = _ids(kind, plan.records, plan.new)
        if any(name.startswith("_") for name in plan.records.fields):
            key_of = plan.records.key_getter()
            ids = {
                **new_ids,
                **{key_of(plan.records.rows[c.record]): c.pk for c in plan.changed},
            }
            written = [*plan.new, *(change.record for change in plan.changed)]
            kind.after_write(plan.records, written, ids)
        audit_write(kind, plan, context, now, inserted, new_ids, summary=summary, details=details)


def _real(records: Records) -> list[str]:
    return [name for name in records.fields if not name.startswith("_")]


def _insert(kind: Kind, plan: Plan, context: Context, now: datetime) -> Inserted:
    """Insert the new records; what they got beside the file's values (for their audit)."""
    if not plan.new:
        return Inserted(also={})
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
    return Inserted(
        also={**extra, **{name: plain(value) for name, value in defaults.items()}},
    )


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


def _ids(kind: Kind, records: Records, positions: Sequence[int]) -> dict[tuple[Any, ...], int]:
    """The ids of the records at `positions` by their natural key: one query per thousand
    values of the key's first field (the one the kind's lookups index)."""
    if not positions:
        return {}
    key_of = records.key_getter()
    wanted = {key_of(records.rows[position]) for position in positions}
    first, *_rest = records.key
    ids: dict[tuple[Any, ...], int] = {}
    for chunk in chunks(list(dict.fromkeys(key[0] for key in wanted))):
        found = kind.model._default_manager.filter(**{f"{first}__in": chunk}).order_by()
        for *values, pk in found.values_list(*records.key, "pk"):
            key = tuple(values)
            if key in wanted:
                ids[key] = pk
    return ids
