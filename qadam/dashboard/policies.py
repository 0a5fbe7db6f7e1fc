"""Who may do what on the dashboard's own pages: one place for "may this user …"."""

from django.contrib.auth.models import AnonymousUser

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import Scope, user_scope


def may_read_audit_log(user: User | AnonymousUser, scope: Scope | None = None) -> bool:
    """The whole audit log: the ministry administrator (and a superuser), who may read every
    record it describes. `scope`: the user's, if the caller has it."""
    return (scope or user_scope(user=user)).role == Role.MINISTRY_ADMIN
