"""Pupils' diagnostics: begun after the consent screen and answered screen by screen, or
sent whole in one request (a phone that kept the answers offline, the festival's kiosks);
scored once complete.

Pupils take the diagnostic without an account. They give consent, an age, a region, a school
and a language, never a name; a resume code lets them come back, link the results to an
account later, or share them with a parent.

A pupil's own progress is not written to the audit log: the log is kept for good as the
record of who changed what the ministry relies on, and must not become a second copy of every
child's answers. Those writes still lock and re-read the session and save only the columns
they change, so two screens saved at once both keep their answers.
"""

import uuid
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.engines.guidance import holland_code, score
from qadam.guidance import rules
from qadam.guidance.models import SCALES, DiagnosticSession, GuidanceEvent, Instrument
from qadam.guidance.recommend import recommend_ahead, session_intake_year
from qadam.guidance.services.codes import RESUME_CODE_LENGTH, new_code
from qadam.guidance.services.places import check_region, check_school

RECOMMENDATIONS = rules.RECOMMENDATIONS
# what completing a diagnostic writes
COMPLETED_FIELDS = [
    "answers",
    "skills",
    *(f"score_{scale.lower()}" for scale in SCALES),
    "holland_code",
    "recommendations",
    "top_specialty",
    "completed_at",
    "updated_at",
]


