"""A megaproject's pipeline: its contractors, and the targeted-training offers tied to the
lines of its staffing plan (their trainees are committed supply to it)."""

from typing import Any

from django.db import transaction

from qadam.accounts.models import User
from qadam.common.audit import audited_create, audited_delete
from qadam.placements.models import Offer
from qadam.planning import rules
from qadam.planning.models import Megaproject, MegaprojectContractor, MegaprojectOffer
from qadam.planning.pipeline import megaproject_enterprises, plan_lines
from qadam.planning.policies import require_declarer, require_planner
from qadam.registry.models import Enterprise


@transaction.atomic
def contractor_add(*, actor: User, megaproject: Megaproject, enterprise: Enterprise) -> Any:
    require_planner(actor)
    contractor = MegaprojectContractor(megaproject=megaproject, enterprise=enterprise)
    return audited_create(actor=actor, instance=contractor)


@transaction.atomic
def megaproject_offer_tie(
    *, actor: User, megaproject: Megaproject, offer: Offer, line: tuple[Any, ...]
) -> MegaprojectOffer:
    """Tie `offer` to the line (specialty id, occupation id, level) of the current plan,
    replacing an earlier tie of the same offer."""
    require_declarer(actor, megaproject)
    specialty_id, occupation_id, level = line
    row = {
        "offer_kind": offer.kind,
        "offer_enterprise_id": offer.enterprise_id,
        "specialty_id": specialty_id,
        "occupation_id": occupation_id,
        "level": level,
    }
    line_keys = {plan_line.key for plan_line in plan_lines(megaproject)}
    enterprise_ids = set(megaproject_enterprises(megaproject))
    earlier = MegaprojectOffer.objects.filter(offer=offer).first()
    if earlier is not None:
        audited_delete(actor=actor, instance=earlier)
    tie = MegaprojectOffer(
        offer=offer,
        megaproject=megaproject,
        specialty_id=specialty_id,
        occupation_id=occupation_id,
        level=level,
    )
    return audited_create(
        actor=actor,
        instance=tie,
        check=lambda _tie, _changed: rules.megaproject_offer_errors(
            row, enterprise_ids=enterprise_ids, line_keys=line_keys
        ),
    )
