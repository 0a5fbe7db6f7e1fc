"""Who may do what with joint programmes: the ministry sets up and runs them (programmes,
participants, quotas, cohorts and their students, the exchanges that belong to them);
everyone else reads what scope.py lets them."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope


def may_manage_programmes(user: User) -> bool:
    return user_scope(user=user).all_people


def require_manager(user: User) -> None:
    if not may_manage_programmes(user):
        raise PermissionDenied(_("Only the ministry may change joint programmes."))