def current_instrument() -> Instrument:
    instrument = Instrument.objects.filter(is_active=True).order_by("-id").first()
    if instrument is None:
        raise ValidationError(_("No diagnostic instrument is loaded."))
    return instrument


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
    # Only what storing a diagnostic reads (not the instrument's 11 kB of metadata): every
    # column the ORM selects costs CPU to compile, and a festival sends 100 pupils a second.
    # The rest loads when asked. By `get`: the code is unique, no ORDER BY to build.
    events = GuidanceEvent.objects.select_related("instrument").only(
        "is_open", "instrument__code", "instrument__version"
    )
    try:
        event = events.get(join_code=code.strip().upper())
    except GuidanceEvent.DoesNotExist:
        event = None
    if event is None:
        raise ValidationError({"event_code": [_("There is no event with this code.")]})
    if not event.is_open:
        raise ValidationError({"event_code": [_("This event is closed.")]})
    return event


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
    errors = rules.session_errors({"language": details.language, "age": details.age})
    if errors:
        raise ValidationError(errors)
    check_school(details.school_id)
    instrument = event.instrument if event else current_instrument()
    session = DiagnosticSession(
        client_id=client_id,
        resume_code=new_code(RESUME_CODE_LENGTH),
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
    # The instrument and the event were just read, the school checked above, the region
    # below, and the client id's uniqueness is the database's (a race ends in
    # IntegrityError, handled). The CHECK constraints are the ranges rules.session_errors
    # checked above: validating them again would cost a query and a savepoint per pupil.
    session.full_clean(
        exclude=["resume_code", "client_id", "instrument", "event", "school", "region"],
        validate_unique=False,  # its only unique fields are the two excluded
        validate_constraints=False,
    )
    check_region(session)
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
            session = _session_build(client_id, details, _event_for(event_code), user)
            session.save()
            return session
    except IntegrityError:  # the same id arrived twice at once: the first one stands
        return DiagnosticSession.objects.get(client_id=client_id)


def _locked(session: DiagnosticSession) -> DiagnosticSession:
    """The session's row as it is now, locked until the transaction ends."""
    locked = DiagnosticSession.objects.select_for_update().get(pk=session.pk)
    locked.instrument = session.instrument  # never changes; read once by the caller
    return locked


def _keep(session: DiagnosticSession, saved: DiagnosticSession, names: list[str]) -> None:
    """Bring the caller's session up to date with what was saved."""
    for name in names:
        field = DiagnosticSession._meta.get_field(name)
        setattr(session, field.attname, getattr(saved, field.attname))  # type: ignore[union-attr]
        if field.is_relation:
            session._state.fields_cache.pop(name, None)  # read anew when next asked


def _merge_answers(session: DiagnosticSession, answers: Mapping[str, Any]) -> str:
    """The session's answer string with `answers` applied; errors name the items."""
    layout = _layout(session.instrument)
    errors = rules.answer_errors(answers, layout.codes)
    if errors:
        raise ValidationError(errors)
    digits = list(session.answers or "0" * len(layout.codes))
    for code, value in answers.items():
        digits[layout.position[code]] = str(value)
    return "".join(digits)


@transaction.atomic
def session_answer(*, session: DiagnosticSession, answers: Mapping[str, Any]) -> DiagnosticSession:
    """Save some answers (one screen of items); the pupil can stop and resume later. Merged
    into the answers as saved now, so another screen saved meanwhile keeps its answers."""
    locked = _locked(session)
    if locked.completed_at is not None:
        raise ValidationError(_("This diagnostic is already complete."))
    locked.answers = _merge_answers(locked, answers)
    locked.save(update_fields=["answers", "updated_at"])
    _keep(session, locked, ["answers", "updated_at"])
    return session


def _score_and_recommend(session: DiagnosticSession) -> None:
    """Scale scores, Holland code and recommendations (by interest fit and the outlook in
    the pupil's region when they would graduate) from a complete answer string."""
    digits = np.frombuffer(session.answers.encode("ascii"), dtype=np.uint8) - ord("0")
    scores = score(digits.astype(np.float64), _layout(session.instrument).item_scale)
    for scale, value in zip(SCALES, scores, strict=True):
        setattr(session, f"score_{scale.lower()}", round(float(value), 3))
    session.holland_code = holland_code(scores)[0]
    picks = recommend_ahead(
        scores,
        region_id=session.region_id,
        intake_year=session_intake_year(session),
        k=RECOMMENDATIONS,
    )
    session.recommendations = [pick.as_json() for pick in picks]
    session.top_specialty_id = picks[0].specialty_id if picks else None


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
    errors = rules.skill_errors(skills or {})
    if errors:
        raise ValidationError(errors)
    session.answers = merged
    session.skills = dict(skills or {})
    _score_and_recommend(session)
    session.completed_at = timezone.now()


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
    with transaction.atomic():
        locked = _locked(session)
        if locked.completed_at is None:  # else completed meanwhile: that result stands
            _complete(locked, answers, skills)
            locked.save(update_fields=COMPLETED_FIELDS)
    _keep(session, locked, COMPLETED_FIELDS)
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
        session_complete(session=session, skills=skills)
    return session


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
    """A whole diagnostic in one request: all of it is stored, or none. A resubmission with
    the same client id returns the stored result; the flag says whether this call completed
    it.

    A new pupil's session is validated, scored and inserted in one statement (no insert of
    an empty session followed by an update); a session begun on the pages is completed.
    Nearly every pupil is new, so the client id is not looked up first: one already stored
    (a resend, a session begun on the pages, the same form twice at once) shows as the
    unique index's IntegrityError, or as a ValidationError when what was valid then is no
    longer (the event has closed since); only then is the stored session read."""
    try:
        if not consent:
            raise ValidationError({"consent": [_("The diagnostic needs your consent first.")]})
        session = _session_build(client_id, details, _event_for(event_code), user)
        _complete(session, answers, skills)
        # One INSERT is all or nothing by itself: no BEGIN and COMMIT around it (two round
        # trips per pupil). Within a caller's transaction, a savepoint keeps it usable after
        # a duplicate client id.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            session.save(force_insert=True)
        return session, True
    except (ValidationError, IntegrityError):
        existing = DiagnosticSession.objects.filter(client_id=client_id).first()
        if existing is None:
            raise
    completes_now = existing.completed_at is None
    return session_complete(session=existing, answers=answers, skills=skills), completes_now
