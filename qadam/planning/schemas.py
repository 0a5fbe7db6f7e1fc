"""API schemas of workforce planning: megaprojects, staffing plans, scenarios and runs."""

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from qadam.common.schemas import Id, LocalizedNameOut, Text, Variant
from qadam.planning.models import SeatAllocation

# JSON lets NaN and Infinity through, and they pass every range validator: refuse them here
Number = Annotated[float, Field(allow_inf_nan=False)]

# --------------------------------------------------------------------------- megaprojects


class MegaprojectOut(LocalizedNameOut):
    id: int
    code: str
    region_id: int
    region_name: str = Field(..., alias="region.name")  # in the request's language
    enterprise_id: int | None
    enterprise_name: str | None
    description: str

    @staticmethod
    def resolve_enterprise_name(megaproject: Any) -> str | None:
        return megaproject.enterprise.name if megaproject.enterprise else None


class MegaprojectIn(Schema):
    code: str
    name: str = Field(..., description="The Russian name.")
    name_kk: Variant = ""
    name_en: Variant = ""
    region_id: Id
    enterprise_id: Id | None = Field(None, description="The operator, whose HR declares plans.")
    description: Text = ""


# --------------------------------------------------------------------------- staffing plans


class PlanOut(LocalizedNameOut):
    """A staffing plan: `rows` requirement rows summing to `headcount_years` person-years."""

    id: int
    megaproject_id: int
    megaproject_code: str = Field(..., alias="megaproject.code")
    source: str
    parameters: dict[str, Any]
    created_at: datetime
    rows: int
    headcount_years: int | None = Field(..., description="None for a plan without rows.")


class CurvesOut(Schema):
    """Headcount per year (`years`), summed by qualification level and by phase."""

    years: list[int]
    by_level: dict[str, list[int]]
    by_phase: dict[str, list[int]]


class PeakOut(Schema):
    year: int
    headcount: int


class LevelPeaksOut(Schema):
    """A level's busiest year of construction (every phase but operation) and of operation;
    the earliest year wins a tie; None when the plan has no such rows."""

    construction: PeakOut | None
    operation: PeakOut | None


class PlanDetailOut(PlanOut):
    """With its demand curves, and per qualification level its peaks."""

    curves: CurvesOut
    peaks: dict[str, LevelPeaksOut]


class RequirementOut(Schema):
    id: int
    specialty_id: int | None
    specialty_code: str | None
    occupation_id: int | None
    isco_code: str | None
    level: str
    phase: str
    year: int
    headcount: int

    @staticmethod
    def resolve_specialty_code(requirement: Any) -> str | None:
        return requirement.specialty.code if requirement.specialty else None

    @staticmethod
    def resolve_isco_code(requirement: Any) -> str | None:
        return requirement.occupation.code if requirement.occupation else None


class TemplateIn(Schema):
    """The NPP template's scalar parameters; any left out take the documented defaults
    (npp_template.SOURCES). The specialty mixes are always the template's own."""

    name: str = ""
    name_kk: Variant = ""
    name_en: Variant = ""
    units: int | None = None
    unit_mwe: Number | None = None
    start_year: int | None = None
    construction_years: int | None = None
    unit_stagger_years: int | None = None
    peak_workers: int | None = None
    peak_mid_level: int | None = None
    peak_higher: int | None = None
    operating_staff_per_1000_mwe: Number | None = None
    operating_staff_lead_years: int | None = None
    operation_share_workers: Number | None = None
    operation_share_mid_level: Number | None = None
    operation_share_higher: Number | None = None


# --------------------------------------------------------------------------- scenarios


class ScenarioPlanOut(LocalizedNameOut):
    id: int
    megaproject_id: int
    megaproject_code: str = Field(..., alias="megaproject.code")


class AdjustmentOut(Schema):
    """A planner's factor on the derived demand of a specialty (region None: every region)."""

    id: int
    specialty_id: int
    specialty_code: str = Field(..., alias="specialty.code")
    region_id: int | None
    factor: float
    note: str


class AdjustmentIn(Schema):
    specialty_id: Id
    region_id: Id | None = None
    factor: Number
    note: str = ""


class RunListOut(Schema):
    """A run without its results; `error` says why a failed run failed."""

    id: int
    scenario_id: int
    status: str
    error: str
    inputs_version: int
    job_id: int | None
    created_at: datetime
    finished_at: datetime | None


