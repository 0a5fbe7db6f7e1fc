"""The learner's record in the API."""

from datetime import date
from typing import Any, Literal

from ninja import Schema

Stage = Literal[
    "diagnostic",
    "enrolment",
    "placement",
    "contract",
    "employment",
    "graduation",
    "mobility",
    "programme",
]


class SourceOut(Schema):
    record: str  # the model, e.g. "placements.placement"
    id: int
    label: str
    file: str | None = None  # the import's file, when an import made the record
    row: int | None = None


class EventOut(Schema):
    stage: Stage
    date: date | None
    title: str
    source: SourceOut
    details: list[str]
    facts: dict[str, Any]


class JourneyOut(Schema):
    student: int
    events: list[EventOut]


class FunnelRowOut(Schema):
    key: int | str | None
    label: str
    # a count, or "<5" for an analyst when fewer than five people
    diagnosed: int | str
    enrolled: int | str
    placed: int | str
    contracted: int | str
    employed: int | str


class FunnelOut(Schema):
    rows: list[FunnelRowOut]
    total: dict[str, int | str]
