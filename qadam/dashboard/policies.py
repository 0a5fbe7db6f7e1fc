"""Who may do what on the dashboard's own pages: one place for "may this user …"."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import Scope, user_scope
from qadam.common import disclosure


def may_read_audit_log(user: User | AnonymousUser, scope: Scope | None = None) -> bool:
    """The whole audit log: the ministry administrator (and a superuser), who may read every
    record it describes. `scope`: the user's, if the caller has it."""
    return (scope or user_scope(user=user)).role == Role.MINISTRY_ADMIN


def may_read_national_kpis(user: User | AnonymousUser, scope: Scope | None = None) -> bool:
    """The national dashboard: the ministry and analysts (analysts never see a count below
    the minimum cell size)."""
    scope = scope or user_scope(user=user)
    return scope.role in (Role.MINISTRY_ADMIN, Role.ANALYST)


def may_edit_kpi_targets(user: User | AnonymousUser, scope: Scope | None = None) -> bool:
    """The published targets: the ministry administrator."""
    return (scope or user_scope(user=user)).role == Role.MINISTRY_ADMIN


def masks_small_counts(scope: Scope) -> bool:
    """Analysts see counts from 1 to 4 as "<5" (qadam.common.disclosure)."""
    return disclosure.masks_small_counts(scope.role)


def require_edit_kpi_targets(user: User) -> None:
    if not may_edit_kpi_targets(user):
        raise PermissionDenied(_("Only the ministry edits the national targets."))
