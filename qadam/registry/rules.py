"""The registry's rules: pure checks on row-shaped data (a mapping of field attnames to
values) that return field errors. The services, the bulk import, the API and the admin all
call these, so they accept the same data with the same message."""

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from qadam.common.rules import Bound, FieldErrors, add_error, bound_errors
from qadam.registry.choices import InstitutionKind
from qadam.registry.identifiers import IdentifierError, parse_iin

# A program lasts at most ten years; a first-year intake of 5,000 is beyond any college.
PROGRAM_BOUNDS = {
    "duration_months": Bound(1, 120),
    "capacity": Bound(0, 5_000),
    "state_funded_seats": Bound(0, 5_000),
}
# A working life in industry before or beside teaching: at most fifty years.
EDUCATOR_BOUNDS = {"years_in_industry": Bound(0, 50)}

STUDENT_BOUNDS = {
    "year_of_study": Bound(1, 6),
    "grade_average": Bound(Decimal("2.00"), Decimal("5.00")),
}


def iin_elsewhere_errors(
    taken_by_institution_id: int | None, may_use: Callable[[int], bool]
) -> FieldErrors:
    """An IIN already registered at an institution the user does not administer: the answer
    says neither where nor that the person studies, and the caller asks the ministry to
    resolve it (the form, the API and the import give this same message)."""
    if taken_by_institution_id is None or may_use(taken_by_institution_id):
        return {}
    return {
        "iin": [_("This IIN cannot be registered here; the ministry has been asked to resolve it.")]
    }


def iin_derived(iin: str) -> tuple[dict[str, Any], FieldErrors]:
    """The birth date and sex an IIN encodes, or the error on the IIN field."""
    try:
        person = parse_iin(iin)
    except IdentifierError as error:
        return {}, {"iin": [str(error)]}
    return {"birth_date": person.birth_date, "sex": person.sex}, {}


def program_errors(row: Mapping[str, Any]) -> FieldErrors:
    """Durations and seats within their ranges; state-funded seats within the capacity."""
    errors = bound_errors(row, PROGRAM_BOUNDS)
    capacity, funded = row.get("capacity"), row.get("state_funded_seats")
    in_range = "capacity" not in errors and "state_funded_seats" not in errors
    if in_range and capacity is not None and funded is not None and funded > capacity:
        add_error(
            errors,
            "state_funded_seats",
            _("State-funded seats cannot exceed the capacity (%(capacity)s).")
            % {"capacity": capacity},
        )
    return errors


def student_errors(
    row: Mapping[str, Any], *, program_institution_id: int | None = None
) -> FieldErrors:
    """A student's record: year and grades in range, graduation after enrolment, the
    program taught by the student's institution (`program_institution_id`: the program's
    institution, looked up by the caller)."""
    errors = bound_errors(row, STUDENT_BOUNDS)
    enrolled, graduation = row.get("enrolled_on"), row.get("expected_graduation_on")
    if isinstance(enrolled, date) and isinstance(graduation, date) and graduation <= enrolled:
        add_error(
            errors,
            "expected_graduation_on",
            _("Expected graduation must come after enrolment (%(date)s).")
            % {"date": enrolled.isoformat()},
        )
    institution = row.get("institution_id")
    if program_institution_id and institution and program_institution_id != institution:
        add_error(errors, "program", _("The program belongs to another institution."))
    return errors


def institution_errors(row: Mapping[str, Any]) -> FieldErrors:
    """Where an institution is: a branch has its parent university, a foreign partner is
    abroad, an institution in Kazakhstan has a region (`parent_id` only needs to be set)."""
    errors: FieldErrors = {}
    kind, country = row.get("kind"), row.get("country")
    if kind == InstitutionKind.FOREIGN_BRANCH and not row.get("parent_id"):
        add_error(errors, "parent", _("A branch needs its parent university."))
    if kind == InstitutionKind.FOREIGN_PARTNER and country == "KZ":
        add_error(errors, "country", _("A foreign partner must be outside Kazakhstan."))
    if country == "KZ" and row.get("region_id") is None:
        add_error(errors, "region", _("An institution in Kazakhstan needs a region."))
    if row.get("profile") and kind != InstitutionKind.COLLEGE:
        add_error(errors, "profile", _("Only a college has a profile."))
    return errors


def educator_errors(row: Mapping[str, Any]) -> FieldErrors:
    """An educator's record: years in industry in range, and no more of them than the
    educator's age past sixteen (the birth date from the IIN)."""
    errors = bound_errors(row, EDUCATOR_BOUNDS)
    years, born = row.get("years_in_industry"), row.get("birth_date")
    if isinstance(years, int) and isinstance(born, date) and years > 0:
        working = date.today().year - born.year - 16
        if years > max(working, 0):
            add_error(
                errors,
                "years_in_industry",
                _("More years in industry than the educator's age allows (%(years)s at most).")
                % {"years": max(working, 0)},
            )
    return errors
