"""Two (or more) people saving one record at the same moment, as two requests would: each
reads the record first, then all write at once, each on its own database connection."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need a server database (SQLite serialises every write anyway)",
)


def race(*editors: tuple[Callable[[], Any], Callable[[Any], None]]) -> list[BaseException]:
    """Run each editor's `read` in its own thread, wait until all have read, then run every
    `write(what_was_read)` at once. Returns the exceptions the writers raised."""
    barrier = threading.Barrier(len(editors))
    failures: list[BaseException] = []

    def run(read: Callable[[], Any], write: Callable[[Any], None]) -> None:
        try:
            record = read()
            barrier.wait(timeout=10)
            write(record)
        except BaseException as error:  # reported to the test, not swallowed
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=editor) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return failures
