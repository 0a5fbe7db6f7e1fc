"""API schemas of the registry."""

from datetime import date
from decimal import Decimal

from ninja import Schema


class RegionOut(Schema):
    id: int
    kato: str
    iso_code: str
    name_kk: str
    name_ru: str
    name_en: str
    population_thousands: int


class SpecialtyOut(Schema):
    id: int
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    qualification_level: str
    sector: str
    is_technical: bool


class OccupationOut(Schema):
    code: str
    title_en: str
    title_ru: str
    riasec_r: float | None
    riasec_i: float | None
    riasec_a: float | None
    riasec_s: float | None
    riasec_e: float | None
    riasec_c: float | None


class InstitutionOut(Schema):
    id: int
    code: str
    kind: str
    name_kk: str
    name_ru: str
    name_en: str
    bin: str | None
    region_id: int | None
    country: str
    ownership: str
    languages: str
    parent_id: int | None
    profile: str


class InstitutionIn(Schema):
    code: str
    kind: str
    name_ru: str
    name_kk: str = ""
    name_en: str = ""
    bin: str | None = None
    region_id: int | None = None
    country: str = "KZ"
    ownership: str = "state"
    languages: str = "kk,ru"
    parent_id: int | None = None
    profile: str = ""


class EnterpriseOut(Schema):
    id: int
    name: str
    bin: str
    sector: str
    size: str
    region_id: int


class EnterpriseIn(Schema):
    name: str
    bin: str
    sector: str
    size: str
    region_id: int


class ProgramOut(Schema):
    id: int
    institution_id: int
    specialty_id: int
    language: str
    form: str
    duration_months: int
    capacity: int
    state_funded_seats: int


class ProgramIn(Schema):
    institution_id: int
    specialty_id: int
    language: str
    form: str
    duration_months: int
    capacity: int
    state_funded_seats: int = 0


class ProgramPatch(Schema):
    language: str | None = None
    form: str | None = None
    duration_months: int | None = None
    capacity: int | None = None
    state_funded_seats: int | None = None


class StudentOut(Schema):
    id: int
    iin: str
    last_name: str
    first_name: str
    middle_name: str
    birth_date: date
    sex: str
    region_id: int
    institution_id: int
    program_id: int | None
    year_of_study: int
    funding: str
    status: str
    enrolled_on: date | None
    expected_graduation_on: date | None
    grade_average: Decimal | None
    rural: bool
    disability: bool


class StudentIn(Schema):
    iin: str
    last_name: str
    first_name: str
    middle_name: str = ""
    region_id: int
    institution_id: int
    program_id: int | None = None
    year_of_study: int
    funding: str
    status: str = "active"
    enrolled_on: date | None = None
    expected_graduation_on: date | None = None
    grade_average: Decimal | None = None
    rural: bool = False
    disability: bool = False


class StudentPatch(Schema):
    iin: str | None = None
    last_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    region_id: int | None = None
    program_id: int | None = None
    year_of_study: int | None = None
    funding: str | None = None
    status: str | None = None
    enrolled_on: date | None = None
    expected_graduation_on: date | None = None
    grade_average: Decimal | None = None
    rural: bool | None = None
    disability: bool | None = None


class CountOut(Schema):
    key: int | str | None
    label: str | int | None
    count: int | str  # an analyst's count from 1 to 4 is "<5"


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}
