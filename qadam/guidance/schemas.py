"""API schemas of career guidance."""

import uuid
from typing import Any

from ninja import Field, Schema

from qadam.common.forms import MAX_ID
from qadam.guidance.models import SCALES, DiagnosticSession


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


class SubmissionIn(Schema):
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


class RecommendationOut(Schema):
    specialty_id: int
    code: str
    name: str
    fit: float


class ResultOut(Schema):
    resume_code: str
    completed: bool
    holland_code: str
    scores: dict[str, float | None]
    recommendations: list[RecommendationOut]

    @staticmethod
    def of(session: DiagnosticSession, names: dict[int, tuple[str, str]]) -> dict[str, Any]:
        return {
            "resume_code": session.resume_code,
            "completed": session.completed_at is not None,
            "holland_code": session.holland_code,
            "scores": dict(zip(SCALES, session.scores, strict=True)),
            "recommendations": [
                {
                    "specialty_id": pick["specialty"],
                    "code": names.get(pick["specialty"], ("", ""))[0],
                    "name": names.get(pick["specialty"], ("", ""))[1],
                    "fit": pick["fit"],
                }
                for pick in session.recommendations
            ],
        }
