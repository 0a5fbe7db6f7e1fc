"""The registry's lists as XLSX (see qadam.common.exports): each reads through the selector
and the filter declaration of its page, so the file holds the rows the page shows the user."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.common.exports import Table, exporter, list_table, queryset_table, yes_no
from qadam.registry import policies, selectors
from qadam.registry.choices import StudentGrouping
from qadam.registry.filters import (
    EnterpriseFilters,
    InstitutionFilters,
    ProgramFilters,
    SpecialtyFilters,
    StudentCountFilters,
    StudentFilters,
)
from qadam.registry.models import Enterprise, Institution, Program, Specialty, Student


def _specialty(specialty: Specialty | None) -> str:
    return f"{specialty.code} {specialty.name}" if specialty else ""


# --------------------------------------------------------------------------- students


@exporter("registry.students", title=_lazy("Students"), filters=StudentFilters)
def students(user: User, filters: StudentFilters) -> Table:
    """The students the user sees by name (the fields their records show them)."""
    if not policies.may_read_people(user):
        raise PermissionDenied(_("Your role sees counts of people only."))
    queryset = selectors.student_list(user=user, filters=filters)
    header = (
        _lazy("IIN"),
        _lazy("last name"),
        _lazy("first name"),
        _lazy("patronymic"),
        _lazy("birth date"),
        _lazy("sex"),
        _lazy("region"),
        _lazy("institution"),
        _lazy("specialty"),
        _lazy("year of study"),
        _lazy("funding"),
        _lazy("status"),
    )
    return queryset_table(header, queryset, _student_row)


def _student_row(s: Student) -> tuple[object, ...]:
    return (
        s.iin,
        s.last_name,
        s.first_name,
        s.middle_name,
        s.birth_date,
        s.get_sex_display(),
        s.region.name,
        s.institution.name,
        _specialty(s.program.specialty if s.program else None),
        s.year_of_study,
        s.get_funding_display(),
        s.get_status_display(),
    )


@exporter("registry.student_counts", title=_lazy("Students: counts"), filters=StudentCountFilters)
def student_counts(user: User, filters: StudentCountFilters) -> Table:
    """The counts page of roles that see no names: one row per group, never a person."""
    if not user_scope(user=user).aggregates:
        raise PermissionDenied(_("Your role sees no counts of people."))
    return list_table(
        (StudentGrouping(filters.by).label, _lazy("students")),
        lambda: selectors.student_counts(user=user, filters=filters),
        lambda row: (row["label"] if row["label"] not in (None, "") else "—", row["count"]),
    )


# --------------------------------------------------------------------------- organisations


@exporter("registry.institutions", title=_lazy("Institutions"), filters=InstitutionFilters)
def institutions(user: User, filters: InstitutionFilters) -> Table:
    queryset = selectors.institution_list(user=user, filters=filters)
    header = (_lazy("name"), _lazy("kind"), _lazy("region"), _lazy("languages"))
    return queryset_table(header, queryset, _institution_row)


def _institution_row(i: Institution) -> tuple[object, ...]:
    name = f"{i.name} ({i.parent.name})" if i.parent else i.name
    return (name, i.get_kind_display(), i.region.name if i.region else i.country, i.languages)


@exporter("registry.enterprises", title=_lazy("Enterprises"), filters=EnterpriseFilters)
def enterprises(user: User, filters: EnterpriseFilters) -> Table:
    queryset = selectors.enterprise_list(user=user, filters=filters)
    header = (_lazy("name"), _lazy("BIN"), _lazy("sector"), _lazy("size"), _lazy("region"))
    return queryset_table(header, queryset, _enterprise_row)


def _enterprise_row(e: Enterprise) -> tuple[object, ...]:
    return (e.name, e.bin, e.get_sector_display(), e.get_size_display(), e.region.name)


@exporter("registry.programs", title=_lazy("Programs"), filters=ProgramFilters)
def programs(user: User, filters: ProgramFilters) -> Table:
    queryset = selectors.program_list(user=user, filters=filters)
    header = (
        _lazy("specialty"),
        _lazy("institution"),
        _lazy("language"),
        _lazy("form"),
        _lazy("capacity"),
        _lazy("state-funded seats"),
    )
    return queryset_table(header, queryset, _program_row)


def _program_row(p: Program) -> tuple[object, ...]:
    return (
        _specialty(p.specialty),
        p.institution.name,
        p.get_language_display(),
        p.get_form_display(),
        p.capacity,
        p.state_funded_seats,
    )


@exporter("registry.specialties", title=_lazy("Specialties"), filters=SpecialtyFilters)
def specialties(user: User, filters: SpecialtyFilters) -> Table:
    queryset = selectors.specialty_list(filters=filters).prefetch_related("occupations")
    header = (
        _lazy("code"),
        _lazy("specialty"),
        _lazy("qualification level"),
        _lazy("sector"),
        _lazy("technical"),
        _lazy("ISCO-08 occupations"),
    )
    return queryset_table(header, queryset, _specialty_row)


def _specialty_row(s: Specialty) -> tuple[object, ...]:
    occupations = "; ".join(f"{o.code} {o.title}" for o in s.occupations.all())
    return (
        s.code,
        s.name,
        s.get_qualification_level_display(),
        s.get_sector_display(),
        yes_no(s.is_technical),
        occupations,
    )
