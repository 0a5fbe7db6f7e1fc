"""Offers: an enterprise publishes and changes them while the round is a draft or open; a
follow-up round carries over each offer's remaining seats."""

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit import (
    Check,
    actor_fields,
    audited_create,
    audited_update,
    changed_fields,
    row_of,
    snapshot,
)
from qadam.common.bulk import bulk_insert
from qadam.common.models import AuditEntry
from qadam.common.rules import FieldErrors, merge
from qadam.placements import policies, rules
from qadam.placements.models import OFFER_EDITABLE_FIELDS, Offer, Placement, PlacementRound
from qadam.placements.services.guards import (
    Status,
    bump_inputs,
    require_status,
    round_locked,
)
from qadam.registry.models import Specialty

# by object (forms) or, for relations, by id (API); specialties go in their own argument
OFFER_FIELDS = {*OFFER_EDITABLE_FIELDS, "occupation_id", "region_id"} - {"specialties"}
# the match writes these; a copy starts without them
NOT_COPIED = {"id", "created_at", "updated_at", "filled", "cutoff"}
COPIED = [f.attname for f in Offer._meta.concrete_fields if f.attname not in NOT_COPIED]
AUDIT_COLUMNS = ["at", "actor_id", "actor_username", "actor_role", "action", "model"]
AUDIT_COLUMNS += ["object_id", "summary", "changes"]


def _refuse_unknown(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})


def _ids(specialties: Sequence[Specialty | int]) -> list[int]:
    return sorted({s if isinstance(s, int) else s.pk for s in specialties})


