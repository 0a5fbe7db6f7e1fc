"""An enterprise's assessments of its applicants (test scores or its own ranking), loaded
from a CSV file before the match: every row or none."""

import csv
import io
import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit import audit_record
from qadam.common.models import AuditEntry
from qadam.placements import policies
from qadam.placements.identity import applicant_number, parse_applicant_number
from qadam.placements.models import Application, Offer
from qadam.placements.services.guards import (
    Status,
    bump_inputs,
    require_status,
    round_locked,
)

ASSESSMENT_COLUMNS = {"test_score": (0.0, 100.0), "enterprise_rank": (1.0, 1e9)}
KEY = "applicant_number"  # never the IIN: an enterprise knows applicants by number (ADR 0011)
_IIN_LIKE = re.compile(r"\d{12}")


def _key_error(line: int, message: str) -> ValidationError:
    return ValidationError(
        {
            "file": [
                _("Row %(line)s, column %(column)s: %(message)s")
                % {"line": line, "column": KEY, "message": message}
            ]
        }
    )


def _parse_assessment_row(line: int, row: dict[str, str], column: str) -> tuple[int, float]:
    text = (row.get(KEY) or "").strip()
    application_id = parse_applicant_number(text)
    if application_id is None:
        if _IIN_LIKE.fullmatch(text):  # not echoed: the message may travel further
            raise _key_error(line, _("this is an IIN; give the applicant number instead."))
        raise _key_error(
            line,
            _("%(value)r is not an applicant number (like %(example)s).")
            % {"value": text, "example": applicant_number(123)},
        )
    text = (row.get(column) or "").strip().replace(",", ".")
    low, high = ASSESSMENT_COLUMNS[column]
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high or (column == "enterprise_rank" and not value.is_integer()):
        raise ValidationError(
            {
                "file": [
                    _(
                        "Row %(line)s: %(column)s must be a number from %(low)g to %(high)g, "
                        "not %(value)r."
                    )
                    % {"line": line, "column": column, "low": low, "high": high, "value": text}
                ]
            }
        )
    return application_id, value


def _check_header(fieldnames: Sequence[str] | None, column: str) -> None:
    names = [name.strip() for name in fieldnames or ()]
    iin = next((name for name in names if name.lower() == "iin"), None)
    if iin is not None:  # the file of before applicant numbers (or a person's export)
        raise ValidationError(
            {
                "file": [
                    _(
                        "Row 1, column %(column)s: applicants are named by applicant number, "
                        "not by IIN. Replace the column with %(key)s from the applicants' "
                        "export (like %(example)s)."
                    )
                    % {"column": iin, "key": KEY, "example": applicant_number(123)}
                ]
            }
        )
    if {KEY, column} - set(names):
        raise ValidationError(
            {
                "file": [
                    _("The file needs the columns %(key)s and %(column)s.")
                    % {"key": KEY, "column": column}
                ]
            }
        )


def _read_rows(csv_text: str, column: str) -> dict[int, tuple[int, float]]:
    """Application id -> (the file's row, the value)."""
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    _check_header(reader.fieldnames, column)
    reader.fieldnames = [name.strip() for name in reader.fieldnames or ()]
    values: dict[int, tuple[int, float]] = {}
    for line, row in enumerate(reader, start=2):
        application_id, value = _parse_assessment_row(line, row, column)
        if application_id in values:
            raise _key_error(
                line,
                _("%(number)s appears twice.") % {"number": applicant_number(application_id)},
            )
        values[application_id] = (line, value)
    return values


@transaction.atomic
def offer_assessments_import(*, actor: User, offer: Offer, csv_text: str, column: str) -> int:
    """Load test scores or the enterprise's ranking (columns `applicant_number` and
    `column`) for the offer's applicants: all rows or none. Allowed until the round is
    matched."""
    if column not in ASSESSMENT_COLUMNS:
        raise ValidationError(
            {"column": [_("Unknown assessment %(column)s.") % {"column": column}]}
        )
    policies.require_enterprise_staff(actor, offer.enterprise_id)
    require_status(offer.round, Status.OPEN, Status.CLOSED)
    rows = _read_rows(csv_text, column)
    placement_round = round_locked(offer.round_id)  # not while parsing: students rank meanwhile
    require_status(placement_round, Status.OPEN, Status.CLOSED)
    # under the round's lock: a student changing their list waits (services.applications)
    applications = offer.applications.in_bulk(list(rows))
    for application_id, (line, _value) in rows.items():
        if application_id not in applications:
            raise _key_error(
                line,
                _("%(number)s has not applied to this offer.")
                % {"number": applicant_number(application_id)},
            )
    for application_id, (_line, value) in rows.items():
        number = int(value) if column == "enterprise_rank" else value
        setattr(applications[application_id], column, number)
    Application.objects.bulk_update(list(applications.values()), [column])
    bump_inputs(placement_round)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=offer,
        changes={column: [None, f"{len(rows)} applicants"]},
        summary=str(offer),
    )
    return len(rows)
