"""Who may do what with partnerships: one place for "may this user …", read by the selectors
and views (to show or hide an action) and enforced by the services.

Agreements: the ministry, or an organisation that is a party.

Obligations: the ministry, or a user whose organisation is a party to the agreement. A
delivery: the ministry, the party that promised, or the beneficiary institution. Mobility:
the ministry every record, an institution's administrator those it sends or hosts.
"""

from django.db.models import Q, QuerySet

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


def may_write_obligations(user: User, agreement: Agreement) -> bool:
    """The ministry, or a user whose organisation is a party to the agreement."""
    scope = user_scope(user=user)
    return scope.all_people or _is_party(user, scope, agreement.parties.all())


def may_record_delivery(user: User, obligation: Obligation) -> bool:
    """The ministry, the party that promised (any party when promised jointly), or the
    beneficiary institution's administrator."""
    scope = user_scope(user=user)
    if scope.all_people:
        return True
    if scope.role in INSTITUTION_ROLES and obligation.beneficiary_id in scope.institution_ids:
        return True
    parties = Party.objects.filter(agreement_id=obligation.agreement_id)
    if obligation.party_id is not None:
        parties = parties.filter(pk=obligation.party_id)
    return _is_party(user, scope, parties)


def may_write_mobility(user: User, mobility: Mobility) -> bool:
    """The ministry writes every record; an institution's administrator those it sends or
    hosts."""
    scope = user_scope(user=user)
    if scope.all_people:
        return True
    ids = scope.institution_ids
    return bool(ids) and (
        mobility.home_institution_id in ids or mobility.host_institution_id in ids
    )


def may_create_mobility(user: User) -> bool:
    scope = user_scope(user=user)
    return scope.all_people or bool(scope.institution_ids)


def own_parties(actor: User) -> Q | None:
    """The parties that speak for the actor's organisation; None for roles without one."""
    scope = user_scope(user=actor)
    if scope.role in INSTITUTION_ROLES and scope.institution_ids:
        return Q(institution_id__in=scope.institution_ids)
    if scope.role == Role.ENTERPRISE_HR and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id)
    return None


def may_create_agreement(user: User) -> bool:
    """The ministry, or an organisation that can be a party (an institution, an enterprise)."""
    return user_scope(user=user).all_people or own_parties(user) is not None


def may_write_agreement(user: User, agreement: Agreement) -> bool:
    """The ministry, or a party's own administrator or HR."""
    if user_scope(user=user).all_people:
        return True
    own = own_parties(user)
    return own is not None and agreement.parties.filter(own).exists()
