"""Agreements: registration, edits and the lifecycle (the rules are in rules/lifecycle.py).

Who may write: the ministry any agreement; an institution's administrator (for the
institution or one of its branches) and enterprise HR (for the enterprise) the agreements
their organisation is a party to; analysts and everyone else nothing (PermissionDenied). An
agreement out of the actor's sight is `Agreement.DoesNotExist`, as in the selectors.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES
from qadam.accounts.selectors import user_scope
from qadam.agreements import rules
from qadam.agreements.choices import AgreementStatus
from qadam.agreements.models import Agreement, Party
from qadam.agreements.policies import may_create_agreement
from qadam.agreements.services.access import flat, lock_writable, refuse, reraised
from qadam.agreements.services.parties import PartyData, party_create
from qadam.common.audit import Check, audited_create, audited_update, row_of
from qadam.common.models import Job
from qadam.common.rules import FieldErrors, merge
from qadam.common.services import export_start

T = TypeVar("T")
TEXT_FIELDS = {"number", "title", "description"}
# the transition's parameters that the rules' fields stand for
TRANSITION_FIELDS = {
    "status": "to",
    "termination_reason": "reason",
    "signed_on": "on",
    "starts_on": "on",
    "ends_on": "on",
}


def _number_errors(agreement: Agreement) -> FieldErrors:
    taken = Agreement.objects.filter(number=agreement.number).exclude(pk=agreement.pk)
    if agreement.number and taken.exists():
        message = _("An agreement with the number %(number)s is already in the register.")
        return {"number": [message % {"number": agreement.number}]}
    return {}


def _check(before: Mapping[str, Any] | None) -> Check[Agreement]:
    """The lifecycle rules against the agreement as it was (`before`), and a free number."""
    today = timezone.localdate()

    def check(agreement: Agreement, changed: set[str]) -> FieldErrors:
        return merge(
            _number_errors(agreement) if "number" in changed else {},
            rules.agreement_errors(row_of(agreement), before=before, today=today),
        )

    return check


def _saving(agreement: Agreement, write: Callable[[], T]) -> T:
    """Run the write; a number taken meanwhile by another request is the same error."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        errors = _number_errors(agreement)
        if errors:
            raise ValidationError(errors) from None
        raise


def _clean_text(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: value.strip() if name in TEXT_FIELDS and isinstance(value, str) else value
        for name, value in fields.items()
    }


@transaction.atomic
def agreement_create(
    *,
    actor: User,
    number: str,
    kind: str,
    title: str,
    parties: Sequence[PartyData],
    signed_on: date | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    description: str = "",
) -> Agreement:
    """A draft agreement with its parties; the actor's own organisation must be one of them
    unless the actor is the ministry."""
    if not may_create_agreement(actor):
        raise PermissionDenied(_("Your role may not register agreements."))
    fields = _clean_text(
        {"number": number, "title": title, "description": description, "kind": kind}
    )
    agreement = Agreement(
        **fields, signed_on=signed_on, starts_on=starts_on, ends_on=ends_on, created_by=actor
    )
    _require_own_party(actor, parties)
    _saving(
        agreement,
        lambda: audited_create(actor=actor, instance=agreement, check=_check(None)),
    )
    errors: list[str] = []
    created: list[Party] = []
    for index, data in enumerate(parties, start=1):
        try:
            created.append(party_create(actor, agreement, data, others=created))
        except ValidationError as error:
            errors += [_("party %(n)s: %(error)s") % {"n": index, "error": m} for m in flat(error)]
    if errors:
        raise ValidationError({"parties": errors})
    return agreement


def _require_own_party(actor: User, parties: Sequence[PartyData]) -> None:
    count = rules.party_count_errors(len(parties))
    if count:
        raise ValidationError(count)
    scope = user_scope(user=actor)
    if scope.all_people:
        return
    if scope.role in INSTITUTION_ROLES:
        if not any(party.institution_id in scope.institution_ids for party in parties):
            message = _("Your institution must be one of the parties.")
            raise ValidationError({"parties": [message]})
    elif not any(party.enterprise_id == actor.enterprise_id for party in parties):
        raise ValidationError({"parties": [_("Your enterprise must be one of the parties.")]})


@transaction.atomic
def agreement_update(
    *,
    actor: User,
    agreement: Agreement,
    seen: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Agreement:
    """Change an agreement's facts. Drafts and signed agreements change freely; once active
    only the title, description and end date, once expired or terminated the description
    (rules.editable_fields). `seen`: the values the editor saw, so a field someone changed
    meanwhile is refused rather than overwritten."""
    locked = lock_writable(actor, agreement)
    unknown = set(fields) - set(rules.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    before = row_of(locked)
    changes = _clean_text(fields)
    return _saving(
        Agreement(pk=locked.pk, number=changes.get("number", locked.number)),
        lambda: audited_update(
            actor=actor,
            instance=agreement,
            changes=changes,
            check=_check(before),
            seen=seen,
        ),
    )


@transaction.atomic
def agreement_transition(
    *, actor: User, agreement: Agreement, to: str, reason: str = "", on: date | None = None
) -> Agreement:
    """Move along the lifecycle draft -> signed -> active -> expired, or from any open status
    to terminated (with a reason). Signing and entering into force record the date `on`
    (today by default) unless the agreement already has one. A move the lifecycle does not
    allow is an ApplicationError; a missing reason or a date out of order a ValidationError
    naming the parameter (to, reason, on)."""
    locked = lock_writable(actor, agreement)
    refused = rules.transition_errors(locked.status, to)
    if refused:
        if to not in AgreementStatus.values:
            raise ValidationError({"to": refused["status"]})
        refuse(refused, lifecycle="status", rename=TRANSITION_FIELDS)
    before = row_of(locked)
    changes = rules.transition_changes(before, to, reason=reason, day=on or timezone.localdate())
    try:
        return audited_update(
            actor=actor, instance=agreement, changes=changes, check=_check(before)
        )
    except ValidationError as error:
        raise reraised(error, lifecycle="status", rename=TRANSITION_FIELDS) from None


def agreement_export_start(*, actor: User, filters: Mapping[str, Any], language: str) -> Job:
    """Queue an XLSX export of the agreements `actor` sees with the register's `filters`;
    returns the job to follow. The list `agreements.register` of qadam.common.exports: a
    malformed filter raises FilterError (an ApplicationError) before any job exists."""
    return export_start(actor=actor, name="agreements.register", params=filters, language=language)
