"""Career guidance's rules: pure checks on row-shaped data that return field errors. The
services, the pages and the API call these, so a pupil's details, answers and an event's
dates are accepted with the same message whichever way they come; the database enforces the
ranges again with CHECK constraints (models.py)."""

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from qadam.common.rules import Bound, FieldErrors, add_error, bound_errors

LANGUAGES = ("kk", "ru", "en")
SKILLS = ("numbers", "tools", "people", "computers")
# The diagnostic is normed on pupils of 10 to 30 (school, college, first jobs).
SESSION_BOUNDS = {"age": Bound(10, 30)}
RATING = Bound(1, 5)  # an answer to an item, a self-rated skill
# An event is a festival or a school visit: days, not years. Dates past these are typos
# that would keep an event "running" on every organiser's dashboard.
FIRST_EVENT_DAY = date(2020, 1, 1)
LAST_EVENT_DAY = date(2100, 12, 31)
LONGEST_EVENT_DAYS = 366
EVENT_DATES = ("starts_on", "ends_on")


def event_errors(row: Mapping[str, Any]) -> FieldErrors:
    """Dates within Qadam's years, the end on or after the start, at most a year apart."""
    errors: FieldErrors = {}
    for name in EVENT_DATES:
        day = row.get(name)
        if isinstance(day, date) and not FIRST_EVENT_DAY <= day <= LAST_EVENT_DAY:
            add_error(
                errors,
                name,
                _("Must be a date from %(first)s to %(last)s.")
                % {"first": FIRST_EVENT_DAY.isoformat(), "last": LAST_EVENT_DAY.isoformat()},
            )
    starts, ends = row.get("starts_on"), row.get("ends_on")
    if errors or not (isinstance(starts, date) and isinstance(ends, date)):
        return errors
    if ends < starts:
        add_error(
            errors,
            "ends_on",
            _("An event ends on or after the day it starts (%(date)s).")
            % {"date": starts.isoformat()},
        )
    elif (ends - starts).days >= LONGEST_EVENT_DAYS:
        add_error(
            errors,
            "ends_on",
            _("An event lasts at most %(days)s days.") % {"days": LONGEST_EVENT_DAYS},
        )
    return errors


def session_errors(row: Mapping[str, Any]) -> FieldErrors:
    """A pupil's details: an age the diagnostic is made for, a language it is written in."""
    errors = bound_errors(row, SESSION_BOUNDS)
    if "language" in row and row["language"] not in LANGUAGES:
        add_error(errors, "language", _("Choose Kazakh, Russian or English."))
    return errors


def answer_errors(answers: Mapping[str, Any], items: Collection[str]) -> FieldErrors:
    """Answers to the instrument's `items` (by code), each a whole number from 1 to 5; the
    message names every item that is unknown or badly answered."""
    unknown = sorted(set(answers) - set(items))
    if unknown:
        return {"answers": [_("Unknown items: %(items)s.") % {"items": ", ".join(unknown)}]}
    bad = [code for code, value in answers.items() if not _rating(value)]
    if bad:
        order = {code: index for index, code in enumerate(items)}
        return {
            "answers": [
                _("Answers must be whole numbers from 1 to 5: %(items)s.")
                % {"items": ", ".join(sorted(bad, key=order.__getitem__))}
            ]
        }
    return {}


def skill_errors(skills: Mapping[str, Any]) -> FieldErrors:
    """Self-rated skills of SKILLS, each a whole number from 1 to 5."""
    unknown = sorted(set(skills) - set(SKILLS))
    bad = [name for name, value in skills.items() if not _rating(value)]
    if unknown or bad:
        return {
            "skills": [
                _("Skills are rated 1 to 5: %(items)s.") % {"items": ", ".join(unknown + bad)}
            ]
        }
    return {}


def _rating(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and RATING.holds(value)


# Kazakhstan's colleges admit after grade 9 (at about 15) or grade 11; a pupil tested before
# September can enter that autumn. The diagnostic asks an age, not a grade (no name, no
# school record), so the first intake follows from the age.
COLLEGE_INTAKE_AGE = 15
INTAKE_MONTH = 9


def intake_year(*, age: int, on: date) -> int:
    """The first autumn a pupil of `age` (on the day `on`) can enter a college."""
    first = on.year if on.month < INTAKE_MONTH else on.year + 1
    return first + max(0, COLLEGE_INTAKE_AGE - age)


RECOMMENDATIONS = 5  # specialties recommended to a pupil

# How much a specialty's outlook in the pupil's region (its projected openings when they
# would graduate) weighs beside their interest fit. Interests stay first: a specialty the
# pupil would dislike is not pushed up by openings alone (Qadam's assumption, shown on the
# results page).
OUTLOOK_WEIGHT = 0.3
