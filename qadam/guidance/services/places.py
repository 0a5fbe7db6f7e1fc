"""Where a pupil says they come from: their region and school, checked against the registry.

A festival's pupils name one region and a few dozen schools over and over, 100 of them a
second: an id the registry confirmed in the last minute is not asked again (two queries per
pupil otherwise). Only confirmed ids are remembered; an unknown one is asked every time, so
a new school is accepted at once."""

import time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qadam.guidance.models import DiagnosticSession
from qadam.registry.models import Institution

CONFIRMED_SECONDS = 60.0

_confirmed: dict[tuple[str, int], float] = {}  # (what, id) -> when the registry confirmed it


def _recently_confirmed(what: str, pk: int) -> bool:
    when = _confirmed.get((what, pk))
    return when is not None and time.monotonic() - when < CONFIRMED_SECONDS


def check_school(school_id: int | None) -> None:
    """The school, if any, is a school of the registry."""
    if school_id is None or _recently_confirmed("school", school_id):
        return
    if not Institution.objects.filter(pk=school_id, kind="school").exists():
        raise ValidationError({"school": [_("Choose a school from the list.")]})
    _confirmed[("school", school_id)] = time.monotonic()


def check_region(session: DiagnosticSession) -> None:
    """The session's region exists (the model's own check and message)."""
    if _recently_confirmed("region", session.region_id):
        return
    field = DiagnosticSession._meta.get_field("region")
    try:
        field.validate(session.region_id, session)
    except ValidationError as error:
        raise ValidationError({"region": error.messages}) from None
    _confirmed[("region", session.region_id)] = time.monotonic()


def forget_places() -> None:
    """After the registry changes (tests)."""
    _confirmed.clear()
