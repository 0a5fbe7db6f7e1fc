"""What each role may read of partnerships; every selector of the app starts here.

Agreements and obligations are organisations' records: the ministry and analysts read all,
an institution's administrator those their institution (or its branches) is a party to or
benefits from, enterprise HR those their enterprise is a party to. Mobility names people:
the ministry reads all, an institution's administrator those it sends or hosts; analysts
get counts only (`mobility_counts_only`).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.agreements.models import Agreement, Mobility, Obligation, Party


def visible_agreements(*, user: User) -> QuerySet[Agreement]:
    scope = user_scope(user=user)
    agreements = Agreement.objects.all()
    if scope.national_aggregates:
        return agreements
    if scope.institution_ids:
        ids = scope.institution_ids
        party = Party.objects.filter(agreement=OuterRef("pk"), institution_id__in=ids)
        benefits = Obligation.objects.filter(agreement=OuterRef("pk"), beneficiary_id__in=ids)
        return agreements.filter(Exists(party) | Exists(benefits))
    if scope.role == Role.ENTERPRISE_HR and user.enterprise_id:
        party = Party.objects.filter(agreement=OuterRef("pk"), enterprise_id=user.enterprise_id)
        return agreements.filter(Exists(party))
    return agreements.none()


def visible_obligations(*, user: User) -> QuerySet[Obligation]:
    return Obligation.objects.filter(agreement__in=visible_agreements(user=user))


def visible_mobility(*, user: User) -> QuerySet[Mobility]:
    """Mobility records with names: never for analysts (see `mobility_counts_only`)."""
    scope = user_scope(user=user)
    if scope.all_people:
        return Mobility.objects.all()
    if scope.institution_ids:
        ids = scope.institution_ids
        return Mobility.objects.filter(
            Q(home_institution_id__in=ids) | Q(host_institution_id__in=ids)
        )
    return Mobility.objects.none()


def mobility_counts_only(*, user: User) -> bool:
    """Analysts see mobility as national figures, without names."""
    scope = user_scope(user=user)
    return scope.national_aggregates and not scope.all_people
