"""Who may do what in career guidance: one place for "may this user …". Organisers and the
ministry run events; who may read a pupil's results is the selectors' scoping
(`sessions_visible`), since it decides which rows exist for a user."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role


def may_organise_events(user: User) -> bool:
    """Organisers and the ministry run guidance events."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.role in {Role.GUIDANCE_ORGANISER, Role.MINISTRY_ADMIN})
    )


def require_organiser(user: User) -> None:
    if not may_organise_events(user):
        raise PermissionDenied(_("Only a guidance organiser may do this."))
