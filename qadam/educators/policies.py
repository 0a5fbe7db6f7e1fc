"""Who may do what with educators: the ministry reads and records for every college, a
college's (or university's) administrator for their own; analysts read the shares only."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.registry.models import Educator
from qadam.registry.policies import may_edit_institution_records


def may_read_educators(user: User) -> bool:
    """Educators by name: the ministry, an institution's administrator (their own)."""
    scope = user_scope(user=user)
    return scope.all_people or bool(scope.institution_ids)


def may_read_shares(user: User) -> bool:
    """The shares upskilled by region, college and sector: the ministry and analysts."""
    return user_scope(user=user).national_aggregates


def may_register_educators(user: User) -> bool:
    return may_read_educators(user)


def may_record_upskilling(user: User, educator: Educator) -> bool:
    """The ministry, or the administrator of the educator's institution."""
    return may_edit_institution_records(user, educator.institution_id)


def require_upskilling_recorder(user: User, educator: Educator) -> None:
    if not may_record_upskilling(user, educator):
        raise PermissionDenied(_("You may change only your own institution's records."))
