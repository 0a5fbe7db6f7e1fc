"""Who may import what: one place for "may this user …". The ministry imports every kind;
an institution's administrator its own students and programs; nobody else anything."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES
from qadam.accounts.selectors import user_scope
from qadam.imports.kinds import KINDS, Kind


def importable_kinds(user: User) -> list[Kind]:
    """The kinds of record `user` may import."""
    scope = user_scope(user=user)
    if scope.all_people:
        return list(KINDS.values())
    if scope.role in INSTITUTION_ROLES and scope.institution_ids:
        return [kind for kind in KINDS.values() if kind.institution_scoped]
    return []


def may_import(user: User, kind: Kind) -> bool:
    return kind in importable_kinds(user)


def require_importer(user: User, kind: Kind) -> None:
    if not may_import(user, kind):
        raise PermissionDenied(_("You may not import this kind of record."))
