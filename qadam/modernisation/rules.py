"""The one place for modernisation's rules: pure checks on row-shaped data returning field
errors. The services, the admin and the seed's tests ask them, so each gives one message.

Money is counted once: an equipment line is the unit of money (its cost, committed when the
line is planned, delivered when it arrives). A patron's "equipment" obligation can fund
lines; the lines it funds may not cost more together than the obligation's target, and a
line's delivery is recorded on the obligation too (the same tenge, not a second sum).
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from qadam.common.rules import Bound, FieldErrors, add_error, bound_errors, merge
from qadam.modernisation.choices import FUNDED_BY_ENTERPRISE, FundingSource

Row = Mapping[str, Any]
CENT = Decimal("0.01")
MONEY = Bound(Decimal("0.01"), Decimal(10**12))
LINE_BOUNDS = {"quantity": Bound(1, 100_000), "unit_cost": MONEY, "cost": MONEY}
INVESTMENT_BOUNDS = {"amount": MONEY}
TARGET_COLLEGES = 270  # "more than 270 state colleges" (the Minister; BRIEF.md, issue 15)
EQUIPMENT = "equipment"  # agreements' ObligationKind.EQUIPMENT


def line_cost(quantity: Any, unit_cost: Any) -> Decimal | None:
    """What a line costs in all; None when either part is missing."""
    if quantity is None or unit_cost is None:
        return None
    return (Decimal(quantity) * Decimal(unit_cost)).quantize(CENT)


def _funder_errors(row: Row) -> FieldErrors:
    errors: FieldErrors = {}
    source = row.get("source")
    if source in FUNDED_BY_ENTERPRISE and not row.get("investor_id"):
        add_error(errors, "investor", _("Name the patron or investor that pays for this line."))
    if source not in FUNDED_BY_ENTERPRISE and row.get("investor_id"):
        add_error(errors, "investor", _("Only a patron's or a PPP investor's line names one."))
    if row.get("obligation_id") and source != FundingSource.PATRON:
        add_error(errors, "obligation", _("Only a patron's line is funded by an obligation."))
    if row.get("investment_id") and source != FundingSource.PPP:
        add_error(errors, "investment", _("Only a PPP investor's line belongs to an investment."))
    return errors


def _obligation_errors(row: Row, obligation: Row, funded_by_others: Decimal) -> FieldErrors:
    """A patron's equipment obligation for this college, by this patron, with room left."""
    errors: FieldErrors = {}
    if obligation.get("kind") != EQUIPMENT:
        add_error(errors, "obligation", _("Only an equipment obligation can fund a line."))
    if obligation.get("beneficiary_id") != row.get("college_id"):
        add_error(errors, "obligation", _("The obligation benefits another institution."))
    promisers = obligation.get("enterprise_ids") or ()
    if row.get("investor_id") and promisers and row["investor_id"] not in promisers:
        add_error(errors, "obligation", _("Another enterprise made this obligation."))
    cost = row.get("cost")
    target = obligation.get("target") or Decimal(0)
    if cost is not None and funded_by_others + cost > target:
        add_error(
            errors,
            "obligation",
            _("The obligation has %(left)s tenge left for lines; this one costs %(cost)s.")
            % {"left": max(target - funded_by_others, Decimal(0)), "cost": cost},
        )
    return errors


def _investment_errors(row: Row, investment: Row) -> FieldErrors:
    errors: FieldErrors = {}
    if investment.get("institution_id") != row.get("college_id"):
        add_error(errors, "investment", _("The investment is in another institution."))
    if row.get("investor_id") and investment.get("investor_id") != row.get("investor_id"):
        add_error(errors, "investment", _("Another investor made this investment."))
    return errors


def line_errors(
    row: Row,
    *,
    obligation: Row | None = None,
    funded_by_others: Decimal = Decimal(0),
    investment: Row | None = None,
) -> FieldErrors:
    """An equipment line: its ranges, its cost = quantity x unit cost, who pays, and the
    obligation or investment it draws on (row: the line with `college_id` of its project)."""
    errors = merge(bound_errors(row, LINE_BOUNDS), _funder_errors(row))
    expected = line_cost(row.get("quantity"), row.get("unit_cost"))
    if expected is not None and row.get("cost") is not None and row["cost"] != expected:
        add_error(errors, "cost", _("The cost is the quantity times the unit cost."))
    if obligation is not None:
        errors = merge(errors, _obligation_errors(row, obligation, funded_by_others))
    if investment is not None:
        errors = merge(errors, _investment_errors(row, investment))
    return errors


def delivery_errors(row: Row, *, today: date, already_delivered: bool) -> FieldErrors:
    """A line's arrival: once, and not in the future."""
    errors: FieldErrors = {}
    if already_delivered:
        add_error(errors, "delivered_on", _("This line is already delivered."))
    day = row.get("delivered_on")
    if day is not None and day > today:
        add_error(errors, "delivered_on", _("A delivery cannot be dated in the future."))
    return errors


def milestone_errors(row: Row, *, today: date) -> FieldErrors:
    """A milestone is done on a day that has come."""
    errors: FieldErrors = {}
    done = row.get("done_on")
    if done is not None and done > today:
        add_error(errors, "done_on", _("A milestone cannot be done in the future."))
    return errors


def project_errors(row: Row, *, college_kind: str) -> FieldErrors:
    errors: FieldErrors = {}
    if college_kind != "college":
        add_error(errors, "college", _("A modernisation project belongs to a college."))
    ends, starts = row.get("ends_on"), row.get("starts_on")
    if ends is not None and starts is not None and ends < starts:
        add_error(errors, "ends_on", _("The project cannot end before it starts."))
    return errors


def investment_errors(
    row: Row, *, institution_kind: str, agreement_kind: str | None
) -> FieldErrors:
    """A PPP investment: in a college's or university's material base, under an investment
    agreement when it has one."""
    errors = bound_errors(row, INVESTMENT_BOUNDS)
    if institution_kind not in ("college", "university"):
        add_error(errors, "institution", _("PPP investments go to a college or a university."))
    if agreement_kind is not None and agreement_kind != "investment":
        add_error(errors, "agreement", _("Choose a public-private investment agreement."))
    return errors
