"""The registry's students, programs, educators and their upskilling as XLSX in their
import's columns (see qadam.common.exports): an exported file, edited and uploaded, is
accepted by the import and changes only what was edited. Headers are the import's labels in
the export's language; choices are written as their labels, which the import reads in any
of the three languages; each list reads through its page's selector and filter
declaration."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.common.exports import Table, exporter, queryset_table
from qadam.educators import policies as educator_policies
from qadam.educators import selectors as educator_selectors
from qadam.educators.filters import EducatorListFilters
from qadam.educators.models import Upskilling
from qadam.imports.kinds import KINDS
from qadam.imports.kinds.base import Kind
from qadam.registry import policies, selectors
from qadam.registry.filters import ProgramFilters, StudentFilters
from qadam.registry.models import Educator, Program, Student


def _table(kind: Kind, queryset: Any, values: Callable[[Any], dict[str, Any]]) -> Table:
    header = [column.label() for column in kind.columns]
    names = [column.name for column in kind.columns]

    def row(record: Any) -> tuple[object, ...]:
        found = values(record)
        return tuple(found[name] for name in names)

    return queryset_table(header, queryset, row)


@exporter("registry.students", title=_lazy("Students"), filters=StudentFilters)
def students(user: User, filters: StudentFilters) -> Table:
    """The students the user sees by name."""
    if not policies.may_read_people(user):
        raise PermissionDenied(_("Your role sees counts of people only."))
    return _table(KINDS["students"], selectors.student_list(user=user, filters=filters), _student)


def _student(s: Student) -> dict[str, Any]:
    program = s.program
    return {
        "iin": s.iin,
        "last_name": s.last_name,
        "first_name": s.first_name,
        "middle_name": s.middle_name,
        "region_kato": s.region.kato,
        "institution_code": s.institution.code,
        "specialty_code": program.specialty.code if program else None,
        "language": program.get_language_display() if program else None,
        "form": program.get_form_display() if program else None,
        "year_of_study": s.year_of_study,
        "funding": s.get_funding_display(),
        "status": s.get_status_display(),
        "enrolled_on": s.enrolled_on,
        "expected_graduation_on": s.expected_graduation_on,
        "grade_average": s.grade_average,
        "rural": s.rural,
        "disability": s.disability,
    }


@exporter("registry.programs", title=_lazy("Programs"), filters=ProgramFilters)
def programs(user: User, filters: ProgramFilters) -> Table:
    return _table(KINDS["programs"], selectors.program_list(user=user, filters=filters), _program)


def _program(p: Program) -> dict[str, Any]:
    return {
        "institution_code": p.institution.code,
        "specialty_code": p.specialty.code,
        "language": p.get_language_display(),
        "form": p.get_form_display(),
        "duration_months": p.duration_months,
        "capacity": p.capacity,
        "state_funded_seats": p.state_funded_seats,
    }


@exporter("educators.educators", title=_lazy("Educators"), filters=EducatorListFilters)
def educators(user: User, filters: EducatorListFilters) -> Table:
    """The educators the user reads by name (the list page's filters)."""
    if not educator_policies.may_read_educators(user):
        raise PermissionDenied(_("Your role reads educators as shares only."))
    queryset = educator_selectors.educator_list(user=user, filters=filters).prefetch_related(
        "specialties"
    )
    return _table(KINDS["educators"], queryset, _educator)


@exporter("educators.upskilling", title=_lazy("Upskilling"), filters=EducatorListFilters)
def upskilling(user: User, filters: EducatorListFilters) -> Table:
    """The listed educators' courses and internships, in the upskilling import's columns."""
    if not educator_policies.may_read_educators(user):
        raise PermissionDenied(_("Your role reads educators as shares only."))
    queryset = educator_selectors.upskilling_list(user=user, filters=filters)
    return _table(KINDS["upskilling"], queryset, _upskilling)


def _upskilling(u: Upskilling) -> dict[str, Any]:
    return {
        "iin": u.educator.iin,
        "kind": u.get_kind_display(),
        "title": u.title,
        "provider": u.provider,
        "course_form": u.get_form_display() if u.form else None,
        "enterprise_bin": u.enterprise.bin if u.enterprise else None,
        "agreement_number": u.obligation.agreement.number if u.obligation else None,
        "hours": u.hours,
        "started_on": u.started_on,
        "completed_on": u.completed_on,
        "certificate_number": u.certificate_number or None,
    }


def _educator(e: Educator) -> dict[str, Any]:
    return {
        "iin": e.iin,
        "last_name": e.last_name,
        "first_name": e.first_name,
        "middle_name": e.middle_name,
        "institution_code": e.institution.code,
        "position": e.position,
        "category": e.get_category_display(),
        "education": e.get_education_display() if e.education else None,
        "subjects": e.subjects,
        "specialty_codes": "; ".join(sorted(s.code for s in e.specialties.all())),
        "years_in_industry": e.years_in_industry,
        "languages": e.languages or None,
        "foreign_manager": _("yes") if e.is_foreign_manager else _("no"),
    }
