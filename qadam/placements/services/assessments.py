"""An enterprise's assessments of its applicants (test scores or its own ranking), loaded
from a CSV file before the match: every row or none."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit import audit_record
from qadam.common.models import AuditEntry
from qadam.placements import policies
from qadam.placements.models import Application, Offer
from qadam.placements.services.guards import (
    Status,
    bump_inputs,
    require_status,
    round_locked,
)
from qadam.registry.identifiers import IdentifierError, parse_iin

ASSESSMENT_COLUMNS = {"test_score": (0.0, 100.0), "enterprise_rank": (1.0, 1e9)}


def _parse_assessment_row(line: int, row: dict[str, str], column: str) -> tuple[str, float]:
    iin = (row.get("iin") or "").strip()
    try:
        parse_iin(iin)
    except IdentifierError as error:
        raise ValidationError(
            {"file": [_("Row %(line)s: %(error)s") % {"line": line, "error": error}]}
        ) from None
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
    return iin, value


@transaction.atomic
def offer_assessments_import(*, actor: User, offer: Offer, csv_text: str, column: str) -> int:
    """Load test scores or the enterprise's ranking (columns `iin` and `column`) for the
    offer's applicants: all rows or none. Allowed until the round is matched."""
    if column not in ASSESSMENT_COLUMNS:
        raise ValidationError(
            {"column": [_("Unknown assessment %(column)s.") % {"column": column}]}
        )
    policies.require_enterprise_staff(actor, offer.enterprise_id)
    require_status(offer.round, Status.OPEN, Status.CLOSED)
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    if not reader.fieldnames or {"iin", column} - set(reader.fieldnames):
        raise ValidationError(
            {"file": [_("The file needs the columns iin and %(column)s.") % {"column": column}]}
        )
    values: dict[str, float] = {}
    for line, row in enumerate(reader, start=2):
        iin, value = _parse_assessment_row(line, row, column)
        if iin in values:
            raise ValidationError(
                {
                    "file": [
                        _("Row %(line)s: IIN %(iin)s appears twice.") % {"line": line, "iin": iin}
                    ]
                }
            )
        values[iin] = value
    applications = {a.student.iin: a for a in offer.applications.select_related("student")}
    unknown = [iin for iin in values if iin not in applications]
    if unknown:
        raise ValidationError(
            {"file": [_("IIN %(iin)s has not applied to this offer.") % {"iin": unknown[0]}]}
        )
    placement_round = round_locked(offer.round_id)  # not while parsing: students rank meanwhile
    require_status(placement_round, Status.OPEN, Status.CLOSED)
    for iin, value in values.items():
        setattr(applications[iin], column, int(value) if column == "enterprise_rank" else value)
    Application.objects.bulk_update([applications[iin] for iin in values], [column])
    bump_inputs(placement_round)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=offer,
        changes={column: [None, f"{len(values)} applicants"]},
        summary=str(offer),
    )
    return len(values)