def _specialty_errors(ids: list[int]) -> FieldErrors:
    if not ids:
        return {"specialties": [_("Choose at least one specialty.")]}
    known = set(Specialty.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [pk for pk in ids if pk not in known]
    if missing:
        return {"specialties": [_("Unknown specialty: %(ids)s.") % {"ids": missing}]}
    return {}


def _offer_check(specialty_errors: FieldErrors) -> Check[Offer]:
    """The offer's rules on the record as it would be saved, with the specialties' errors,
    so every field's problem is reported at once."""

    def check(offer: Offer, changed: set[str]) -> FieldErrors:
        return merge(rules.offer_errors(row_of(offer)), specialty_errors)

    return check


@transaction.atomic
def offer_create(
    *,
    actor: User,
    placement_round: PlacementRound,
    enterprise_id: int,
    specialties: Sequence[Specialty | int],
    **fields: Any,
) -> Offer:
    """An enterprise's offer in a round that is still a draft or open."""
    _refuse_unknown(fields)
    policies.require_enterprise_staff(actor, enterprise_id)
    locked = round_locked(placement_round)
    require_status(locked, Status.DRAFT, Status.OPEN)
    ids = _ids(specialties)
    offer = Offer(round=locked, enterprise_id=enterprise_id, **fields)
    audited_create(
        actor=actor,
        instance=offer,
        check=_offer_check(_specialty_errors(ids)),
        also={"specialties": ids},
    )
    offer.specialties.set(ids)
    return offer


def _refuse_changed_specialties(current: list[int], seen: Sequence[Specialty | int]) -> None:
    """The editor's specialties, when someone changed them meanwhile, are not saved over
    that change (as `audited_update` refuses any other field changed meanwhile)."""
    if _ids(seen) == current:
        return
    codes = Specialty.objects.filter(pk__in=current).order_by("code").values_list("code", flat=True)
    raise ValidationError(
        {
            "specialties": [
                _(
                    "Someone else changed this while you were editing; it is now “%(value)s”. "
                    "Check it and save again."
                )
                % {"value": ", ".join(codes) or "—"}
            ]
        }
    )


@transaction.atomic
def offer_update(
    *,
    actor: User,
    offer: Offer,
    specialties: Sequence[Specialty | int] | None = None,
    seen: Mapping[str, Any] | None = None,
    **changes: Any,
) -> Offer:
    """Change an offer while its round is a draft or open.

    Only `changes` (and `specialties`, when given) are written, onto the offer as it is now:
    someone else's change to another field survives. `seen`: the values the editor saw, so
    a field someone changed meanwhile is refused rather than overwritten. Any real change
    marks the round's inputs changed (a match already running will not be written)."""
    _refuse_unknown(changes)
    placement_round = round_locked(offer.round_id)  # the round first, as the match locks
    current = Offer.objects.select_for_update().get(pk=offer.pk)
    policies.require_enterprise_staff(actor, current.enterprise_id)
    require_status(placement_round, Status.DRAFT, Status.OPEN)
    seen = dict(seen or {})
    seen_specialties = seen.pop("specialties", None)
    before_ids = sorted(current.specialties.values_list("pk", flat=True))
    ids, specialty_errors = before_ids, {}
    if specialties is not None:
        ids = _ids(specialties)
        specialty_errors = _specialty_errors(ids)
        if ids != before_ids and seen_specialties is not None:
            _refuse_changed_specialties(before_ids, seen_specialties)
    before = snapshot(current)
    saved = audited_update(
        actor=actor,
        instance=offer,
        changes=changes,
        check=_offer_check(specialty_errors),
        seen=seen,
        also={"specialties": [before_ids, ids]},
    )
    if ids != before_ids:
        saved.specialties.set(ids)
    if ids != before_ids or snapshot(saved) != before:
        bump_inputs(placement_round)
    return saved


def offers_carry_over(
    *, actor: User, previous: PlacementRound, follow_up: PlacementRound
) -> list[Offer]:
    """Copy each offer of `previous` with seats left (not taken by a pending or accepted
    placement) into `follow_up`, with only those seats.

    In bulk, not through `audited_create`: a national round holds thousands of offers, and
    each is a copy of an offer the rules accepted (fewer seats cannot break them; the CHECK
    constraints still guard the insert). Every copy is audited as a creation all the same."""
    taken = dict(
        Placement.objects.filter(
            round=previous, status__in=[Placement.Status.PENDING, Placement.Status.ACCEPTED]
        )
        .exclude(offer=None)
        .values("offer")
        .annotate(count=Count("pk"))
        .values_list("offer", "count")
    )
    copies = []
    seats_at = COPIED.index("seats")
    # values, not model instances: a national round holds 18,000 offers
    for pk, *values in previous.offers.order_by("pk").values_list("pk", *COPIED):
        remaining = values[seats_at] - taken.get(pk, 0)
        if remaining <= 0:
            continue
        fields = dict(zip(COPIED, values, strict=True))
        fields.update(round_id=follow_up.pk, source_offer_id=pk, seats=remaining)
        copies.append(Offer(**fields))
    Offer.objects.bulk_create(copies)
    links = Offer.specialties.through
    by_source: dict[int, list[int]] = {}
    for offer_id, specialty_id in (
        links.objects.filter(offer__round=previous)
        .order_by("specialty_id")
        .values_list("offer_id", "specialty_id")
    ):
        by_source.setdefault(offer_id, []).append(specialty_id)
    # the links and the audit entries by COPY on PostgreSQL (executemany on SQLite): the
    # ORM's bulk insert of 7,000 entries held the transaction for seconds
    bulk_insert(
        links,
        ["offer_id", "specialty_id"],
        [
            (copy.pk, specialty_id)
            for copy in copies
            for specialty_id in by_source.get(copy.source_offer_id or 0, [])
        ],
    )
    who = actor_fields(actor)
    head = (
        connection.ops.adapt_datetimefield_value(timezone.now()),
        actor.pk,
        who["actor_username"],
        who["actor_role"],
        AuditEntry.Action.CREATE.value,
        Offer._meta.label,
    )
    encode = json.JSONEncoder(check_circular=False).encode
    bulk_insert(
        AuditEntry,
        AUDIT_COLUMNS,
        [
            (
                *head,
                str(copy.pk),
                str(copy)[:255],
                encode(
                    changed_fields(
                        {},
                        {
                            **snapshot(copy),
                            "specialties": by_source.get(copy.source_offer_id or 0, []),
                        },
                    )
                ),
            )
            for copy in copies
        ],
    )
    return copies
