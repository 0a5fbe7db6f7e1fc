"""API schemas of academic mobility."""

from datetime import date

from ninja import Field, Schema

from qadam.agreements.choices import MobilityFunding
from qadam.common.forms import MAX_ID

COUNTRY = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code")


class MobilityOut(Schema):
    """A record; `status` is planned, abroad, completed (period over, no return recorded)
    or returned, as of today."""

    id: int
    person_kind: str
    direction: str
    full_name: str
    iin: str
    student_id: int | None
    educator_id: int | None
    home_institution_id: int | None
    host_institution_id: int | None
    home_country: str
    host_country: str
    program: str
    starts_on: date
    ends_on: date | None
    funding: str
    scholarship: bool
    agreement_id: int | None
    returned_on: date | None
    status: str = Field(..., alias="mobility_status")


class MobilityIn(Schema):
    """A new record; relations by id. An institution's administrator records people their
    institution sends (`home_institution_id`) or hosts (`host_institution_id`)."""

    person_kind: str
    direction: str
    full_name: str
    iin: str = ""
    student_id: int | None = Field(None, ge=1, le=MAX_ID)
    educator_id: int | None = Field(None, ge=1, le=MAX_ID)
    home_institution_id: int | None = Field(None, ge=1, le=MAX_ID)
    host_institution_id: int | None = Field(None, ge=1, le=MAX_ID)
    home_country: str = Field("KZ", min_length=2, max_length=2)
    host_country: str = COUNTRY
    program: str = ""
    starts_on: date
    ends_on: date | None = None
    funding: str = MobilityFunding.SELF
    scholarship: bool = False
    agreement_id: int | None = Field(None, ge=1, le=MAX_ID)


class MobilityPatch(Schema):
    """Only the fields sent change; null clears a relation or the end date."""

    person_kind: str | None = None
    direction: str | None = None
    full_name: str | None = None
    iin: str | None = None
    student_id: int | None = Field(None, ge=1, le=MAX_ID)
    educator_id: int | None = Field(None, ge=1, le=MAX_ID)
    home_institution_id: int | None = Field(None, ge=1, le=MAX_ID)
    host_institution_id: int | None = Field(None, ge=1, le=MAX_ID)
    home_country: str | None = Field(None, min_length=2, max_length=2)
    host_country: str | None = Field(None, min_length=2, max_length=2)
    program: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    funding: str | None = None
    scholarship: bool | None = None
    agreement_id: int | None = Field(None, ge=1, le=MAX_ID)


class MobilityReturnIn(Schema):
    returned_on: date


# an analyst's count from 1 to 4 is "<5", a total that would give one away "≥ N"
# (qadam.common.disclosure)
PeopleCount = int | str


class StatusCountOut(Schema):
    status: str
    label: str
    count: PeopleCount


class CountryCountOut(Schema):
    country: str
    count: PeopleCount


class FundingCountOut(Schema):
    funding: str
    label: str
    count: PeopleCount


class ReturnsYearOut(Schema):
    year: int
    expected: PeopleCount
    returned: PeopleCount


class RussiaSummaryOut(Schema):
    """Outgoing students whose host country is Russia."""

    total: PeopleCount
    scholarship: PeopleCount
    scholarship_share: float | None  # None when a count it comes from is masked
    abroad: PeopleCount
    returned: PeopleCount
    returns_by_year: list[ReturnsYearOut]


class MobilityFiguresOut(Schema):
    """Counts of the filtered records, without names; `returns_by_year`: `expected` by
    `ends_on` (not yet returned), `returned` by `returned_on`."""

    total: PeopleCount
    scholarship: PeopleCount
    scholarship_share: float | None  # None when a count it comes from is masked
    by_status: list[StatusCountOut]
    by_host_country: list[CountryCountOut]
    by_funding: list[FundingCountOut]
    returns_by_year: list[ReturnsYearOut]
    russia: RussiaSummaryOut
