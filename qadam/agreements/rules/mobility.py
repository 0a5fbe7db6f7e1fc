"""Academic mobility: countries, the period, the IIN and the link to a registry person."""

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from qadam.agreements.choices import Direction, PersonKind
from qadam.common.rules import FieldErrors, add_error, merge
from qadam.registry.rules import iin_derived

Row = Mapping[str, Any]
KAZAKHSTAN = "KZ"
RELATIONS = ("student", "educator", "home_institution", "host_institution", "agreement")
# a change to any of these re-checks the link to the registry person
LINK_FIELDS = frozenset(
    {
        "iin",
        "person_kind",
        "direction",
        "home_country",
        "host_country",
        *(f"{name}_id" for name in RELATIONS),
    }
)


class Person(NamedTuple):
    """A linked registry student or educator, as the link rules read them."""

    iin: str
    institution_id: int | None


def _country_errors(row: Row, countries: Mapping[str, str | None]) -> FieldErrors:
    errors: FieldErrors = {}
    home, host = row.get("home_country") or "", row.get("host_country") or ""
    for name, code in (("home_country", home), ("host_country", host)):
        if code and not (len(code) == 2 and code.isascii() and code.isalpha()):
            add_error(
                errors, name, _("Give the country as its two-letter ISO code, such as KZ or RU.")
            )
    if errors or not (home and host):
        return errors
    direction = row.get("direction")
    if host == home:
        add_error(errors, "host_country", _("The host country must differ from the home country."))
    elif direction == Direction.OUTGOING and home != KAZAKHSTAN:
        add_error(
            errors,
            "home_country",
            _("Outgoing mobility leaves Kazakhstan: the home country is KZ."),
        )
    elif direction == Direction.INCOMING and host != KAZAKHSTAN:
        add_error(
            errors,
            "host_country",
            _("Incoming mobility comes to Kazakhstan: the host country is KZ."),
        )
    for side, country in (("home", home), ("host", host)):
        actual = countries.get(side)
        if actual and actual != country:
            add_error(
                errors,
                f"{side}_institution",
                _("This institution is in %(actual)s, not in %(country)s.")
                % {"actual": actual, "country": country},
            )
    return errors


def _date_errors(row: Row) -> FieldErrors:
    errors: FieldErrors = {}
    starts, ends, returned = row.get("starts_on"), row.get("ends_on"), row.get("returned_on")
    if isinstance(starts, date) and isinstance(ends, date) and ends <= starts:
        add_error(errors, "ends_on", _("The period must end after it starts."))
    if isinstance(starts, date) and isinstance(returned, date) and returned < starts:
        add_error(
            errors,
            "starts_on",
            _("The return is recorded on %(returned)s, before this start.")
            % {"returned": returned.isoformat()},
        )
    return errors


def _link_errors(row: Row, people: Mapping[str, Person | None]) -> FieldErrors:
    """A registry person matches the person kind, the IIN and their institution: the home
    one for outgoing mobility, the host one for incoming."""
    errors: FieldErrors = {}
    if row.get("student_id") and row.get("educator_id"):
        return {"educator": [_("Link a student or an educator, not both.")]}
    side = "home" if row.get("direction") == Direction.OUTGOING else "host"
    for kind in (PersonKind.STUDENT, PersonKind.EDUCATOR):
        person = people.get(str(kind))
        if person is None:
            continue
        if row.get("person_kind") != kind:
            add_error(
                errors,
                str(kind),
                _("A student is linked only to a student's record.")
                if kind == PersonKind.STUDENT
                else _("An educator is linked only to an educator's record."),
            )
            continue
        iin = row.get("iin") or ""
        if iin and person.iin != iin:
            add_error(errors, "iin", _("The IIN differs from the linked registry person's."))
        if person.institution_id != row.get(f"{side}_institution_id"):
            add_error(
                errors,
                str(kind),
                _("This person is not of the home institution.")
                if side == "home"
                else _("This person is not of the host institution."),
            )
    return errors


def mobility_errors(
    row: Row,
    *,
    changed: set[str] | frozenset[str] = LINK_FIELDS,
    countries: Mapping[str, str | None] | None = None,
    people: Mapping[str, Person | None] | None = None,
) -> FieldErrors:
    """A mobility record as it would be saved. `countries`: the home and host institutions'
    countries ({"home": "RU"}); `people`: the linked registry student or educator
    ({"student": Person(...)}), whose link is judged when a field it depends on changed."""
    iin = row.get("iin") or ""
    return merge(
        _country_errors(row, countries or {}),
        _date_errors(row),
        iin_derived(iin)[1] if iin else {},
        _link_errors(row, people or {}) if set(changed) & LINK_FIELDS else {},
    )


def return_errors(row: Row, *, today: date) -> FieldErrors:
    """The person came back (returned_on): not before the period started, not in the future."""
    returned, starts = row.get("returned_on"), row.get("starts_on")
    if not isinstance(returned, date):
        return {}
    if isinstance(starts, date) and returned < starts:
        return {
            "returned_on": [
                _("The return cannot be before the start, %(start)s.")
                % {"start": starts.isoformat()}
            ]
        }
    if returned > today:
        return {"returned_on": [_("The return cannot be in the future.")]}
    return {}
