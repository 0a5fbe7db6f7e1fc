"""What an enterprise knows an applicant by (ADR 0011).

The applicant number names one application without the student's IIN: it is the
application's id, formatted, stable while the student keeps the offer on their list
(services.applications reorders in place) and different at every offer, so two enterprises
cannot join their lists on it. The IIN and the registry id reach an enterprise only for a
trainee it has accepted; the selectors annotate what each user may see (`identity_shown`)."""

import re
from typing import Any

from django.db.models import Case, Exists, F, IntegerField, Q, Value, When

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope

PREFIX = "A-"
_NUMBER = re.compile(r"A[-\s]?0*(\d{1,12})", re.IGNORECASE)


def applicant_number(application_id: int | None) -> str:
    """ "A-000123" for application 123; "" for none (an unplaced student has no offer)."""
    return "" if application_id is None else f"{PREFIX}{application_id:06d}"


def parse_applicant_number(text: str) -> int | None:
    """The application id an applicant number names, or None when `text` is not one."""
    match = _NUMBER.fullmatch(text.strip())
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def identity_shown(user: User, accepted: Q | Exists) -> dict[str, Any]:
    """Annotations `iin_shown` and `student_shown` (the registry id) of a queryset with a
    `student`: what the selector's own scope lets through (the ministry everyone, an
    institution its students, a student themself), except enterprise HR, who get them only
    where `accepted` holds (their enterprise accepted the trainee), else "" and None.
    Also `rank_shown`, where the student ranked the offer: never for enterprise HR, who
    need it not to choose and could favour those who put them first (a truthful list must
    stay safe for students). Pages, exports and the API read these, never `student.iin`,
    `student_id` or `rank`."""
    if user_scope(user=user).all_people or user.role != Role.ENTERPRISE_HR:
        return {
            "iin_shown": F("student__iin"),
            "student_shown": F("student_id"),
            "rank_shown": F("rank"),
        }
    return {
        "rank_shown": Value(None, output_field=IntegerField()),
        "iin_shown": Case(When(accepted, then=F("student__iin")), default=Value("")),
        "student_shown": Case(
            When(accepted, then=F("student_id")), default=None, output_field=IntegerField()
        ),
    }
