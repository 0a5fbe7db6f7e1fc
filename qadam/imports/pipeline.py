"""One import from file to outcome: read, check every row, and, when asked, write all rows
in one transaction or none. The command and the background tasks both run this."""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from qadam.imports.bulk import large_sqlite_cache
from qadam.imports.cells import Choice
from qadam.imports.columns import Column, map_header
from qadam.imports.errors import MalformedFile
from qadam.imports.kinds.base import Context, Kind, Records
from qadam.imports.reader import read_sheet
from qadam.imports.table import RowError, Table, shown
from qadam.imports.writer import Plan, plan_build, plan_write

Progress = Callable[[str, int, int], None]  # stage, done, total (0: not known yet)
PREVIEW_ROWS = 10


class Status:
    MALFORMED = "malformed"  # the file could not be read as the kind's table
    INVALID = "invalid"  # some rows are wrong: nothing written, every one reported
    VALID = "valid"  # checked, every row is right (nothing written yet)
    COMMITTED = "committed"  # every row written
    CONFLICT = "conflict"  # the registry changed during the write: nothing written


@dataclass
class Outcome:
    kind: str
    status: str
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    messages: list[str] = field(default_factory=list)
    errors: list[list[Any]] = field(default_factory=list)  # [row, column, value, message]
    columns: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return self.status in (Status.VALID, Status.COMMITTED)

    def error_rows(self) -> list[RowError]:
        return [RowError(*error) for error in self.errors]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Outcome":
        return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})


class _Refused(Exception):
    """Rows turned out wrong inside the write's transaction: roll it back."""


def import_file(
    kind: Kind,
    path: Path,
    context: Context,
    *,
    commit: bool,
    progress: Progress | None = None,
    source: str = "",
) -> Outcome:
    """Check `path` as `kind` and, with `commit`, write every row or none."""
    report = progress or (lambda stage, done, total: None)
    context = replace(context, source=source or path.name)
    try:
        table, records = _prepare(kind, path, context, report)
    except MalformedFile as error:
        return Outcome(kind=kind.name, status=Status.MALFORMED, messages=error.messages)
    outcome = Outcome(kind=kind.name, status=Status.VALID, rows=table.size)
    outcome.columns, outcome.preview = _preview(kind, table)
    if table.errors or not commit:
        existing = kind.existing(records)
        kind.check_existing(table, records, existing, context)
        if table.errors:
            return _invalid(outcome, table)
        _count(outcome, plan_build(records, existing))
        report("checking", table.size, table.size)
        return outcome
    report("checking", table.size, table.size)
    report("writing", 0, table.size)
    _commit(kind, table, records, context, outcome, source or path.name)
    if outcome.status == Status.COMMITTED:
        report("writing", table.size, table.size)
    return outcome


def _commit(
    kind: Kind, table: Table, records: Records, context: Context, outcome: Outcome, source: str
) -> None:
    """Every record in one transaction, or none; `outcome` says which."""
    try:
        with large_sqlite_cache(), transaction.atomic():
            existing = kind.existing(records)
            kind.check_existing(table, records, existing, context)
            if table.errors:
                raise _Refused
            plan = plan_build(records, existing)
            summary = _("import of %(kind)s from %(file)s") % {"kind": kind.name, "file": source}
            details = {"kind": kind.name, "file": source, "rows": table.size}
            plan_write(kind, plan, context, summary=summary, details=details)
    except _Refused:
        _invalid(outcome, table)
        return
    except DatabaseError as error:  # IntegrityError included: a key taken meanwhile
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        outcome.status = Status.CONFLICT
        outcome.messages = [
            _(
                "The registry changed while the file was being written, so nothing was "
                "written; import the file again. (%(error)s)"
            )
            % {"error": first_line}
        ]
        return
    _count(outcome, plan)
    outcome.status = Status.COMMITTED


def _prepare(kind: Kind, path: Path, context: Context, report: Progress) -> tuple[Table, Records]:
    report("reading", 0, 0)
    sheet = read_sheet(path, on_rows=lambda count: report("reading", count, 0))
    report("reading", len(sheet.rows), len(sheet.rows))
    header = map_header(kind.columns, sheet.header, sheet.rows)
    table = Table(kind.columns, header, sheet.rows)
    report("checking", 0, table.size)
    table.refuse_formulas()
    table.parse()
    records = kind.records(table, context)
    return table, records


def _invalid(outcome: Outcome, table: Table) -> Outcome:
    outcome.status = Status.INVALID
    outcome.errors = [error.as_list() for error in table.sorted_errors()]
    outcome.preview = []
    return outcome


def _count(outcome: Outcome, plan: Plan) -> None:
    outcome.new = len(plan.new)
    outcome.updated = len(plan.changed)
    outcome.unchanged = plan.unchanged


def _shown(column: Column, value: Any) -> str:
    choices = column.cell.choices if isinstance(column.cell, Choice) else None
    if choices is not None and value in choices.values:
        return shown(choices(value).label)
    return shown(value)


def _preview(kind: Kind, table: Table) -> tuple[list[str], list[list[str]]]:
    """The first rows as parsed, under the file's own headers; a choice as its label in the
    reader's language (the code it stands for is what gets written)."""
    columns = [column for column in kind.columns if table.has(column.name)]
    names = [column.name for column in columns]
    rows: list[list[str]] = []
    for index in range(table.size):
        if len(rows) == PREVIEW_ROWS:
            break
        if table.ok(index):
            rows.append([_shown(column, table.values[column.name][index]) for column in columns])
    return [table.label(name) for name in names], rows
