"""The registry's rules on every record of a file, so that a file gets, for the same bad
value, the message a form or the API gets from the service: the cells parse types (a whole
number, a date), the rules say what is in range and what goes together."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db.models import Model

from qadam.common.rules import FieldErrors
from qadam.imports.kinds.base import Existing, Records, chunks
from qadam.imports.table import Table

Rule = Callable[[Mapping[str, Any]], FieldErrors]


def report(
    table: Table,
    index: int,
    errors: FieldErrors,
    columns: Mapping[str, str],
    row: Mapping[str, Any],
) -> None:
    """A rule's errors on a row, each under the file's column for its field."""
    for field, messages in errors.items():
        name = columns.get(field, field)
        for message in messages:
            if table.has(name):
                table.error(index, name, message)
            else:  # a value the file leaves out: the one the record has or will have
                table.error(index, name, message, value=row.get(field))


def check_rows(
    table: Table, fields: Mapping[str, Sequence[Any]], rule: Rule, columns: Mapping[str, str]
) -> None:
    """`rule` on every row, as field -> the rows' values (a value whose cell is wrong is the
    column's default, which the rules leave alone). `columns` names the file's column of a
    field the rule reports under another name ("program" -> "specialty_code")."""
    names = list(fields)
    for index, values in enumerate(zip(*fields.values(), strict=True)):
        row = dict(zip(names, values, strict=True))
        errors = rule(row)
        if errors:
            report(table, index, errors, columns, row)


def check_changed_records(
    table: Table,
    records: Records,
    existing: Existing,
    *,
    model: type[Model],
    reads: Sequence[str],
    rule: Rule,
    columns: Mapping[str, str],
) -> None:
    """`rule` again on the records that change an existing one when the file leaves out
    some of the fields the rule `reads`: the record keeps the registry's values of those,
    so the rule must see them (a capacity lowered below the seats already funded)."""
    missing = [name for name in reads if name not in records.fields]
    if not missing or not existing:
        return
    key_of = records.key_getter()
    changing = []
    for index, row in zip(records.indices, records.rows, strict=True):
        found = existing.get(key_of(row))
        if found is not None and found[1] != row:
            changing.append((index, row, found[0]))
    stored: dict[int, dict[str, Any]] = {}
    for chunk in chunks([pk for _index, _row, pk in changing]):
        found_rows = model._default_manager.filter(pk__in=chunk).order_by()
        for pk, *values in found_rows.values_list("pk", *missing):
            stored[pk] = dict(zip(missing, values, strict=True))
    for index, row, pk in changing:
        merged = {**stored.get(pk, {}), **dict(zip(records.fields, row, strict=True))}
        errors = rule(merged)
        if errors:
            report(table, index, errors, columns, merged)
