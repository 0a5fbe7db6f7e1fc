"""Academic-mobility endpoints under /api/v1/partnerships/: parse, call a selector or service.

Records name people. A record out of the user's sight is 404; a write by a role that may
not write (or to a record it may only read) is 403; a broken rule is 422 naming the field.
Analysts get 403 from the list and the records ("counts only") and use `/mobility/figures`,
which every role may call: national counts for analysts, counts within their scope for
everyone else (nothing for roles that read no mobility).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.agreements import selectors_mobility as selectors
from qadam.agreements import services
from qadam.agreements.filters import MobilityFilters
from qadam.agreements.models import Mobility
from qadam.agreements.schemas_mobility import (
    MobilityFiguresOut,
    MobilityIn,
    MobilityOut,
    MobilityPatch,
    MobilityReturnIn,
)
from qadam.common.api_pagination import Pagination
from qadam.registry.schemas import ErrorOut

router = Router(tags=["partnerships"])
READ_RESPONSES = {403: ErrorOut, 404: ErrorOut}
WRITE_RESPONSES = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _require_names(request: AuthenticatedHttpRequest) -> None:
    if not selectors.mobility_sees_names(user=request.user):
        raise PermissionDenied(_("Your role sees mobility as counts only: use /mobility/figures."))


def _mobility(request: AuthenticatedHttpRequest, mobility_id: int) -> Mobility:
    _require_names(request)
    return selectors.mobility_get(user=request.user, mobility_id=mobility_id)


def _fresh(request: AuthenticatedHttpRequest, mobility: Mobility) -> Mobility:
    """The record as the selectors give it (with its status), after a write."""
    return selectors.mobility_get(user=request.user, mobility_id=mobility.pk)


@router.get("/mobility", response={200: list[MobilityOut], 403: ErrorOut})
@paginate(Pagination, page_size=50)
def list_mobility(request: AuthenticatedHttpRequest, filters: Query[MobilityFilters]) -> object:
    """Records the user may read, newest start first; 403 for analysts (counts only)."""
    _require_names(request)
    return selectors.mobility_list(user=request.user, filters=filters)


@router.get("/mobility/figures", response=MobilityFiguresOut)
def mobility_figures(
    request: AuthenticatedHttpRequest, filters: Query[MobilityFilters]
) -> dict[str, Any]:
    """Counts of the filtered records and the Kazakh-students-in-Russia summary; no names
    (a search by name is ignored for analysts)."""
    figures, russia = selectors.mobility_figures_and_russia(user=request.user, filters=filters)
    return {**figures, "russia": russia}


@router.get("/mobility/{mobility_id}", response={200: MobilityOut, **READ_RESPONSES})
def get_mobility(request: AuthenticatedHttpRequest, mobility_id: int) -> object:
    return _mobility(request, mobility_id)


@router.post("/mobility", response={201: MobilityOut, **WRITE_RESPONSES})
def create_mobility(request: AuthenticatedHttpRequest, payload: MobilityIn) -> object:
    mobility = services.mobility_create(actor=request.user, **payload.dict())
    return Status(201, _fresh(request, mobility))


@router.patch("/mobility/{mobility_id}", response={200: MobilityOut, **WRITE_RESPONSES})
def update_mobility(
    request: AuthenticatedHttpRequest, mobility_id: int, payload: MobilityPatch
) -> object:
    mobility = services.mobility_update(
        actor=request.user,
        mobility=_mobility(request, mobility_id),
        **payload.dict(exclude_unset=True),
    )
    return _fresh(request, mobility)


@router.post("/mobility/{mobility_id}/return", response={200: MobilityOut, **WRITE_RESPONSES})
def record_return(
    request: AuthenticatedHttpRequest, mobility_id: int, payload: MobilityReturnIn
) -> object:
    """The person came back: not before the start, not in the future."""
    mobility = services.mobility_record_return(
        actor=request.user,
        mobility=_mobility(request, mobility_id),
        returned_on=payload.returned_on,
    )
    return _fresh(request, mobility)
