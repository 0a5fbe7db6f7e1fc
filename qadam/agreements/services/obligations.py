"""Obligations: what a party promised under an agreement (the rules are in
rules/obligations.py).

Who may write: the ministry anything; an institution's administrator or enterprise HR only
on agreements their organisation is a party to (policies.py). Analysts read only. The
views and endpoints fetch records through the scoped selectors first, so a record out of
sight is "not found" before any of these checks; a write right always implies sight.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.agreements import rules
from qadam.agreements.models import Agreement, Obligation, Party
from qadam.agreements.policies import may_write_obligations
from qadam.agreements.rules import CENT
from qadam.agreements.services.access import reraised
from qadam.common.audit import Check, audited_create, audited_update, row_of
from qadam.common.rules import FieldErrors, merge
from qadam.registry.models import Institution

OBLIGATION_FIELDS = ("kind", "party", "beneficiary", "description", "items", "target", "due_on")
# the rules' field that says the agreement no longer takes changes (an ApplicationError)
LIFECYCLE = "agreement"


def refuse_analyst(actor: User) -> None:
    if actor.role == Role.ANALYST and not actor.is_superuser:
        raise PermissionDenied(_("Analysts read partnerships; they do not change them."))


def _require_writer(actor: User, agreement: Agreement) -> None:
    refuse_analyst(actor)
    if not may_write_obligations(actor, agreement):
        raise PermissionDenied(
            _("Only the ministry or a party to the agreement may change its obligations.")
        )


def parse_amount(value: Any, field: str) -> tuple[Decimal | None, FieldErrors]:
    """A form's or the API's number as a decimal; the rules judge its cents and range."""
    if value is None or value == "":
        return None, {field: [_("This field is required.")]}
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        return None, {field: [_("Enter a number.")]}
    if not number.is_finite():
        return None, {field: [_("Enter a number.")]}
    try:
        cents = number.quantize(CENT)  # stored, and audited, with its cents ("2.00")
    except InvalidOperation:
        return number, {}  # too large to have cents: the rules say so
    return (cents if cents == number else number), {}


def agreement_facts(agreement_id: int) -> dict[str, Any]:
    """What the obligation and delivery rules read of the agreement."""
    return row_of(Agreement.objects.get(pk=agreement_id))


def _check(parsing: FieldErrors) -> Check[Obligation]:
    """The rules on the obligation as it would be saved, with its agreement and parties as
    the register holds them; `parsing`: the target's parse error, if any."""

    def check(obligation: Obligation, changed: set[str]) -> FieldErrors:
        parties = Party.objects.filter(agreement_id=obligation.agreement_id)
        party, beneficiary = obligation.party_id, obligation.beneficiary_id
        return merge(
            parsing,
            rules.obligation_errors(
                row_of(obligation),
                agreement=agreement_facts(obligation.agreement_id),
                party_of_agreement=party is None or parties.filter(pk=party).exists(),
                beneficiary_is_party=beneficiary is None
                or parties.filter(institution_id=beneficiary).exists(),
            ),
        )

    return check


@transaction.atomic
def obligation_create(
    *,
    actor: User,
    agreement: Agreement,
    kind: str,
    target: Decimal | int | str,
    due_on: date,
    party: Party | None = None,
    beneficiary: Institution | None = None,
    description: str = "",
    items: str = "",
    party_id: int | None = None,
    beneficiary_id: int | None = None,
) -> Obligation:
    """A promise under `agreement`: a target in its kind's units by a due date; the party
    and the beneficiary by record (a form) or by id (the API). An agreement that is over
    takes no new obligations (ApplicationError)."""
    _require_writer(actor, agreement)
    amount, parsing = parse_amount(target, "target")
    obligation = Obligation(
        agreement=agreement,
        kind=kind,
        party_id=party.pk if party is not None else party_id,
        beneficiary_id=beneficiary.pk if beneficiary is not None else beneficiary_id,
        description=description.strip(),
        items=items.strip(),
        due_on=due_on,
        target=cast(Decimal, amount),  # None when no number: the check reports it
    )
    try:
        return audited_create(
            actor=actor, instance=obligation, check=_check(parsing), clean_exclude=["delivered"]
        )
    except ValidationError as error:
        raise reraised(error, lifecycle=LIFECYCLE) from None


@transaction.atomic
def obligation_update(
    *,
    actor: User,
    obligation: Obligation,
    seen: Mapping[str, Any] | None = None,
    **changes: Any,
) -> Obligation:
    """Change what was promised: any of kind, party, beneficiary, description, items,
    target and due_on. What was delivered stays as recorded, and the target never goes
    below it. `seen`: the values the editor saw (a field changed meanwhile is refused)."""
    unknown = set(changes) - set(OBLIGATION_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    current = Obligation.objects.select_related("agreement").get(pk=obligation.pk)
    _require_writer(actor, current.agreement)
    parsing: FieldErrors = {}
    if "target" in changes:
        changes["target"], parsing = parse_amount(changes["target"], "target")
    changes = {
        name: value.strip() if isinstance(value, str) else value for name, value in changes.items()
    }
    try:
        return audited_update(
            actor=actor, instance=obligation, changes=changes, check=_check(parsing), seen=seen
        )
    except ValidationError as error:
        raise reraised(error, lifecycle=LIFECYCLE) from None
