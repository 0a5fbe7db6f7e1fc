"""Every write of career guidance: events, diagnostic sessions, links to accounts. Events
and links go through qadam.common.audit's one audited save (ADR 0001); a pupil's own
diagnostic is locked and re-read but not audited (sessions.py says why).

The parts: codes (join and resume codes), events, sessions (the diagnostic), links (the
pupil's account, parents, the student record a college links at enrolment).
"""

from qadam.guidance.rules import LANGUAGES, SKILLS
from qadam.guidance.services.codes import (
    CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    RESUME_CODE_LENGTH,
)
from qadam.guidance.services.events import event_create, event_set_open
from qadam.guidance.services.links import (
    parent_link_create,
    session_link_account,
    session_link_student,
    session_share_for_enrolment,
)
from qadam.guidance.services.sessions import (
    RECOMMENDATIONS,
    PupilDetails,
    _score_and_recommend,  # timed on its own by bench/guidance_scoring.py
    current_instrument,
    session_answer,
    session_complete,
    session_save_screen,
    session_start,
    submission_create,
)

__all__ = [
    "CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "LANGUAGES",
    "RECOMMENDATIONS",
    "RESUME_CODE_LENGTH",
    "SKILLS",
    "PupilDetails",
    "_score_and_recommend",
    "current_instrument",
    "event_create",
    "event_set_open",
    "parent_link_create",
    "session_answer",
    "session_complete",
    "session_link_account",
    "session_link_student",
    "session_save_screen",
    "session_share_for_enrolment",
    "session_start",
    "submission_create",
]
