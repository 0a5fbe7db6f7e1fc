"""The partnership lists' filters, each declared once: its page reads it with `from_query`,
its API endpoints as `Query[...]`, its export with `from_params`, and its selectors take it
(qadam.common.filters, ADR 0007). The overdue page and its export take none (`NoFilters`)."""

from typing import Annotated

from pydantic import Field

from qadam.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    Direction,
    MobilityFunding,
    MobilityStatus,
    PersonKind,
)
from qadam.common.filters import Country, Id, ListFilters, Search, YesNo, one_of


class AgreementFilters(ListFilters):
    """The register (its table, its counts, its charts and their API)."""

    q: Search = ""  # a part of the number or of the title
    kind: Annotated[str, one_of(AgreementKind.values)] = ""
    status: Annotated[str, one_of(AgreementStatus.values)] = ""
    country: Annotated[Country, Field(description="any party's country (ISO 3166-1 alpha-2)")] = ""
    region: Annotated[Id | None, Field(description="a party's region")] = None
    enterprise: Annotated[Id | None, Field(description="a partner enterprise")] = None
    institution: Annotated[Id | None, Field(description="a partner institution")] = None


class MobilityFilters(ListFilters):
    """Academic mobility (the records, their figures and their API). `status` is computed
    from the dates as of today."""

    q: Annotated[Search, Field(description="a name, or the start of an IIN")] = ""
    direction: Annotated[str, one_of(Direction.values)] = ""
    person_kind: Annotated[str, one_of(PersonKind.values)] = ""
    host_country: Country = ""
    home_country: Country = ""
    institution: Annotated[Id | None, Field(description="sending or hosting")] = None
    funding: Annotated[str, one_of(MobilityFunding.values)] = ""
    scholarship: YesNo = None
    status: Annotated[str, one_of(MobilityStatus.values)] = ""
