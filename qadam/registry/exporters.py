"""The registry's lists as XLSX (see qadam.common.exports): each reads through the selector
and the filter parsing of its page, so the file holds the rows the page shows the user."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.common.exports import (
    ID,
    NUMBER,
    TEXT,
    Table,
    choice,
    exporter,
    list_table,
    queryset_table,
    yes_no,
)
from qadam.registry import selectors
from qadam.registry.choices import Funding, InstitutionKind, Sector, StudentStatus
from qadam.registry.filters import RegistryFilters
from qadam.registry.models import Enterprise, Institution, Program, Specialty, Student

# grouping of the counts page -> its column title
COUNT_GROUPS = {
    "region": _lazy("region"),
    "funding": _lazy("funding"),
    "specialty": _lazy("specialty"),
    "institution": _lazy("institution"),
    "year_of_study": _lazy("year of study"),
}
STUDENT_PARAMS = {
    "q": TEXT,
    "region": ID,
    "specialty": ID,
    "institution": ID,
    "funding": choice(Funding.values),
    "status": choice(StudentStatus.values),
    "year_of_study": NUMBER,
}


def _specialty(specialty: Specialty | None) -> str:
    return f"{specialty.code} {specialty.name}" if specialty else ""


# --------------------------------------------------------------------------- students


@exporter("registry.students", title=_lazy("Students"), params=STUDENT_PARAMS)
def students(user: User, params: dict[str, str]) -> Table:
    """The students the user sees by name (the fields their records show them)."""
    if not user_scope(user=user).sees_people:
        raise PermissionDenied("Your role sees counts of people only.")
    queryset = selectors.student_list(user=user, filters=RegistryFilters.from_query(params))
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


@exporter(
    "registry.student_counts",
    title=_lazy("Students: counts"),
    params={**STUDENT_PARAMS, "by": choice(COUNT_GROUPS)},
)
def student_counts(user: User, params: dict[str, str]) -> Table:
    """The counts page of roles that see no names: one row per group, never a person."""
    if not user_scope(user=user).aggregates:
        raise PermissionDenied("Your role sees no counts of people.")
    by = params.get("by", "region")
    filters = RegistryFilters.from_query(params)
    return list_table(
        (COUNT_GROUPS[by], _lazy("students")),
        lambda: selectors.student_counts(user=user, filters=filters, by=by),
        lambda row: (row["label"] if row["label"] not in (None, "") else "—", row["count"]),
    )


# --------------------------------------------------------------------------- organisations


@exporter(
    "registry.institutions",
    title=_lazy("Institutions"),
    params={"q": TEXT, "region": ID, "kind": choice(InstitutionKind.values)},
)
def institutions(user: User, params: dict[str, str]) -> Table:
    queryset = selectors.institution_list(user=user, filters=RegistryFilters.from_query(params))
    header = (_lazy("name"), _lazy("kind"), _lazy("region"), _lazy("languages"))
    return queryset_table(header, queryset, _institution_row)


def _institution_row(i: Institution) -> tuple[object, ...]:
    name = f"{i.name} ({i.parent.name})" if i.parent else i.name
    return (name, i.get_kind_display(), i.region.name if i.region else i.country, i.languages)


@exporter(
    "registry.enterprises",
    title=_lazy("Enterprises"),
    params={"q": TEXT, "region": ID, "sector": choice(Sector.values)},
)
def enterprises(user: User, params: dict[str, str]) -> Table:
    queryset = selectors.enterprise_list(user=user, filters=RegistryFilters.from_query(params))
    header = (_lazy("name"), _lazy("BIN"), _lazy("sector"), _lazy("size"), _lazy("region"))
    return queryset_table(header, queryset, _enterprise_row)


def _enterprise_row(e: Enterprise) -> tuple[object, ...]:
    return (e.name, e.bin, e.get_sector_display(), e.get_size_display(), e.region.name)


@exporter(
    "registry.programs",
    title=_lazy("Programs"),
    params={"region": ID, "specialty": ID, "institution": ID, "sector": choice(Sector.values)},
)
def programs(user: User, params: dict[str, str]) -> Table:
    queryset = selectors.program_list(user=user, filters=RegistryFilters.from_query(params))
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


@exporter(
    "registry.specialties",
    title=_lazy("Specialties"),
    params={"q": TEXT, "sector": choice(Sector.values)},
)
def specialties(user: User, params: dict[str, str]) -> Table:
    filters = RegistryFilters.from_query(params)
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
