"""The report of bad rows as a spreadsheet, CSV or lines of text, and where results live."""

import csv
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from qadam.common.xlsx import neutralise, write_xlsx
from qadam.imports.pipeline import Outcome, Status

RESULTS = "imports/results"


def report_header() -> list[str]:
    return [_("Row"), _("Column"), _("Value"), _("Problem")]


def report_lines(outcome: Outcome) -> Iterator[str]:
    """What the command prints: the malformed file's messages, or every bad row."""
    yield from outcome.messages
    for error in outcome.error_rows():
        yield error.line()


def report_xlsx(path: Path, errors: Sequence[Sequence[Any]]) -> int:
    return write_xlsx(path, report_header(), errors)


def report_csv(errors: Sequence[Sequence[Any]]) -> Iterator[str]:
    """The report as CSV text in pieces (UTF-8 with a byte-order mark for Excel); cells a
    spreadsheet would run as formulas are neutralised, as in every export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(report_header())
    yield "\ufeff" + buffer.getvalue()
    for start in range(0, len(errors), 2000):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows(
            [neutralise(value) for value in error] for error in errors[start : start + 2000]
        )
        yield buffer.getvalue()


def result_path(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / RESULTS / f"{job_id}.json"


def result_save(job_id: int, outcome: Outcome) -> None:
    path = result_path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(outcome.as_json(), ensure_ascii=False), encoding="utf-8")


def result_load(job_id: int) -> Outcome | None:
    path = result_path(job_id)
    if not path.is_file():
        return None
    return Outcome.from_json(json.loads(path.read_text(encoding="utf-8")))


def outcome_summary(outcome: Outcome) -> str:
    """One sentence on what happened, for the job and the command."""
    counts = {
        "rows": outcome.rows,
        "new": outcome.new,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "errors": len(outcome.errors),
        "bad": len({error[0] for error in outcome.errors}),
    }
    if outcome.status == Status.VALID:
        return (
            _(
                "All %(rows)d rows are valid: %(new)d new, %(updated)d to update, "
                "%(unchanged)d unchanged. Nothing is written until you confirm."
            )
            % counts
        )
    if outcome.status == Status.COMMITTED:
        return (
            _(
                "All %(rows)d rows imported: %(new)d new, %(updated)d updated, "
                "%(unchanged)d unchanged."
            )
            % counts
        )
    if outcome.status == Status.INVALID:
        return (
            _(
                "%(errors)d problems in %(bad)d of %(rows)d rows; nothing was written. Fix "
                "them and import the file again."
            )
            % counts
        )
    return " ".join(outcome.messages) or _("The file could not be imported; nothing was written.")
