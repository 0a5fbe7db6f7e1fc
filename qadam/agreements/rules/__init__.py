"""The partnerships' rules: pure checks on row-shaped data (a mapping of field attnames to
values) that return field errors {field: [messages]}. The services (and so the pages and
the API), the bulk import and the admin call these, so the same bad record gets the same
message whichever way it comes in. Nothing else re-states a rule.

Lookups stay with the callers: they read what a rule needs (the agreement's status, whether
a beneficiary is a party, a linked person's IIN) one record at a time or in bulk, and pass
it in. The parts: lifecycle.py (an agreement's status, dates and parties), obligations.py
(targets, due dates, deliveries), mobility.py.
"""

from qadam.agreements.rules.lifecycle import (
    CANNOT_BECOME,
    CLOSED_STATUSES,
    EDITABLE_FIELDS,
    LATE_EDITABLE,
    OPEN_STATUSES,
    agreement_errors,
    editable_fields,
    frozen_message,
    parties_change_errors,
    party_count_errors,
    party_errors,
    party_removal_errors,
    transition_changes,
    transition_errors,
)
from qadam.agreements.rules.mobility import (
    LINK_FIELDS,
    Person,
    mobility_errors,
    return_errors,
)
from qadam.agreements.rules.obligations import (
    CENT,
    COUNT,
    DELIVERY_BOUNDS,
    MONEY,
    MONEY_KINDS,
    OBLIGATION_BOUNDS,
    amount_errors,
    deliveries_open,
    delivery_errors,
    obligation_errors,
    promiser_errors,
    shown,
)

__all__ = [
    "CANNOT_BECOME",
    "CENT",
    "CLOSED_STATUSES",
    "COUNT",
    "DELIVERY_BOUNDS",
    "EDITABLE_FIELDS",
    "LATE_EDITABLE",
    "LINK_FIELDS",
    "MONEY",
    "MONEY_KINDS",
    "OBLIGATION_BOUNDS",
    "OPEN_STATUSES",
    "Person",
    "agreement_errors",
    "amount_errors",
    "deliveries_open",
    "delivery_errors",
    "editable_fields",
    "frozen_message",
    "mobility_errors",
    "obligation_errors",
    "parties_change_errors",
    "party_count_errors",
    "party_errors",
    "party_removal_errors",
    "promiser_errors",
    "return_errors",
    "shown",
    "transition_changes",
    "transition_errors",
]
