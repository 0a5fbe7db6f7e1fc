"""The joint programmes' rules: pure checks on row-shaped data (field attnames to values)
that return field errors {field: [messages]}. The services (and so the pages, the API and
the admin) call these, so the same bad record gets the same message whichever way it
comes in. Lookups stay with the callers, which pass in what a rule needs."""

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from qadam.common.rules import Bound, FieldErrors, add_error, bound_errors, merge
from qadam.joint.choices import KAZAKHSTAN, RUSSIA

Row = Mapping[str, Any]
YEAR = Bound(2000, 2100)
# the biggest region's yearly intake of a joint programme, far above any real one
SEATS = Bound(1, 10_000)
QUOTA_BOUNDS = {"year": YEAR, "seats": SEATS}
COHORT_BOUNDS = {"intake_year": YEAR}
COUNTRIES = (KAZAKHSTAN, RUSSIA)
# the kinds of institution that may take part (no schools)
PARTICIPANT_KINDS = frozenset({"college", "university", "foreign_branch", "foreign_partner"})


def programme_errors(row: Row) -> FieldErrors:
    """A programme as it would be saved: a code and a name, and an end after its start."""
    errors: FieldErrors = {}
    if not str(row.get("code") or "").strip():
        add_error(errors, "code", _("Give the programme a code."))
    if not str(row.get("name") or "").strip():
        add_error(errors, "name", _("Give the programme's name in Russian."))
    starts, ends = row.get("starts_on"), row.get("ends_on")
    if isinstance(starts, date) and isinstance(ends, date) and ends < starts:
        add_error(errors, "ends_on", _("The programme cannot end before it starts."))
    return errors


def participant_errors(*, kind: str | None, country: str | None) -> FieldErrors:
    """A participant is a college or a university (or a foreign one) of Kazakhstan or
    Russia."""
    if kind is None:
        return {}  # no institution: the field's own check says so
    if kind not in PARTICIPANT_KINDS:
        return {"institution": [_("Only colleges and universities take part in a programme.")]}
    if country not in COUNTRIES:
        return {"institution": [_("A participant is an institution of Kazakhstan or Russia.")]}
    return {}


def _region_errors(row: Row) -> FieldErrors:
    has_kz, has_ru = bool(row.get("region_id")), bool(row.get("ru_region"))
    if has_kz == has_ru:
        return {"region": [_("Give a region of Kazakhstan or a region of Russia, not both.")]}
    return {}


def _year_errors(year: Any, programme: Row, field: str) -> FieldErrors:
    if not isinstance(year, int) or not YEAR.holds(year):
        return {}
    starts, ends = programme.get("starts_on"), programme.get("ends_on")
    if isinstance(starts, date) and year < starts.year:
        return {field: [_("The programme starts in %(year)s.") % {"year": starts.year}]}
    if isinstance(ends, date) and year > ends.year:
        return {field: [_("The programme ends in %(year)s.") % {"year": ends.year}]}
    return {}


def quota_errors(row: Row, *, programme: Row) -> FieldErrors:
    """A quota: one region of either country, a year within the programme's period, seats
    within their range."""
    return merge(
        bound_errors(row, QUOTA_BOUNDS),
        _region_errors(row),
        _year_errors(row.get("year"), programme, "year"),
    )


def cohort_errors(
    row: Row,
    *,
    programme: Row,
    participants: Mapping[int, str],
    specialties: Collection[int] = (),
) -> FieldErrors:
    """A cohort: at a participating institution, with a partner (if any) that takes part
    from the other country, for one region, in a year within the programme's period, in a
    specialty the programme has quotas for (`specialties`; any while it has none).
    `participants`: the programme's institutions by id, with their countries."""
    errors: FieldErrors = {}
    specialty = row.get("specialty_id")
    if specialties and specialty is not None and specialty not in specialties:
        add_error(errors, "specialty", _("The programme has no quota in this specialty."))
    institution, partner = row.get("institution_id"), row.get("partner_id")
    if institution is not None and institution not in participants:
        add_error(errors, "institution", _("This institution does not take part in the programme."))
    if partner is not None:
        if partner not in participants:
            add_error(errors, "partner", _("This institution does not take part in the programme."))
        elif institution is not None and participants[partner] == participants.get(institution):
            add_error(errors, "partner", _("The partner institution is in the other country."))
    return merge(
        errors,
        bound_errors(row, COHORT_BOUNDS),
        _region_errors(row),
        _year_errors(row.get("intake_year"), programme, "intake_year"),
    )


def member_errors(
    *,
    student_institution_id: int | None,
    cohort_institution_ids: Collection[int],
    other_cohort: bool,
) -> FieldErrors:
    """A student joins a cohort of their own institution (or its branch), and one cohort of
    a programme at most."""
    errors: FieldErrors = {}
    if student_institution_id is not None and student_institution_id not in cohort_institution_ids:
        add_error(errors, "student", _("The student does not study at the cohort's institution."))
    if other_cohort:
        add_error(
            errors, "student", _("The student is already in another cohort of this programme.")
        )
    return errors


def mobility_link_errors(
    *, institution_ids: Collection[int], participants: Collection[int]
) -> FieldErrors:
    """A mobility record belongs to a programme when its sending or host institution takes
    part in it."""
    if not set(institution_ids) & set(participants):
        return {
            "mobility": [
                _("Neither the sending nor the host institution takes part in the programme.")
            ]
        }
    return {}
