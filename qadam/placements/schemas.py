"""API schemas of placement rounds."""

import math
from datetime import date, datetime

from ninja import Field, Schema

from qadam.common.forms import MAX_ID
from qadam.common.localized import localized
from qadam.common.schemas import Id, LocalizedNameOut, LocalizedTitleOut, Text, Variant
from qadam.placements.identity import applicant_number
from qadam.placements.models import Application, Offer, Placement, PlacementRound
from qadam.placements.selectors import OfferExplanation

# --------------------------------------------------------------------------- rounds


class RoundOut(LocalizedNameOut):
    """A round; its lottery seed (which breaks ties) is not shown."""

    id: int
    term: str
    institution_id: int | None
    previous_round_id: int | None
    status: str
    max_choices: int
    matched_at: datetime | None
    published_at: datetime | None
    job_id: int | None


# an analyst's count of people from 1 to 4 is "<5", a total that would give one away "≥ N"
# (qadam.common.disclosure)
PeopleCount = int | str


class RoundCountsOut(Schema):
    offers: int
    seats: int
    applications: PeopleCount
    applicants: PeopleCount


class RoundDetailOut(RoundOut):
    counts: RoundCountsOut


class RoundIn(Schema):
    name: str = Field(..., description="The Russian name.")
    name_kk: Variant = ""
    name_en: Variant = ""
    term: str
    institution_id: int | None = Field(None, ge=1, le=MAX_ID)
    max_choices: int = 20
    lottery_seed: int | None = Field(None, ge=0, le=2**31 - 1)


class FollowUpIn(Schema):
    name: str = ""
    term: str = ""


class MatchJobOut(Schema):
    """A background job of a round (the match, the second round's creation)."""

    id: int
    kind: str
    title: str
    status: str
    done: int
    total: int
    message: str
    result_url: str


class RegionRowOut(Schema):
    region_id: int
    label: str
    applicants: PeopleCount = 0
    placed: PeopleCount = 0
    first_choice: PeopleCount = 0
    offers: int = 0
    seats: int = 0
    filled: PeopleCount = 0


class SpecialtyRowOut(Schema):
    specialty_id: int
    label: str
    applicants: PeopleCount = 0
    placed: PeopleCount = 0
    first_choice: PeopleCount = 0


class OfferKindRowOut(Schema):
    kind: str
    label: str
    offers: int = 0
    seats: int = 0
    filled: PeopleCount = 0


class RoundStatisticsOut(Schema):
    """The match's figures; every field is left out (an empty object) before the match and
    for roles without aggregates (enterprise HR, students, guidance organisers)."""

    applicants: PeopleCount | None = None
    applications: PeopleCount | None = None
    placed: PeopleCount | None = None
    first_choice: PeopleCount | None = None
    offers: int | None = None
    seats: int | None = None
    filled: PeopleCount | None = None
    proposals: PeopleCount | None = None
    blocking_pairs: PeopleCount | None = None
    by_region: list[RegionRowOut] | None = None
    by_specialty: list[SpecialtyRowOut] | None = None
    by_kind: list[OfferKindRowOut] | None = None
    seconds: dict[str, float] | None = None


# --------------------------------------------------------------------------- offers


class OfferOut(LocalizedTitleOut):
    """An offer; `filled` and `cutoff` (the match's results) appear once it is published.
    `filled` counts people: "<5" from 1 to 4 for an analyst."""

    id: int
    round_id: int
    enterprise_id: int
    enterprise_name: str = Field(..., alias="enterprise.name")
    kind: str
    specialties: list[int]
    occupation_id: int | None
    region_id: int
    address: str
    seats: int
    starts_on: date
    ends_on: date
    mentors: str
    scoring_rule: str
    weight_grades: int
    weight_fit: int
    weight_distance: int
    weight_test: int
    position: str
    salary_min: int | None
    salary_max: int | None
    work_years: int | None
    source_offer_id: int | None
    filled: PeopleCount | None
    cutoff: float | None

    @staticmethod
    def resolve_specialties(offer: Offer) -> list[int]:
        return sorted(specialty.pk for specialty in offer.specialties.all())

    @staticmethod
    def resolve_filled(offer: Offer) -> int | str | None:
        # the selectors' `filled_shown` (masked for analysts); an offer read otherwise (a
        # service's answer) shows nothing rather than an unmasked count
        return getattr(offer, "filled_shown", None) if _published(offer) else None

    @staticmethod
    def resolve_cutoff(offer: Offer) -> float | None:
        return offer.cutoff if _published(offer) else None


def _published(offer: Offer) -> bool:
    return offer.round.status == PlacementRound.Status.PUBLISHED


class OfferIn(Schema):
    """An offer; `enterprise_id` defaults to the signed-in HR user's enterprise."""

    enterprise_id: int | None = Field(None, ge=1, le=MAX_ID)
    title: str = Field(..., description="The Russian title.")
    title_kk: Variant = ""
    title_en: Variant = ""
    kind: str = Offer.Kind.DUAL
    specialties: list[Id]
    occupation_id: int | None = Field(None, ge=1, le=MAX_ID)
    region_id: int = Field(..., ge=1, le=MAX_ID)
    address: str
    seats: int
    starts_on: date
    ends_on: date
    mentors: Text = ""
    scoring_rule: str = Offer.ScoringRule.GRADES
    weight_grades: int = 0
    weight_fit: int = 0
    weight_distance: int = 0
    weight_test: int = 0
    position: str = ""
    salary_min: int | None = None
    salary_max: int | None = None
    work_years: int | None = None


