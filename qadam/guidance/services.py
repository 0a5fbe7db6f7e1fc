"""Every write of career guidance: events, diagnostic sessions, links to accounts.

Pupils take the diagnostic without an account. They give consent, an age, a region, a school
and a language, never a name; a resume code lets them come back, link the results to an
account later, or share them with a parent.
"""

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.audit import audit_record, changed_fields, snapshot
from qadam.common.models import AuditEntry
from qadam.engines.guidance import holland_code, score
from qadam.guidance.models import (
    SCALES,
    DiagnosticSession,
    GuidanceEvent,
    Instrument,
    ParentLink,
)
from qadam.guidance.recommend import recommend
from qadam.registry.models import Institution

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a crowd
RESUME_CODE_LENGTH = 8
JOIN_CODE_LENGTH = 6
SKILLS = ("numbers", "tools", "people", "computers")
LANGUAGES = ("kk", "ru", "en")
RECOMMENDATIONS = 5


def _code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


# --------------------------------------------------------------------------- events


def may_organise(user: User) -> bool:
    """Organisers and the ministry run guidance events."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.role in {Role.GUIDANCE_ORGANISER, Role.MINISTRY_ADMIN})
    )


def _require_organiser(actor: User) -> None:
    if not may_organise(actor):
        raise PermissionDenied(_("Only a guidance organiser may do this."))


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
    _require_organiser(actor)
    event = GuidanceEvent(
        organiser=actor,
        name=name,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        region_id=region_id,
        instrument=instrument or current_instrument(),
        join_code=_code(JOIN_CODE_LENGTH),
    )
    event.full_clean()
    event.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=event,
        changes=changed_fields({}, snapshot(event)),
        summary=str(event),
    )
    return event


@transaction.atomic
def event_set_open(*, actor: User, event: GuidanceEvent, is_open: bool) -> GuidanceEvent:
    """Open or close an event to new pupils (sessions already started can finish)."""
    if not (actor.is_superuser or actor.role == Role.MINISTRY_ADMIN or event.organiser == actor):
        raise PermissionDenied(_("Only the event's organiser may do this."))
    before = event.is_open
    event.is_open = is_open
    event.save(update_fields=["is_open", "updated_at"])
    if before != is_open:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=event,
            changes={"is_open": [before, is_open]},
            summary=str(event),
        )
    return event


def current_instrument() -> Instrument:
    instrument = Instrument.objects.filter(is_active=True).order_by("-id").first()
    if instrument is None:
        raise ValidationError(_("No diagnostic instrument is loaded."))
    return instrument


# --------------------------------------------------------------------------- sessions


@dataclass(frozen=True)
class PupilDetails:
    """What a pupil tells about themselves on the consent screen (no name)."""

    language: str
    age: int
    region_id: int
    school_id: int | None = None
    share_with_counsellor: bool = False


def _event_for(code: str) -> GuidanceEvent | None:
    if not code:
        return None
    # the instrument's metadata (11 kB of JSON) is not needed to store a diagnostic
    events = GuidanceEvent.objects.select_related("instrument").defer("instrument__metadata")
    event = events.filter(join_code=code.strip().upper()).first()
    if event is None:
        raise ValidationError({"event_code": [_("There is no event with this code.")]})
    if not event.is_open:
        raise ValidationError({"event_code": [_("This event is closed.")]})
    return event


def _check_school(school_id: int | None) -> None:
    if school_id is None:
        return
    if not Institution.objects.filter(pk=school_id, kind="school").exists():
        raise ValidationError({"school": [_("Choose a school from the list.")]})


@dataclass(frozen=True)
class _Layout:
    """An instrument's items in answer order: codes, positions, scale indices 0..5."""

    codes: tuple[str, ...]
    position: dict[str, int]
    item_scale: np.ndarray


# A released instrument's items never change (instrument_load refuses a rewording), so their
# order and scales are read once per process instead of three times per submission.
_layouts: dict[tuple[int, str, str], _Layout] = {}


def _layout(instrument: Instrument) -> _Layout:
    key = (instrument.pk, instrument.code, instrument.version)
    layout = _layouts.get(key)
    if layout is None:
        rows = list(instrument.items.order_by("position").values_list("code", "scale"))
        layout = _Layout(
            codes=tuple(code for code, _scale in rows),
            position={code: i for i, (code, _scale) in enumerate(rows)},
            item_scale=np.array([SCALES.index(scale) for _code, scale in rows]),
        )
        _layouts[key] = layout
    return layout


