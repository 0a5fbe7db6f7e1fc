"""API schemas of career guidance."""

import uuid
from typing import Any

from ninja import Field, Schema
from pydantic import BaseModel

from qadam.common.forms import MAX_ID
from qadam.guidance.models import SCALES, DiagnosticSession
from qadam.guidance.recommend import Pick


class ItemOut(Schema):
    code: str
    scale: str
    text: str


class InstrumentOut(Schema):
    code: str
    version: str
    name: str
    prompt: str
    response_labels: dict[str, str]
    items: list[ItemOut]


# A festival's submissions and results (100 a second) are plain pydantic models: they read
# and build dicts, and ninja's Schema would wrap every nested value to read ORM attributes.
class SubmissionIn(BaseModel):
    """A whole diagnostic; `client_id` is made by the device, so a resend is stored once."""

    client_id: uuid.UUID
    consent: bool
    language: str = Field(max_length=2)
    age: int = Field(description="10 to 30 (rules.SESSION_BOUNDS), checked by the service.")
    region_id: int = Field(ge=1, le=MAX_ID)
    school_id: int | None = Field(None, ge=1, le=MAX_ID)
    share_with_counsellor: bool = False
    event_code: str = Field("", max_length=8)
    # checked by the service, which names every bad item
    answers: dict[str, Any]
    skills: dict[str, Any] = {}


class OutlookOut(BaseModel):
    """The specialty in the pupil's region, from the ministry's workforce planning."""

    graduation_year: int = Field(
        description="When the pupil could graduate: their first college intake (from their "
        "age) plus the specialty's usual program length."
    )
    projected_openings: float = Field(
        description="Openings a year projected in the pupil's region in the graduation year "
        "(the latest finished planning run's demand, with megaprojects' hires in their region)."
    )
    state_funded_seats: int = Field(
        description="State-funded first-year seats in the pupil's region this year (the "
        "latest finished planning run's allocation, else the registry's)."
    )


class RecommendationOut(BaseModel):
    specialty_id: int
    code: str
    name: str
    fit: float = Field(description="The interest fit (Pearson's r, -1..1); as interest_fit.")
    interest_fit: float = Field(
        description="Pearson's r of the pupil's and the specialty's RIASEC profiles, -1..1."
    )
    score: float = Field(
        description="0..1: the interest fit (rescaled to 0..1) and the outlook, weighed; "
        "recommendations are ranked by it."
    )
    outlook: OutlookOut


class ResultOut(BaseModel):
    resume_code: str
    completed: bool
    holland_code: str
    scores: dict[str, float | None]
    recommendations: list[RecommendationOut]

    @staticmethod
    def of(
        session: DiagnosticSession, picks: list[Pick], names: dict[int, tuple[str, str]]
    ) -> dict[str, Any]:
        return {
            "resume_code": session.resume_code,
            "completed": session.completed_at is not None,
            "holland_code": session.holland_code,
            "scores": dict(zip(SCALES, session.scores, strict=True)),
            "recommendations": [
                {
                    "specialty_id": pick.specialty_id,
                    "code": names.get(pick.specialty_id, ("", ""))[0],
                    "name": names.get(pick.specialty_id, ("", ""))[1],
                    "fit": pick.fit,
                    "interest_fit": pick.fit,
                    "score": pick.score,
                    "outlook": {
                        "graduation_year": pick.graduation_year,
                        "projected_openings": pick.projected_openings,
                        "state_funded_seats": pick.state_funded_seats,
                    },
                }
                for pick in picks
            ],
        }