class RunSummaryOut(RunListOut):
    """With the seats it allocated and the demand left unmet, once it has finished."""

    seats: float | None
    gap_seats: float | None = Field(None, description="seats that close the projected gap")
    secondary_seats: float | None = Field(
        None, description="the rest of the state order, by the secondary rule"
    )
    unmet: float | None


class ScenarioOut(LocalizedNameOut):
    """A scenario's parameters; `inputs_version` grows with every change to its inputs."""

    id: int
    description: str
    base_year: int
    horizon_years: int
    total_seats: int
    seat_cost_per_year: int
    budget: int
    min_technical_share: float
    region_floor_share: float
    capacity_growth: float
    progression_rate: float
    dropout_rate: float
    labour_market_share: float
    retention: float
    mobility: float
    returning_graduates: int
    employment_thousands: int
    tvet_job_share: float
    replacement_rate: float
    growth_rate: float
    job_value: float
    megaproject_priority: float
    inputs_version: int
    plans: list[ScenarioPlanOut]
    run_count: int
    created_at: datetime
    updated_at: datetime


class ScenarioDetailOut(ScenarioOut):
    """With its demand edits and latest run; `stale`: that run predates the inputs."""

    adjustments: list[AdjustmentOut]
    latest_run: RunSummaryOut | None
    stale: bool


class ScenarioFields(Schema):
    """Every parameter is optional: a new scenario takes the defaults (defaults.py). Their
    ranges are the rules' (rules.SCENARIO_BOUNDS): a value past one is 422 naming the field,
    with the message the pages show."""

    name_kk: Variant | None = None
    name_en: Variant | None = None
    description: Text | None = None
    horizon_years: int | None = None
    total_seats: int | None = None
    seat_cost_per_year: int | None = None
    budget: int | None = None
    min_technical_share: Number | None = None
    region_floor_share: Number | None = None
    capacity_growth: Number | None = None
    progression_rate: Number | None = None
    dropout_rate: Number | None = None
    labour_market_share: Number | None = None
    retention: Number | None = None
    mobility: Number | None = None
    returning_graduates: int | None = None
    employment_thousands: int | None = None
    tvet_job_share: Number | None = None
    replacement_rate: Number | None = None
    growth_rate: Number | None = None
    job_value: Number | None = None
    megaproject_priority: Number | None = None


class ScenarioIn(ScenarioFields):
    name: str = Field(..., description="The Russian name.")
    base_year: int
    plans: list[Id] | None = Field(
        None, description="Staffing plan ids; omitted, every megaproject's current plan."
    )


class ScenarioPatch(ScenarioFields):
    name: str | None = None
    base_year: int | None = None


class ScenarioPlansIn(Schema):
    plans: list[Id] = Field(..., description="Staffing plan ids; replaces the scenario's plans.")


class ScenarioCopyIn(Schema):
    name: str = ""
    name_kk: Variant = ""
    name_en: Variant = ""


# --------------------------------------------------------------------------- runs


class RunStartedOut(Schema):
    """A queued run and the background job computing it (poll GET runs/{id})."""

    id: int
    job_id: int | None
    status: str


class RunOut(RunSummaryOut):
    """A run with its inputs snapshot and results: the headline figures (`allocation`,
    `pipeline` per megaproject, and the labels they index), or all of them with ?full=true."""

    job_status: str | None
    stale: bool
    inputs: dict[str, Any]
    results: dict[str, Any]


class AdjustmentQuery(Schema):
    specialty: Id
    region: Id | None = Field(None, description="Left out: the every-region edit.")


class SeatOut(Schema):
    """A program's new state-funded seats in a run and where their graduates go."""

    id: int
    program_id: int
    institution_id: int = Field(..., alias="program.institution_id")
    institution_code: str = Field(..., alias="program.institution.code")
    region_id: int | None = Field(..., alias="program.institution.region_id")
    specialty_id: int = Field(..., alias="program.specialty_id")
    specialty_code: str = Field(..., alias="program.specialty.code")
    seats: int = Field(..., description="gap_seats + secondary_seats")
    gap_seats: int
    secondary_seats: int
    last_year_seats: int
    proportional_seats: int
    change: int
    capacity: int
    graduate_yield: float
    graduation_year: int
    to_region: float
    to_megaprojects: float

    @staticmethod
    def resolve_change(seat: SeatAllocation) -> int:
        return seat.seats - seat.last_year_seats