def _session_build(
    client_id: uuid.UUID, details: PupilDetails, event: GuidanceEvent | None, user: User | None
) -> DiagnosticSession:
    """A new, validated, unsaved session."""
    if details.language not in LANGUAGES:
        raise ValidationError({"language": [_("Choose Kazakh, Russian or English.")]})
    _check_school(details.school_id)
    instrument = event.instrument if event else current_instrument()
    session = DiagnosticSession(
        client_id=client_id,
        resume_code=_code(RESUME_CODE_LENGTH),
        instrument=instrument,
        event=event,
        user=user if user is not None and user.is_authenticated else None,
        language=details.language,
        age=details.age,
        region_id=details.region_id,
        school_id=details.school_id,
        consent_at=timezone.now(),
        share_with_counsellor=details.share_with_counsellor,
        answers="0" * len(_layout(instrument).codes),
    )
    # the instrument and the event were just read, the school checked above, and the
    # client id's uniqueness is the database's (a race ends in IntegrityError, handled)
    session.full_clean(exclude=["resume_code", "client_id", "instrument", "event", "school"])
    return session


def _new_session(
    client_id: uuid.UUID, details: PupilDetails, event: GuidanceEvent | None, user: User | None
) -> DiagnosticSession:
    session = _session_build(client_id, details, event, user)
    session.save()
    return session


def session_start(
    *,
    client_id: uuid.UUID,
    details: PupilDetails,
    consent: bool,
    event_code: str = "",
    user: User | None = None,
) -> DiagnosticSession:
    """Begin a diagnostic after the consent screen; the same client id returns the same
    session (a double-tapped button or a resent form starts nothing new)."""
    existing = DiagnosticSession.objects.filter(client_id=client_id).first()
    if existing is not None:
        return existing
    if not consent:
        raise ValidationError({"consent": [_("The diagnostic needs your consent first.")]})
    try:
        with transaction.atomic():
            return _new_session(client_id, details, _event_for(event_code), user)
    except IntegrityError:  # the same id arrived twice at once: the first one stands
        return DiagnosticSession.objects.get(client_id=client_id)


def _merge_answers(session: DiagnosticSession, answers: Mapping[str, Any]) -> str:
    """The session's answer string with `answers` applied; errors name the items."""
    layout = _layout(session.instrument)
    digits = list(session.answers or "0" * len(layout.codes))
    position = layout.position
    unknown = sorted(set(answers) - set(position))
    if unknown:
        raise ValidationError(
            {"answers": [_("Unknown items: %(items)s.") % {"items": ", ".join(unknown)}]}
        )
    bad = []
    for code, value in answers.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            bad.append(code)
            continue
        digits[position[code]] = str(value)
    if bad:
        raise ValidationError(
            {
                "answers": [
                    _("Answers must be whole numbers from 1 to 5: %(items)s.")
                    % {"items": ", ".join(sorted(bad, key=position.__getitem__))}
                ]
            }
        )
    return "".join(digits)


def session_answer(*, session: DiagnosticSession, answers: Mapping[str, Any]) -> DiagnosticSession:
    """Save some answers (one screen of items); the pupil can stop and resume later."""
    if session.completed_at is not None:
        raise ValidationError(_("This diagnostic is already complete."))
    session.answers = _merge_answers(session, answers)
    session.save(update_fields=["answers", "updated_at"])
    return session


def _check_skills(skills: Mapping[str, Any]) -> dict[str, int]:
    unknown = sorted(set(skills) - set(SKILLS))
    bad = [
        k
        for k, v in skills.items()
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5
    ]
    if unknown or bad:
        raise ValidationError(
            {
                "skills": [
                    _("Skills are rated 1 to 5: %(items)s.") % {"items": ", ".join(unknown + bad)}
                ]
            }
        )
    return dict(skills)


def _score_and_recommend(session: DiagnosticSession) -> None:
    """Scale scores, Holland code and recommendations from a complete answer string."""
    digits = np.frombuffer(session.answers.encode("ascii"), dtype=np.uint8) - ord("0")
    scores = score(digits.astype(np.float64), _layout(session.instrument).item_scale)
    for scale, value in zip(SCALES, scores, strict=True):
        setattr(session, f"score_{scale.lower()}", round(float(value), 3))
    session.holland_code = holland_code(scores)[0]
    picks = recommend(scores, k=RECOMMENDATIONS)
    session.recommendations = [{"specialty": r.specialty_id, "fit": r.fit} for r in picks]
    session.top_specialty_id = picks[0].specialty_id if picks else None


