"""The registry's lists as XLSX (see qadam.common.exports): each reads through the selector
and the filter declaration of its page, so the file holds the rows the page shows the user.
The students and programs lists are written in their import's columns, so they are
registered beside the import (qadam.imports.exporters)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.common.exports import Table, exporter, list_table, queryset_table, yes_no
from qadam.registry import selectors
from qadam.registry.choices import StudentGrouping
from qadam.registry.filters import (
    EnterpriseFilters,
    InstitutionFilters,
    SpecialtyFilters,
    StudentCountFilters,
)
from qadam.registry.models import Enterprise, Institution, Specialty

# --------------------------------------------------------------------------- students


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
