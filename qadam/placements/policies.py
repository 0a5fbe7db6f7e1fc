"""Who may do what with placement rounds: one place for "may this user …", read by the
views (to show or hide an action) and enforced by the services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES, Role
from qadam.accounts.selectors import user_scope
from qadam.placements.models import PlacementRound


def may_coordinate_round(user: User, placement_round: PlacementRound) -> bool:
    """The ministry runs every round; an institution's administrator runs that institution's."""
    scope = user_scope(user=user)
    if scope.all_people:
        return True
    return (
        scope.role in INSTITUTION_ROLES
        and placement_round.institution_id is not None
        and placement_round.institution_id in scope.institution_ids
    )


def require_round_coordinator(user: User, placement_round: PlacementRound) -> None:
    if not may_coordinate_round(user, placement_round):
        raise PermissionDenied(_("Only the round's coordinator may do this."))


def may_speak_for_enterprise(user: User, enterprise_id: int | None) -> bool:
    """Offers, rankings, decisions and contracts: the enterprise's own HR, or the ministry."""
    if enterprise_id is None:
        return False
    if user_scope(user=user).all_people:
        return True
    return user.role == Role.ENTERPRISE_HR and user.enterprise_id == enterprise_id


def require_enterprise_staff(user: User, enterprise_id: int | None) -> None:
    if not may_speak_for_enterprise(user, enterprise_id):
        raise PermissionDenied(_("Only the enterprise's own staff may do this."))


def may_set_quotas(user: User, placement_round: PlacementRound) -> bool:
    """Quotas are the ministry's: set for a round before it is published."""
    return (
        user_scope(user=user).all_people
        and placement_round.status != PlacementRound.Status.PUBLISHED
    )


def require_quota_setter(user: User) -> None:
    if not user_scope(user=user).all_people:
        raise PermissionDenied(_("Only the ministry sets a round's quotas."))
