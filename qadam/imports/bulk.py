"""Bulk writes for imports: rows adapted for the database, updates by primary key.

Inserts reuse the seed's `bulk_insert` (COPY on PostgreSQL, executemany on SQLite).
Updates go through a temporary table and one UPDATE ... FROM on PostgreSQL, and through
executemany on SQLite, where an UPDATE by primary key is cheap.
"""

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from qadam.common.bulk import bulk_insert

Adapter = Callable[[Any], Any] | None

__all__ = ["adapt_rows", "adapters", "bulk_insert", "bulk_update", "large_sqlite_cache"]


def _adapter(field: Field[Any, Any]) -> Adapter:
    """How a value of `field` goes into a raw row (None: as it is)."""
    internal = field.get_internal_type()
    if internal == "JSONField":
        return json.dumps
    if internal == "DateTimeField":
        return connection.ops.adapt_datetimefield_value  # time zones as Django stores them
    # psycopg adapts dates and decimals itself, and so does Django's sqlite3 backend
    return None


def adapters(model: type[Model], columns: Sequence[str]) -> list[Adapter]:
    fields = {field.attname: field for field in model._meta.concrete_fields}
    return [_adapter(fields[column]) for column in columns]


def adapt_rows(
    rows: Iterable[Sequence[Any]], converters: Sequence[Adapter]
) -> list[tuple[Any, ...]]:
    """`rows` with each value passed through its column's adapter."""
    active = [(position, adapt) for position, adapt in enumerate(converters) if adapt]
    if not active:
        return [tuple(row) for row in rows]
    result = []
    for row in rows:
        values = list(row)
        for position, adapt in active:
            values[position] = adapt(values[position])
        result.append(tuple(values))
    return result


@contextmanager
def large_sqlite_cache(megabytes: int = 256) -> Iterator[None]:
    """SQLite's 2 MB page cache thrashes while 100,000 rows enter eight indexes in random
    order; a larger one for the write makes it several times faster (as in the seed)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-1024 * megabytes}")  # negative: KiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def bulk_update(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set `columns` of the rows whose primary key comes first in each row (adapted values)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column or "id")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            temporary = quote("qadam_import_update")
            selected = ", ".join([pk, *(quote(column) for column in columns)])
            cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {temporary} AS SELECT {selected} FROM {table} WITH NO DATA"
            )
            bulk_insert_into(cursor, temporary, selected, rows)
            assignments = ", ".join(f"{quote(c)} = source.{quote(c)}" for c in columns)
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM {temporary} AS source "
                f"WHERE {table}.{pk} = source.{pk}"
            )
            cursor.execute(f"DROP TABLE {temporary}")
        else:
            assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {pk} = %s",
                [(*row[1:], row[0]) for row in rows],
            )


def bulk_insert_into(cursor: Any, table: str, columns: str, rows: Iterable[Sequence[Any]]) -> None:
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
