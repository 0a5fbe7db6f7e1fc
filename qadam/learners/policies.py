"""Who may do what with learners' records."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope


def may_read_funnel(user: User) -> bool:
    """The national funnel's counts: the ministry and analysts."""
    return user_scope(user=user).national_aggregates


def may_record_employment(user: User) -> bool:
    """Employment evidence comes from the state's pension registry: the ministry enters it."""
    return user_scope(user=user).all_people


def require_employment_recorder(user: User) -> None:
    if not may_record_employment(user):
        raise PermissionDenied(_("Only the ministry records employment evidence."))
