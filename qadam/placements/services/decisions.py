"""After publication: the enterprise accepts or declines each trainee it was matched with."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit import audited_update
from qadam.common.errors import ApplicationError
from qadam.placements import policies
from qadam.placements.models import Offer, Placement
from qadam.placements.services.contracts import contract_create
from qadam.placements.services.guards import Status, require_status


def _decide(actor: User, placement: Placement) -> Placement:
    """The placement, locked, once it is sure the actor may decide it now."""
    locked = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("offer", "round")
        .get(pk=placement.pk)
    )
    if locked.offer is None:
        raise ApplicationError(_("This student was not placed."))
    policies.require_enterprise_staff(actor, locked.offer.enterprise_id)
    require_status(locked.round, Status.PUBLISHED)
    if locked.status != Placement.Status.PENDING:
        raise ApplicationError(
            _("This placement is already %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


def _save_decision(actor: User, placement: Placement, status: str, reason: str = "") -> Placement:
    return audited_update(
        actor=actor,
        instance=placement,
        changes={
            "status": status,
            "decided_at": timezone.now(),
            "decided_by": actor,
            "decline_reason": reason,
        },
    )


@transaction.atomic
def placement_accept(*, actor: User, placement: Placement) -> Placement:
    """The enterprise takes the trainee; a targeted-training place becomes a contract."""
    offer = _decide(actor, placement).offer
    saved = _save_decision(actor, placement, Placement.Status.ACCEPTED)
    if offer is not None and offer.kind == Offer.Kind.TARGETED:
        contract_create(actor=actor, placement=saved, offer=offer)
    return saved


@transaction.atomic
def placement_decline(*, actor: User, placement: Placement, reason: str) -> Placement:
    """The enterprise turns the trainee down, saying why; the seat goes to the next round."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the placement is declined.")]})
    _decide(actor, placement)
    return _save_decision(actor, placement, Placement.Status.DECLINED, reason.strip())
