"""The codes pupils type: an event's join code (from the poster) and a session's resume code
(the pupil's own key to their results)."""

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a crowd
RESUME_CODE_LENGTH = 8
JOIN_CODE_LENGTH = 6


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
