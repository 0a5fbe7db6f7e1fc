"""Who may do what in the registry: one place for "may this user …", read by the views (to
show or hide an action) and enforced by the services.

The ministry administrator registers institutions and enterprises and changes any record; a
college's or university's administrator changes the programs and people of their own
institution (and its branches); everyone else reads only.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope


def may_register_organisations(user: User) -> bool:
    """Institutions and enterprises: the ministry."""
    return user_scope(user=user).all_people


def may_edit_institution_records(user: User, institution_id: int | None) -> bool:
    """The programs and people of this institution."""
    scope = user_scope(user=user)
    return scope.all_people or (
        institution_id is not None and institution_id in scope.institution_ids
    )


def may_register_students(user: User) -> bool:
    """Somewhere: the ministry anywhere, an institution's administrator at their own."""
    scope = user_scope(user=user)
    return scope.all_people or bool(scope.institution_ids)


def may_read_people(user: User) -> bool:
    """Names and IINs (an analyst sees counts only)."""
    return user_scope(user=user).sees_people


def require_registrar(user: User) -> None:
    if not may_register_organisations(user):
        raise PermissionDenied(_("Only a ministry administrator may do this."))


def require_institution_records(user: User, institution_id: int | None) -> None:
    if not may_edit_institution_records(user, institution_id):
        raise PermissionDenied(_("You may change only your own institution's records."))
