"""The registry lists' filters, each declared once: its page reads it with `from_query`, its
API endpoint as `Query[...]`, its export with `from_params`, and its selector takes it
(qadam.common.filters, ADR 0007)."""

from typing import Annotated

from qadam.common.filters import Id, ListFilters, Search, SmallNumber, one_of
from qadam.registry.choices import (
    Funding,
    InstitutionKind,
    Sector,
    StudentGrouping,
    StudentStatus,
)


class StudentFilters(ListFilters):
    q: Search = ""  # an IIN prefix (digits) or the start of a surname
    region: Id | None = None
    specialty: Id | None = None
    institution: Id | None = None
    funding: Annotated[str, one_of(Funding.values)] = ""
    status: Annotated[str, one_of(StudentStatus.values)] = ""
    year_of_study: SmallNumber | None = None


class StudentCountFilters(StudentFilters):
    """The counts page of roles that see no names: the students' filters and a grouping."""

    by: Annotated[str, one_of(StudentGrouping.values)] = StudentGrouping.REGION.value


class InstitutionFilters(ListFilters):
    q: Search = ""
    region: Id | None = None
    kind: Annotated[str, one_of(InstitutionKind.values)] = ""


class EnterpriseFilters(ListFilters):
    q: Search = ""  # a name's part or a BIN prefix
    region: Id | None = None
    sector: Annotated[str, one_of(Sector.values)] = ""


class ProgramFilters(ListFilters):
    region: Id | None = None
    specialty: Id | None = None
    institution: Id | None = None
    sector: Annotated[str, one_of(Sector.values)] = ""


class SpecialtyFilters(ListFilters):
    """The specialties catalogue."""

    q: Search = ""  # a name's part or a code prefix
    sector: Annotated[str, one_of(Sector.values)] = ""


class EducatorFilters(ListFilters):
    """No page of its own yet: the selector's filter (academic mobility's choices)."""

    institution: Id | None = None
