"""A round's quotas under /api/v1/placements/ (ADR 0013): read by whoever sees the round,
set and removed by the ministry, with the same rules and messages as the page."""

from typing import Any

from ninja import Field, Router, Schema, Status

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.forms import MAX_ID
from qadam.placements import selectors, services
from qadam.placements.choices import QuotaApplicants
from qadam.registry.schemas import ErrorOut

router = Router(tags=["placements"])
WRITE_RESPONSES = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class QuotaIn(Schema):
    """A quota: applicants of a class, across the offers in a region (none: all of them)."""

    applicants: QuotaApplicants
    home_region_id: int | None = Field(None, ge=1, le=MAX_ID)
    offer_region_id: int | None = Field(None, ge=1, le=MAX_ID)
    min_seats: int | None = None
    max_seats: int | None = None


class QuotaOut(Schema):
    """A quota, and after a match what it placed and cost (empty for roles without a round's
    figures; an analyst's counts from 1 to 4 are "<5")."""

    id: int
    applicants: str
    home_region_id: int | None
    offer_region_id: int | None
    min_seats: int | None
    max_seats: int | None
    figures: dict[str, Any]


def _out(row: selectors.QuotaRow) -> dict[str, Any]:
    q = row.quota
    return {
        "id": q.pk,
        "applicants": q.applicants,
        "home_region_id": q.home_region_id,
        "offer_region_id": q.offer_region_id,
        "min_seats": q.min_seats,
        "max_seats": q.max_seats,
        "figures": row.figures,
    }


@router.get("/rounds/{round_id}/quotas", response={200: list[QuotaOut], 404: ErrorOut})
def list_quotas(request: AuthenticatedHttpRequest, round_id: int) -> object:
    placement_round = selectors.round_get(user=request.user, round_id=round_id)
    rows, _overall = selectors.quota_rows(user=request.user, placement_round=placement_round)
    return [_out(row) for row in rows]


@router.post("/rounds/{round_id}/quotas", response={201: QuotaOut, **WRITE_RESPONSES})
def create_quota(request: AuthenticatedHttpRequest, round_id: int, payload: QuotaIn) -> object:
    placement_round = selectors.round_get(user=request.user, round_id=round_id)
    quota = services.quota_create(
        actor=request.user,
        placement_round=placement_round,
        **services.quota_fields(payload.dict()),
    )
    return Status(201, _out(selectors.QuotaRow(quota)))


@router.delete("/quotas/{round_quota_id}", response={204: None, **WRITE_RESPONSES})
def delete_quota(request: AuthenticatedHttpRequest, round_quota_id: int) -> object:
    quota = selectors.quota_get(user=request.user, quota_id=round_quota_id)
    services.quota_delete(actor=request.user, quota=quota)
    return Status(204, None)
