"""The upskilling rules: pure checks on row-shaped data returning field errors. The service,
the page, the API and the import ask these, so they refuse the same data with one message."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from qadam.common.rules import Bound, FieldErrors, add_error, bound_errors

# A course of one hour counts; a year's full-time internship is about 2,000 hours.
UPSKILLING_BOUNDS = {"hours": Bound(1, 2_000)}
EARLIEST = date(1980, 1, 1)  # no educator in service upskilled before this
INTERNSHIP_OBLIGATION = "internship_places"  # agreements.choices.ObligationKind


@dataclass(frozen=True)
class ObligationFacts:
    """What the rules need of the patron's obligation an internship is linked to."""

    kind: str
    beneficiary_id: int | None
    enterprise_ids: frozenset[int]  # the enterprises among the agreement's parties


def upskilling_errors(
    row: Mapping[str, Any],
    *,
    educator_institution_id: int | None,
    obligation: ObligationFacts | None,
    today: date,
) -> FieldErrors:
    """A completed course or internship: hours in range, dates in order and not in the
    future, a course's form, an internship's enterprise, and a linked obligation that is an
    internship obligation for the educator's college with the enterprise among its parties."""
    errors = bound_errors(row, UPSKILLING_BOUNDS)
    _date_errors(errors, row.get("started_on"), row.get("completed_on"), today)
    kind = row.get("kind")
    if kind == "course" and not row.get("form"):
        add_error(errors, "form", _("A course needs its form."))
    if kind == "internship" and not row.get("enterprise_id"):
        add_error(errors, "enterprise", _("An internship needs its enterprise."))
    if row.get("obligation_id"):
        _obligation_errors(errors, row, educator_institution_id, obligation)
    return errors


def _date_errors(errors: FieldErrors, started: Any, completed: Any, today: date) -> None:
    if isinstance(started, date) and started < EARLIEST:
        add_error(errors, "started_on", _("Too early: from 1980 on."))
    if isinstance(completed, date) and completed > today:
        add_error(errors, "completed_on", _("Record an upskilling once it is completed."))
    if isinstance(started, date) and isinstance(completed, date) and completed < started:
        add_error(errors, "completed_on", _("An upskilling cannot end before it starts."))


def _obligation_errors(
    errors: FieldErrors,
    row: Mapping[str, Any],
    institution_id: int | None,
    obligation: ObligationFacts | None,
) -> None:
    if row.get("kind") != "internship":
        add_error(errors, "obligation", _("Only an internship is provided under an obligation."))
        return
    if obligation is None or obligation.kind != INTERNSHIP_OBLIGATION:
        add_error(errors, "obligation", _("Choose an obligation to provide internship places."))
        return
    if obligation.beneficiary_id != institution_id:
        add_error(errors, "obligation", _("The obligation benefits another institution."))
    enterprise = row.get("enterprise_id")
    if enterprise and enterprise not in obligation.enterprise_ids:
        add_error(
            errors, "enterprise", _("The enterprise is not a party to the obligation's agreement.")
        )


def overdue_since(period_years: int, today: date) -> date:
    """An educator whose latest upskilling ended before this day is overdue."""
    try:
        return today.replace(year=today.year - period_years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - period_years, day=28)
