"""API schemas of the joint programmes."""

from datetime import date
from typing import Any

from ninja import Field, Schema

from qadam.common.schemas import Id, LocalizedNameOut, Text
from qadam.joint.choices import MemberStatus, ParticipantRole, ProgrammeStatus, RussianRegion
from qadam.joint.rules import SEATS, YEAR

Count = int | str  # an analyst's count from 1 to 4 is "<5"


class JointProgrammeOut(LocalizedNameOut):
    id: int
    code: str
    description: str
    status: str
    starts_on: date
    ends_on: date | None
    agreement_id: int | None


class JointProgrammeRowOut(Schema):
    programme: JointProgrammeOut
    kz_participants: int
    ru_participants: int
    seats: int
    students: Count
    share: float | None


class JointProgrammeIn(Schema):
    code: str = Field(..., max_length=30)
    name: str = Field(..., max_length=255, description="the Russian name")
    name_kk: str = Field("", max_length=255)
    name_en: str = Field("", max_length=255)
    description: Text = ""
    status: ProgrammeStatus = ProgrammeStatus.DRAFT
    starts_on: date
    ends_on: date | None = None
    agreement_id: Id | None = None


class JointProgrammePatch(Schema):
    code: str | None = Field(None, max_length=30)
    name: str | None = Field(None, max_length=255)
    name_kk: str | None = Field(None, max_length=255)
    name_en: str | None = Field(None, max_length=255)
    description: Text | None = None
    status: ProgrammeStatus | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    agreement_id: Id | None = None


class JointParticipantOut(Schema):
    id: int
    institution_id: int
    institution: str
    country: str
    role: str

    @staticmethod
    def resolve_institution(obj: Any) -> str:
        return str(obj.institution)

    @staticmethod
    def resolve_country(obj: Any) -> str:
        return str(obj.institution.country)


class JointParticipantIn(Schema):
    institution_id: Id
    role: ParticipantRole


class JointQuotaIn(Schema):
    year: int = Field(..., ge=YEAR.low, le=YEAR.high)
    region_id: Id | None = None
    ru_region: RussianRegion | None = None
    specialty_id: Id
    seats: int = Field(..., ge=SEATS.low, le=SEATS.high)


class JointQuotaOut(Schema):
    id: int
    year: int
    region_id: int | None
    ru_region: str
    specialty_id: int
    seats: int


class JointQuotaProgressOut(Schema):
    year: int
    country: str
    region: str
    specialty_id: int
    seats: int
    enrolled: Count
    share: float | None

    @staticmethod
    def resolve_specialty_id(obj: Any) -> int:
        return int(obj["specialty"].pk)


class JointRegionProgressOut(Schema):
    country: str
    region: str
    seats: int
    enrolled: Count
    share: float | None


class JointProgressOut(Schema):
    quotas: list[JointQuotaProgressOut]
    by_region: list[JointRegionProgressOut]
    seats: int
    enrolled: Count
    share: float | None
    outside_quotas: Count


class JointCohortIn(Schema):
    intake_year: int = Field(..., ge=YEAR.low, le=YEAR.high)
    institution_id: Id
    partner_id: Id | None = None
    specialty_id: Id
    region_id: Id | None = None
    ru_region: RussianRegion | None = None


class JointCohortOut(Schema):
    id: int
    programme_id: int
    intake_year: int
    institution_id: int
    partner_id: int | None
    specialty_id: int
    region_id: int | None
    ru_region: str
    size: int = 0


class CohortMemberIn(Schema):
    student_id: Id
    joined_on: date


class CohortMemberOut(Schema):
    id: int
    cohort_id: int
    student_id: int
    full_name: str
    iin: str
    joined_on: date
    status: MemberStatus

    @staticmethod
    def resolve_full_name(obj: Any) -> str:
        return str(obj.student.full_name)

    @staticmethod
    def resolve_iin(obj: Any) -> str:
        return str(obj.student.iin)


class CohortMemberStatusIn(Schema):
    status: MemberStatus


class JointExchangeIn(Schema):
    mobility_id: Id


class JointExchangeOut(Schema):
    id: int
    programme_id: int
    mobility_id: int
