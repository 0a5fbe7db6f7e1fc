"""The learner's record's endpoints: parse, call one selector, return. A student outside
the reader's scope is 404 (qadam/api.py maps the selector's DoesNotExist)."""

from dataclasses import asdict
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.learners import policies, selectors
from qadam.learners.funnel import FunnelFilters, funnel_counts
from qadam.learners.schemas import FunnelOut, JourneyOut

router = Router(tags=["learners"])


@router.get("/{int:student_id}/journey", response=JourneyOut)
def journey(request: AuthenticatedHttpRequest, student_id: int) -> object:
    student, events = selectors.journey_get(user=request.user, student_id=student_id)
    return {"student": student.pk, "events": [asdict(event) for event in events]}


class FunnelQuery(Schema):
    by: Literal["region", "specialty", "year"] = "region"
    region: int | None = None
    specialty: int | None = None
    year: int | None = None


@router.get("/funnel", response=FunnelOut)
def funnel(request: AuthenticatedHttpRequest, query: Query[FunnelQuery]) -> object:
    if not policies.may_read_funnel(request.user):
        raise PermissionDenied
    return funnel_counts(user=request.user, filters=FunnelFilters(**query.dict()))