class OfferPatch(Schema):
    title: str | None = None
    title_kk: Variant | None = None
    title_en: Variant | None = None
    kind: str | None = None
    specialties: list[Id] | None = None
    occupation_id: int | None = Field(None, ge=1, le=MAX_ID)
    region_id: int | None = Field(None, ge=1, le=MAX_ID)
    address: str | None = None
    seats: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    mentors: Text | None = None
    scoring_rule: str | None = None
    weight_grades: int | None = None
    weight_fit: int | None = None
    weight_distance: int | None = None
    weight_test: int | None = None
    position: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    work_years: int | None = None


# --------------------------------------------------------------------------- applications


class RankingIn(Schema):
    offers: list[Id] = Field(..., description="Offer ids, most preferred first.")


class ChoiceOut(Schema):
    rank: int
    offer_id: int
    title: str
    enterprise_name: str = Field(..., alias="offer.enterprise.name")
    kind: str = Field(..., alias="offer.kind")
    region_id: int = Field(..., alias="offer.region_id")

    @staticmethod
    def resolve_title(application: Application) -> str:
        return localized(application.offer, "title")


class ApplicantOut(Schema):
    """Who applied to an offer, with what the enterprise uploaded about them."""

    id: int
    applicant_number: str = Field(..., description="What the enterprise's uploads name.")
    student_id: int | None = Field(
        ..., alias="student_shown", description="None for an enterprise, until it accepts."
    )
    iin: str | None = Field(..., description="None for an enterprise, until it accepts.")
    last_name: str = Field(..., alias="student.last_name")
    first_name: str = Field(..., alias="student.first_name")
    specialty_id: int | None
    grade_average: float | None
    rank: int | None = Field(
        ...,
        alias="rank_shown",
        description="Where the student ranked the offer; None for an enterprise.",
    )
    test_score: float | None
    enterprise_rank: int | None

    @staticmethod
    def resolve_applicant_number(application: Application) -> str:
        return applicant_number(application.pk)

    @staticmethod
    def resolve_iin(application: Application) -> str | None:
        return application.iin_shown or None  # type: ignore[attr-defined]  # the selector's

    @staticmethod
    def resolve_specialty_id(application: Application) -> int | None:
        program = application.student.program
        return program.specialty_id if program else None

    @staticmethod
    def resolve_grade_average(application: Application) -> float | None:
        grade = application.student.grade_average
        return None if grade is None else float(grade)


class AssessmentsOut(Schema):
    column: str
    rows: int


# --------------------------------------------------------------------------- placements


class PlacementOut(Schema):
    id: int
    round_id: int
    applicant_number: str | None = Field(..., description="None when not placed.")
    student_id: int | None = Field(
        ..., alias="student_shown", description="None for an enterprise, until it accepts."
    )
    iin: str | None = Field(..., description="None for an enterprise, until it accepts.")
    last_name: str = Field(..., alias="student.last_name")
    first_name: str = Field(..., alias="student.first_name")
    offer_id: int | None
    offer_title: str | None
    rank: int | None = Field(
        ..., alias="rank_shown", description="The choice the student got; None for an enterprise."
    )
    status: str
    decided_at: datetime | None
    decline_reason: str

    @staticmethod
    def resolve_applicant_number(placement: Placement) -> str | None:
        return applicant_number(placement.application_id) or None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_iin(placement: Placement) -> str | None:
        return placement.iin_shown or None  # type: ignore[attr-defined]  # the selector's

    @staticmethod
    def resolve_offer_title(placement: Placement) -> str | None:
        return localized(placement.offer, "title") if placement.offer else None


class DeclineIn(Schema):
    reason: str


class ExplanationOut(Schema):
    """Why the student did not get one offer they ranked above their placement."""

    offer_id: int
    title: str
    rank: int
    seats: int
    cutoff: float | None
    your_score: float
    reason: str
    message: str

    @staticmethod
    def from_selector(item: OfferExplanation) -> "ExplanationOut":
        explanation = item.explanation
        return ExplanationOut(
            offer_id=explanation.offer,
            title=localized(item.offer, "title"),
            rank=explanation.rank,
            seats=explanation.capacity,
            cutoff=explanation.cutoff if math.isfinite(explanation.cutoff) else None,
            your_score=explanation.student_score,
            reason=explanation.reason,
            message=explanation.message,
        )


class MyPlacementOut(Schema):
    """The signed-in student's outcome: the offer they got (None when unplaced), and why
    they did not get each offer they preferred to it."""

    round_id: int
    status: str
    offer_id: int | None
    offer_title: str | None
    enterprise_name: str | None
    rank: int | None
    explanations: list[ExplanationOut]


# --------------------------------------------------------------------------- contracts


class ContractOut(Schema):
    id: int
    placement_id: int
    student_id: int
    last_name: str = Field(..., alias="student.last_name")
    first_name: str = Field(..., alias="student.first_name")
    enterprise_id: int
    enterprise_name: str = Field(..., alias="enterprise.name")
    institution_id: int
    position: str
    salary_min: int
    salary_max: int
    work_years: int
    status: str
    signed_on: date
    employed_on: date | None
    completed_on: date | None
    terminated_on: date | None
    termination_reason: str


class ContractAdvanceIn(Schema):
    status: str
    on: date
    reason: str = ""
