"""Who may act on a round, and in which status: the checks every part of the services shares."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES, Role
from qadam.accounts.selectors import user_scope
from qadam.common.errors import ApplicationError
from qadam.placements.models import PlacementRound

Status = PlacementRound.Status


def is_coordinator(actor: User, placement_round: PlacementRound) -> bool:
    """The ministry runs every round; an institution's administrator runs that institution's."""
    scope = user_scope(user=actor)
    if scope.all_people:
        return True
    return (
        scope.role in INSTITUTION_ROLES
        and placement_round.institution_id is not None
        and placement_round.institution_id in scope.institution_ids
    )


def require_coordinator(actor: User, placement_round: PlacementRound) -> None:
    if not is_coordinator(actor, placement_round):
        raise PermissionDenied(_("Only the round's coordinator may do this."))


def speaks_for_enterprise(actor: User, enterprise_id: int | None) -> bool:
    if enterprise_id is None:
        return False
    if user_scope(user=actor).all_people:
        return True
    return actor.role == Role.ENTERPRISE_HR and actor.enterprise_id == enterprise_id


def require_enterprise(actor: User, enterprise_id: int) -> None:
    if not speaks_for_enterprise(actor, enterprise_id):
        raise PermissionDenied(_("Only the enterprise's own staff may do this."))


def require_status(placement_round: PlacementRound, *allowed: str) -> None:
    if placement_round.status not in allowed:
        raise ApplicationError(
            _("The round is %(status)s; this needs it to be %(allowed)s.")
            % {
                "status": placement_round.get_status_display(),
                "allowed": _(" or ").join(str(Status(s).label) for s in allowed),
            }
        )


def round_locked(placement_round: PlacementRound | int) -> PlacementRound:
    """The round's row, locked until the transaction ends: its status cannot change under a
    write that depends on it (a round is locked before any of its offers)."""
    pk = placement_round if isinstance(placement_round, int) else placement_round.pk
    return PlacementRound.objects.select_for_update().get(pk=pk)


def bump_inputs(placement_round: PlacementRound) -> None:
    """Mark the round's inputs changed: a match computed before this will not be written.
    An increment in the database, not an audited field: it counts, and races must not lose
    a count."""
    PlacementRound.objects.filter(pk=placement_round.pk).update(
        inputs_version=F("inputs_version") + 1
    )
