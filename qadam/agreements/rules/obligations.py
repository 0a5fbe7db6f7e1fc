"""Obligations (what a party promised) and deliveries against them."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from qadam.agreements.choices import AgreementStatus, ObligationKind
from qadam.agreements.rules.lifecycle import CLOSED_STATUSES
from qadam.common.rules import Bound, FieldErrors, add_error

Status = AgreementStatus
Row = Mapping[str, Any]

CENT = Decimal("0.01")
MONEY_KINDS = frozenset({ObligationKind.EQUIPMENT, ObligationKind.FUNDING})  # in tenge
# A trillion tenge is beyond any partnership; a million places, mentors, seats or jobs too.
MONEY = Bound(Decimal("0.01"), Decimal(10**12))
COUNT = Bound(1, 1_000_000)
OBLIGATION_BOUNDS = {"target": MONEY, "delivered": Bound(0, Decimal(10**12))}
DELIVERY_BOUNDS = {"quantity": MONEY}


def shown(amount: Decimal) -> str:
    """An amount as a message shows it: whole numbers without cents."""
    if amount == amount.to_integral_value():
        return str(amount.quantize(Decimal(1)))
    return str(amount.quantize(CENT))


def amount_errors(amount: Any, kind: str, field: str) -> FieldErrors:
    """A target or a delivered quantity: cents at most; places, mentors, seats and jobs in
    whole numbers from 1 to a million; tenge from 0.01 to a trillion."""
    if not isinstance(amount, Decimal | int) or isinstance(amount, bool):
        return {}  # missing or not a number: the field's own check says so
    amount = Decimal(amount)
    counted = kind in ObligationKind.values and kind not in MONEY_KINDS
    bound = COUNT if counted else MONEY
    if not -MONEY.high <= amount <= MONEY.high:  # out of range whatever its cents
        return {field: [bound.message()]}
    if amount != amount.quantize(CENT):
        return {field: [_("Use at most 2 decimal places.")]}
    if counted and amount != amount.to_integral_value():
        label = ObligationKind(kind).label
        message = _("%(kind)s are counted in whole numbers.") % {"kind": label}
        return {field: [capfirst(message)]}
    return {} if bound.holds(amount) else {field: [bound.message()]}


def obligation_errors(
    row: Row,
    *,
    agreement: Row,
    party_of_agreement: bool = True,
    beneficiary_is_party: bool = True,
) -> FieldErrors:
    """An obligation as it would be saved: under an agreement that is not over, a target in
    its kind's units and never below what is already delivered, due within the agreement,
    promised by one of its parties to an institution that is one of them. `agreement`: the
    agreement's status, starts_on and ends_on."""
    errors: FieldErrors = {}
    status = agreement.get("status")
    if status in CLOSED_STATUSES:
        add_error(
            errors,
            "agreement",
            _("The agreement is %(status)s; its obligations can no longer be changed.")
            % {"status": Status(status).label},
        )
    target, delivered = row.get("target"), row.get("delivered")
    errors.update(amount_errors(target, row.get("kind") or "", "target"))
    if (
        "target" not in errors
        and isinstance(target, Decimal | int)
        and isinstance(delivered, Decimal | int)
        and target < delivered
    ):
        add_error(
            errors,
            "target",
            _("%(delivered)s are already delivered; the target cannot be less.")
            % {"delivered": shown(Decimal(delivered))},
        )
    due, starts, ends = row.get("due_on"), agreement.get("starts_on"), agreement.get("ends_on")
    if isinstance(due, date) and isinstance(starts, date) and due < starts:
        add_error(
            errors,
            "due_on",
            _("The agreement starts on %(date)s; an obligation cannot fall due before it.")
            % {"date": starts.isoformat()},
        )
    if isinstance(due, date) and isinstance(ends, date) and due > ends:
        add_error(
            errors,
            "due_on",
            _("The agreement ends on %(date)s; an obligation cannot fall due after it.")
            % {"date": ends.isoformat()},
        )
    errors.update(promiser_errors(party_of_agreement))
    if not beneficiary_is_party:
        add_error(
            errors,
            "beneficiary",
            _("The beneficiary must be an institution that is a party to this agreement."),
        )
    return errors


def promiser_errors(is_party: bool) -> FieldErrors:
    """The party that promises is one of the agreement's (promised jointly when none)."""
    if is_party:
        return {}
    return {"party": [_("The party that promises must be a party to this agreement.")]}


def deliveries_open(status: str) -> bool:
    """Deliveries are recorded only while the agreement is in force."""
    return status == Status.ACTIVE


def delivery_errors(row: Row, *, obligation: Row, agreement: Row, today: date) -> FieldErrors:
    """A delivery (quantity, delivered_on) against an obligation (kind, target, delivered:
    the sum so far) of an agreement (status, starts_on): only while the agreement is in
    force, in the obligation's units, never beyond what was promised (raise the target
    first if more was), and on a day from the entry into force until today."""
    errors: FieldErrors = {}
    status = agreement.get("status") or ""
    if not deliveries_open(status):
        add_error(
            errors,
            "agreement",
            _("Deliveries are recorded only while the agreement is in force; it is %(status)s.")
            % {"status": Status(status).label},
        )
    quantity = row.get("quantity")
    errors.update(amount_errors(quantity, obligation.get("kind") or "", "quantity"))
    target, delivered = obligation.get("target"), obligation.get("delivered") or Decimal(0)
    if "quantity" not in errors and isinstance(quantity, Decimal | int) and target is not None:
        total = Decimal(delivered) + Decimal(quantity)
        if total > target:
            left = max(Decimal(0), Decimal(target) - Decimal(delivered))
            values = {"total": shown(total), "target": shown(Decimal(target)), "left": shown(left)}
            add_error(
                errors,
                "quantity",
                (
                    _(
                        "This delivery would bring the total to %(total)s of the %(target)s "
                        "promised; at most %(left)s remain to deliver. Raise the target first "
                        "if more was promised."
                    )
                    if left
                    else _(
                        "All %(target)s promised are already delivered; raise the target first "
                        "if more was promised."
                    )
                )
                % values,
            )
    day, starts = row.get("delivered_on"), agreement.get("starts_on")
    if isinstance(day, date) and day > today:
        add_error(errors, "delivered_on", _("The delivery date cannot be in the future."))
    elif isinstance(day, date) and isinstance(starts, date) and day < starts:
        add_error(
            errors,
            "delivered_on",
            _("The agreement came into force on %(date)s; a delivery cannot be earlier.")
            % {"date": starts.isoformat()},
        )
    return errors