def session_complete(
    *,
    session: DiagnosticSession,
    answers: Mapping[str, Any] | None = None,
    skills: Mapping[str, Any] | None = None,
) -> DiagnosticSession:
    """Score a complete diagnostic; unanswered items are named. Completing twice changes
    nothing: the first result stands."""
    if session.completed_at is not None:
        return session
    _complete(session, answers, skills)
    session.save()
    return session


def session_save_screen(
    *,
    session: DiagnosticSession,
    answers: Mapping[str, Any],
    skills: Mapping[str, Any] | None = None,
    finish: bool = False,
) -> DiagnosticSession:
    """Save one screen's answers and, on Finish, complete the diagnostic. The screen's
    answers are kept even when Finish finds items still missing elsewhere (and names them):
    they are the pupil's progress (so no transaction around both)."""
    session_answer(session=session, answers=answers)
    if finish:
        try:
            with transaction.atomic():
                session_complete(session=session, skills=skills)
        except ValidationError:
            session.completed_at = None
            raise
    return session


def _complete(
    session: DiagnosticSession,
    answers: Mapping[str, Any] | None,
    skills: Mapping[str, Any] | None,
) -> None:
    """Merge, check and score the answers into `session` (not saved)."""
    merged = _merge_answers(session, answers or {})
    missing = [
        code
        for code, digit in zip(_layout(session.instrument).codes, merged, strict=True)
        if digit == "0"
    ]
    if missing:
        raise ValidationError(
            {
                "answers": [
                    _("Please answer every item; missing: %(items)s.")
                    % {"items": ", ".join(missing)}
                ]
            }
        )
    session.answers = merged
    session.skills = _check_skills(skills or {})
    _score_and_recommend(session)
    session.completed_at = timezone.now()


def submission_create(
    *,
    client_id: uuid.UUID,
    details: PupilDetails,
    consent: bool,
    answers: Mapping[str, Any],
    skills: Mapping[str, Any] | None = None,
    event_code: str = "",
    user: User | None = None,
) -> tuple[DiagnosticSession, bool]:
    """A whole diagnostic in one request (a phone that kept the answers offline, or the
    festival's kiosks): all of it is stored, or none. A resubmission with the same client
    id returns the stored result; the flag says whether this call completed it.

    A new pupil's session is validated, scored and inserted in one statement (no insert of
    an empty session followed by an update); a session begun on the pages is completed."""
    sessions = DiagnosticSession.objects.select_related("instrument")
    existing = sessions.defer("instrument__metadata").filter(client_id=client_id).first()
    if existing is not None:  # a resend, or a session begun on the pages
        completes_now = existing.completed_at is None
        return session_complete(session=existing, answers=answers, skills=skills), completes_now
    if not consent:
        raise ValidationError({"consent": [_("The diagnostic needs your consent first.")]})
    try:
        with transaction.atomic():
            session = _session_build(client_id, details, _event_for(event_code), user)
            _complete(session, answers, skills)
            session.save()
            return session, True
    except IntegrityError:  # the same id arrived twice at once: the first one stands
        return DiagnosticSession.objects.get(client_id=client_id), False


# --------------------------------------------------------------------------- links


def _session_by_code(resume_code: str) -> DiagnosticSession:
    session = DiagnosticSession.objects.filter(resume_code=resume_code.strip().upper()).first()
    if session is None:
        raise ValidationError({"resume_code": [_("No diagnostic has this code.")]})
    return session


@transaction.atomic
def session_link_account(*, user: User, resume_code: str) -> DiagnosticSession:
    """The pupil (signed in) claims their results: they stop being anonymous."""
    session = _session_by_code(resume_code)
    if session.user_id not in (None, user.pk):
        raise ValidationError({"resume_code": [_("These results belong to another account.")]})
    session.user = user
    session.save(update_fields=["user", "updated_at"])
    return session


@transaction.atomic
def parent_link_create(*, parent: User, resume_code: str) -> ParentLink:
    """A parent follows their child's results with the code the child gives them."""
    if parent.role != Role.PARENT:
        raise PermissionDenied(_("Only a parent's account may follow a child's results."))
    session = _session_by_code(resume_code)
    link, _created = ParentLink.objects.get_or_create(parent=parent, session=session)
    return link
