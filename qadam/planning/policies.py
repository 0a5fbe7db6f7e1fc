"""Who may do what in workforce planning: one place for "may this user …". The ministry
manages megaprojects, scenarios and runs; analysts read them; a megaproject's operator (its
enterprise HR) declares that megaproject's staffing plans."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.planning.models import Megaproject


def may_read_planning(user: User) -> bool:
    """Scenarios and runs: the ministry and analysts."""
    return user_scope(user=user).national_aggregates


def may_plan(actor: User) -> bool:
    """Scenarios, megaprojects and runs are the ministry's."""
    return user_scope(user=actor).all_people


def may_declare_plans(actor: User, megaproject: Megaproject) -> bool:
    if may_plan(actor):
        return True
    return (
        actor.is_authenticated
        and actor.role == Role.ENTERPRISE_HR
        and megaproject.enterprise_id is not None
        and actor.enterprise_id == megaproject.enterprise_id
    )


def require_planner(actor: User) -> None:
    if not may_plan(actor):
        raise PermissionDenied(_("Only the ministry's planners may do this."))


def require_declarer(actor: User, megaproject: Megaproject) -> None:
    if not may_declare_plans(actor, megaproject):
        raise PermissionDenied(_("Only the megaproject's operator or the ministry may do this."))
