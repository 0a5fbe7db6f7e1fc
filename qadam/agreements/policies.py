"""Who may change obligations, deliveries and mobility records: read by the selectors (to
show or hide a button) and enforced by the services.

Obligations: the ministry, or a user whose organisation is a party to the agreement. A
delivery: the ministry, the party that promised, or the beneficiary institution. Mobility:
the ministry every record, an institution's administrator those it sends or hosts.
"""

from django.db.models import QuerySet

from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES, Role
from qadam.accounts.selectors import Scope, user_scope
from qadam.agreements.models import Agreement, Mobility, Obligation, Party


def _is_party(actor: User, scope: Scope, parties: QuerySet[Party]) -> bool:
    if scope.role in INSTITUTION_ROLES and scope.institution_ids:
        return parties.filter(institution_id__in=scope.institution_ids).exists()
    if scope.role == Role.ENTERPRISE_HR and actor.enterprise_id:
        return parties.filter(enterprise_id=actor.enterprise_id).exists()
    return False


def obligation_may_write(*, actor: User, agreement: Agreement) -> bool:
    """The ministry, or a user whose organisation is a party to the agreement."""
    scope = user_scope(user=actor)
    return scope.all_people or _is_party(actor, scope, agreement.parties.all())


def delivery_may_record(*, actor: User, obligation: Obligation) -> bool:
    """The ministry, the party that promised (any party when promised jointly), or the
    beneficiary institution's administrator."""
    scope = user_scope(user=actor)
    if scope.all_people:
        return True
    if scope.role in INSTITUTION_ROLES and obligation.beneficiary_id in scope.institution_ids:
        return True
    parties = Party.objects.filter(agreement_id=obligation.agreement_id)
    if obligation.party_id is not None:
        parties = parties.filter(pk=obligation.party_id)
    return _is_party(actor, scope, parties)


def mobility_may_write(user: User, mobility: Mobility) -> bool:
    """The ministry writes every record; an institution's administrator those it sends or
    hosts."""
    scope = user_scope(user=user)
    if scope.all_people:
        return True
    ids = scope.institution_ids
    return bool(ids) and (
        mobility.home_institution_id in ids or mobility.host_institution_id in ids
    )


def mobility_may_create(user: User) -> bool:
    scope = user_scope(user=user)
    return scope.all_people or bool(scope.institution_ids)
