"""Quotas: the ministry sets a round's minimums and maximums of classes of applicants across
groups of offers until the round is published (ADR 0013); each change is a change of the
round's inputs, so a match computed before it is not written."""

from typing import Any

from django.db import transaction

from qadam.accounts.models import User
from qadam.common.audit import audited_create, audited_delete, row_of
from qadam.common.rules import FieldErrors
from qadam.placements import policies, rules
from qadam.placements.models import PlacementRound, Quota
from qadam.placements.services.guards import Status, bump_inputs, require_status, round_locked
from qadam.registry.models import Region

CHANGEABLE = (Status.DRAFT, Status.OPEN, Status.CLOSED, Status.MATCHED)


def _quota_check(quota: Quota, changed: set[str]) -> FieldErrors:
    others = [row_of(q) for q in Quota.objects.filter(round_id=quota.round_id).exclude(pk=quota.pk)]
    return rules.quota_errors(row_of(quota), others=others)


@transaction.atomic
def quota_create(
    *,
    actor: User,
    placement_round: PlacementRound,
    applicants: str,
    home_region: Region | None = None,
    offer_region: Region | None = None,
    min_seats: int | None = None,
    max_seats: int | None = None,
) -> Quota:
    """A quota on the round; the round's other quotas are read under its lock, so two
    ministry users cannot add caps that conflict."""
    locked = round_locked(placement_round)
    policies.require_quota_setter(actor)
    require_status(locked, *CHANGEABLE)
    quota = Quota(
        round=locked,
        applicants=applicants,
        home_region=home_region,
        offer_region=offer_region,
        min_seats=min_seats,
        max_seats=max_seats,
    )
    created = audited_create(actor=actor, instance=quota, check=_quota_check)
    bump_inputs(locked)
    return created


@transaction.atomic
def quota_delete(*, actor: User, quota: Quota) -> None:
    locked = round_locked(quota.round_id)
    policies.require_quota_setter(actor)
    require_status(locked, *CHANGEABLE)
    audited_delete(actor=actor, instance=quota)
    bump_inputs(locked)


def quota_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The API's ids as the service's objects (an unknown region: DoesNotExist, a 404)."""
    fields = dict(data)
    for name in ("home_region", "offer_region"):
        pk = fields.pop(f"{name}_id", None)
        fields[name] = None if pk is None else Region.objects.get(pk=pk)
    return fields
