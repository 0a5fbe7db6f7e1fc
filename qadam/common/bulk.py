"""Fast bulk inserts: COPY on PostgreSQL, executemany on SQLite; never row-by-row saves."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def bulk_insert(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert `rows` (tuples in `columns` order) into `model`'s table, inside the caller's
    transaction. Columns are database column names (e.g. `region_id`)."""
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = (
                f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"
            )
            cursor.executemany(sql, rows if isinstance(rows, list) else list(rows))


def reset_sequence(model: type[Model]) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequence past them."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)


def refresh_planner_statistics() -> None:
    """After a bulk load: fresh statistics (and PostgreSQL's visibility map) so the planner
    picks the indexes. VACUUM cannot run inside a transaction, so there ANALYZE alone."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
