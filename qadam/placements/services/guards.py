"""In which status a round may change: the checks every part of the services shares (who
may act is policies.py's)."""

from django.db.models import F
from django.utils.translation import gettext as _

from qadam.common.errors import ApplicationError
from qadam.placements.models import PlacementRound

Status = PlacementRound.Status


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
