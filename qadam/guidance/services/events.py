"""Guidance events: a festival or a school visit that pupils join with a code."""

from contextlib import suppress
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.audit import audited_create, audited_update, row_of
from qadam.common.rules import FieldErrors
from qadam.guidance import policies, rules
from qadam.guidance.models import GuidanceEvent, Instrument
from qadam.guidance.services.codes import JOIN_CODE_LENGTH, new_code
from qadam.guidance.services.sessions import current_instrument


def _event_check(event: GuidanceEvent, changed: set[str]) -> FieldErrors:
    row: dict[str, Any] = row_of(event)
    for name in rules.EVENT_DATES:  # a date given as ISO text is read as the date it names
        if isinstance(row[name], str):
            with suppress(ValueError):  # not a date: full_clean names it
                row[name] = date.fromisoformat(row[name])
    return rules.event_errors(row)


@transaction.atomic
def event_create(
    *,
    actor: User,
    name: str,
    kind: str,
    starts_on: date,
    ends_on: date,
    region_id: int | None = None,
    instrument: Instrument | None = None,
) -> GuidanceEvent:
    """An event with a fresh join code for pupils."""
    policies.require_organiser(actor)
    event = GuidanceEvent(
        organiser=actor,
        name=name,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        region_id=region_id,
        instrument=instrument or current_instrument(),
        join_code=new_code(JOIN_CODE_LENGTH),
    )
    return audited_create(actor=actor, instance=event, check=_event_check)


@transaction.atomic
def event_set_open(*, actor: User, event: GuidanceEvent, is_open: bool) -> GuidanceEvent:
    """Open or close an event to new pupils (sessions already started can finish)."""
    if not (actor.is_superuser or actor.role == Role.MINISTRY_ADMIN or event.organiser == actor):
        raise PermissionDenied(_("Only the event's organiser may do this."))
    return audited_update(
        actor=actor, instance=event, changes={"is_open": is_open}, check=_event_check
    )
