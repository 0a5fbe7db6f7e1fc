"""An agreement's parties: added and removed only while it is a draft or signed (the rules
are in rules/lifecycle.py)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.agreements import rules
from qadam.agreements.choices import PartyKind
from qadam.agreements.models import Agreement, Obligation, Party
from qadam.agreements.policies import own_parties
from qadam.agreements.services.access import lock_writable, refuse
from qadam.common.audit import audited_create, audited_delete, row_of
from qadam.common.errors import ApplicationError
from qadam.common.rules import FieldErrors, merge
from qadam.registry.models import Enterprise, Institution


@dataclass(frozen=True)
class PartyData:
    """A party as given by a form or the API: a registry institution or enterprise (by id),
    or a named body (a ministry, a foreign institution outside the registry)."""

    kind: str
    role: str
    institution_id: int | None = None
    enterprise_id: int | None = None
    name: str = ""
    country: str = ""


def _row(data: PartyData) -> tuple[dict[str, Any], FieldErrors]:
    """The party as it will be saved: the country given (upper case), else the
    institution's, else KZ unless it is a foreign party; errors for missing organisations."""
    country = data.country.strip().upper()
    if data.institution_id is not None:
        found = Institution.objects.filter(pk=data.institution_id).values_list("country").first()
        if found is None:
            return {}, {"institution": [_("No such institution.")]}
        country = country or found[0]
    if data.enterprise_id and not Enterprise.objects.filter(pk=data.enterprise_id).exists():
        return {}, {"enterprise": [_("No such enterprise.")]}
    if not country and data.kind != PartyKind.FOREIGN_INSTITUTION:
        country = "KZ"
    row = {
        "kind": data.kind,
        "role": data.role,
        "institution_id": data.institution_id,
        "enterprise_id": data.enterprise_id,
        "name": data.name.strip(),
        "country": country,
    }
    return row, {}


def party_create(
    actor: User, agreement: Agreement, data: PartyData, *, others: Sequence[Party] | None = None
) -> Party:
    """Add a party to `agreement` (the caller holds its lock and has checked its status);
    `others`: the agreement's parties so far (by default as the register holds them)."""
    row, missing = _row(data)
    refuse(missing)
    existing = [row_of(party) for party in (agreement.parties.all() if others is None else others)]
    party = Party(agreement=agreement, **row)
    return audited_create(
        actor=actor,
        instance=party,
        check=lambda _party, _changed: rules.party_errors(row, others=existing),
        summary=f"{agreement.number}: {party}",
    )


@transaction.atomic
def party_add(*, actor: User, agreement: Agreement, data: PartyData) -> Party:
    locked = lock_writable(actor, agreement)
    refuse(rules.parties_change_errors(locked.status), lifecycle="parties")
    return party_create(actor, locked, data)


@transaction.atomic
def party_remove(*, actor: User, party: Party) -> None:
    """Remove a party that neither promised nor benefits from obligations; the last party
    and the actor's own stay."""
    locked = lock_writable(actor, party.agreement)
    refuse(rules.parties_change_errors(locked.status), lifecycle="parties")
    party = locked.parties.get(pk=party.pk)
    benefits = party.institution_id is not None and (
        Obligation.objects.filter(agreement=locked, beneficiary_id=party.institution_id).exists()
    )
    refuse(
        merge(
            rules.party_count_errors(locked.parties.count() - 1),
            rules.party_removal_errors(
                str(party), promised=party.obligations.exists(), benefits=benefits
            ),
        ),
        lifecycle="parties",
    )
    own = own_parties(actor)
    if own is not None and not locked.parties.exclude(pk=party.pk).filter(own).exists():
        raise ApplicationError(_("You cannot remove your own organisation from the agreement."))
    audited_delete(actor=actor, instance=party, summary=f"{locked.number}: {party}")
