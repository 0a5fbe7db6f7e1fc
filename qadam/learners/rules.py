"""The learner's record's rules: pure checks on row-shaped data.

Employment evidence is a month of pension contributions. It counts as employment under a
targeted-training contract only when the placements' rule (`employment_errors`: never before
the training ends) allows it for that month; a trainee's wage before graduation is still
recorded, as work during training. The import and the service ask the same function here.
"""

import calendar
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from qadam.common.rules import FieldErrors
from qadam.placements.choices import ContractStatus
from qadam.placements.rules import employment_errors

__all__ = [
    "FIRST_MONTH",
    "employment_errors",
    "month_end",
    "month_errors",
    "month_start",
    "under_contract",
]

# The funded pension system (the unified accumulative fund's predecessors) began in 1998:
# an earlier contribution month is a slipped digit.
FIRST_MONTH = date(1998, 1, 1)
# a contract that may be (or has been) employing its graduate
CONTRACT_EMPLOYS = (ContractStatus.TRAINING, ContractStatus.EMPLOYED, ContractStatus.COMPLETED)


def month_start(value: date) -> date:
    return value.replace(day=1)


def month_end(value: date) -> date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


def month_errors(month: date | None, *, today: date) -> FieldErrors:
    """A contribution month: from January 1998 to the current month."""
    if month is None:
        return {"month": [_("The month is required.")]}
    if month < FIRST_MONTH or month_start(month) > month_start(today):
        return {
            "month": [
                _("The month must be between %(first)s and %(last)s.")
                % {"first": FIRST_MONTH.strftime("%Y-%m"), "last": today.strftime("%Y-%m")}
            ]
        }
    return {}


def under_contract(
    month: date,
    employer_bin: str,
    student: Mapping[str, Any],
    contract: Mapping[str, Any] | None,
) -> bool:
    """Does a contribution month count as employment under the student's targeted-training
    contract? The employer is the contract's enterprise (`contract["enterprise_bin"]`), the
    contract is in force and signed by the month's last day, and the training has ended by
    then (the one rule the contract's service applies when an enterprise records
    employment)."""
    if contract is None or contract.get("enterprise_bin") != employer_bin:
        return False
    if contract.get("status") not in CONTRACT_EMPLOYS:
        return False
    signed = contract.get("signed_on")
    if isinstance(signed, date) and signed > month_end(month):
        return False
    return not employment_errors(month_end(month), student)
