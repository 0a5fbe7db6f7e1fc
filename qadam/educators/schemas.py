"""Educators and their upskilling in the API."""

from datetime import date
from typing import Any

from ninja import Field, Schema

from qadam.common.schemas import Id


class UpskillingOut(Schema):
    id: int
    kind: str
    title: str
    provider: str
    form: str
    enterprise: int | None = Field(None, alias="enterprise_id")
    obligation: int | None = Field(None, alias="obligation_id")
    hours: int
    started_on: date
    completed_on: date
    certificate_number: str
    has_certificate: bool

    @staticmethod
    def resolve_has_certificate(obj: Any) -> bool:
        return bool(obj.certificate_file)


class EducatorOut(Schema):
    id: int
    iin: str
    last_name: str
    first_name: str
    middle_name: str
    institution: int = Field(alias="institution_id")
    position: str
    category: str
    education: str
    subjects: str
    years_in_industry: int
    languages: str
    is_foreign_manager: bool
    last_upskilled_on: date | None = None


class EducatorDetailOut(EducatorOut):
    specialties: list[int]
    upskilling: list[UpskillingOut]
    is_overdue: bool

    @staticmethod
    def resolve_specialties(obj: Any) -> list[int]:
        return [specialty.pk for specialty in obj.specialties.all()]


class EducatorIn(Schema):
    iin: str = Field(max_length=12)
    last_name: str = Field(max_length=100)
    first_name: str = Field(max_length=100)
    middle_name: str = Field("", max_length=100)
    institution_id: Id
    position: str = Field(max_length=120)
    category: str = Field("none", max_length=12)
    education: str = Field("", max_length=12)
    subjects: str = Field("", max_length=255)
    specialties: list[Id] = Field(default_factory=list, max_length=100)
    years_in_industry: int = Field(0, ge=0, le=32767)
    languages: str = Field("", max_length=20)
    is_foreign_manager: bool = False


class EducatorPatch(Schema):
    """Only the fields given change; `specialties` replaces the whole set."""

    iin: str | None = Field(None, max_length=12)
    last_name: str | None = Field(None, max_length=100)
    first_name: str | None = Field(None, max_length=100)
    middle_name: str | None = Field(None, max_length=100)
    institution_id: Id | None = None
    position: str | None = Field(None, max_length=120)
    category: str | None = Field(None, max_length=12)
    education: str | None = Field(None, max_length=12)
    subjects: str | None = Field(None, max_length=255)
    specialties: list[Id] | None = Field(None, max_length=100)
    years_in_industry: int | None = Field(None, ge=0, le=32767)
    languages: str | None = Field(None, max_length=20)
    is_foreign_manager: bool | None = None


class UpskillingIn(Schema):
    kind: str = Field(max_length=12)
    title: str = Field(max_length=255)
    provider: str = Field(max_length=255)
    form: str = Field("", max_length=12)
    enterprise_id: Id | None = None
    obligation_id: Id | None = None
    hours: int = Field(ge=0, le=2**31 - 1)
    started_on: date
    completed_on: date
    certificate_number: str = Field("", max_length=64)


class ShareRowOut(Schema):
    key: int | str | None
    label: str
    # a count, or "<5" for an analyst when fewer than five educators
    educators: int | str
    upskilled: int | str
    share: float | None  # per cent; None when withheld


class SharesOut(Schema):
    period_years: int
    educators: int | str
    upskilled: int | str
    share: float | None
    rows: list[ShareRowOut]
