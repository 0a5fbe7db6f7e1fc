"""Placement-round endpoints under /api/v1/placements/: parse, call a selector or service.

Records out of the user's sight are 404 (the selectors raise DoesNotExist); a visible
record the user may not act on is 403 (the services raise PermissionDenied); a malformed
filter is 422 naming it (each list's filters are one declaration, placements.filters).
Statistics of a round are an empty object for roles without aggregates, as registry counts
are an empty list: the round itself is visible to them, its figures are not.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.api_pagination import Pagination
from qadam.common.localized import localized
from qadam.placements import policies, selectors, services
from qadam.placements.filters import OfferFilters
from qadam.placements.models import Placement, PlacementRound
from qadam.placements.schemas import (
    ApplicantOut,
    AssessmentsOut,
    ChoiceOut,
    ContractAdvanceIn,
    ContractOut,
    DeclineIn,
    ExplanationOut,
    FollowUpIn,
    MatchJobOut,
    MyPlacementOut,
    OfferIn,
    OfferOut,
    OfferPatch,
    PlacementOut,
    RankingIn,
    RoundDetailOut,
    RoundIn,
    RoundOut,
    RoundStatisticsOut,
)
from qadam.registry import selectors as registry_selectors
from qadam.registry.models import Institution
from qadam.registry.schemas import ErrorOut

router = Router(tags=["placements"])
WRITE_RESPONSES = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

CSV_BODY = {
    "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}},
    "parameters": [
        {
            "in": "query",
            "name": "column",
            "required": False,
            "schema": {"type": "string", "enum": ["test_score", "enterprise_rank"]},
            "description": "With a text/csv body: test_score or enterprise_rank.",
        }
    ],
}


# --------------------------------------------------------------------------- rounds


@router.get("/rounds", response=list[RoundOut])
@paginate(Pagination, page_size=50)
def list_rounds(request: AuthenticatedHttpRequest) -> object:
    return selectors.round_list(user=request.user)


@router.get("/rounds/{round_id}", response={200: RoundDetailOut, 404: ErrorOut})
def get_round(request: AuthenticatedHttpRequest, round_id: int) -> object:
    placement_round = _round(request, round_id)
    counts = selectors.round_counts(user=request.user, placement_round=placement_round)
    return {**RoundOut.from_orm(placement_round).dict(), "counts": counts}


@router.post("/rounds", response={201: RoundOut, **WRITE_RESPONSES})
def create_round(request: AuthenticatedHttpRequest, payload: RoundIn) -> object:
    fields = payload.dict()
    institution_id = fields.pop("institution_id")
    institution = None if institution_id is None else _institution(request, institution_id)
    placement_round = services.round_create(actor=request.user, institution=institution, **fields)
    return Status(201, placement_round)


@router.post("/rounds/{round_id}/open", response={200: RoundOut, **WRITE_RESPONSES})
def open_round(request: AuthenticatedHttpRequest, round_id: int) -> object:
    return services.round_open(actor=request.user, placement_round=_round(request, round_id))


@router.post("/rounds/{round_id}/close", response={200: RoundOut, **WRITE_RESPONSES})
def close_round(request: AuthenticatedHttpRequest, round_id: int) -> object:
    return services.round_close(actor=request.user, placement_round=_round(request, round_id))


@router.post("/rounds/{round_id}/match", response={202: MatchJobOut, **WRITE_RESPONSES})
def match_round(request: AuthenticatedHttpRequest, round_id: int) -> object:
    """Queue the match; poll the job (or the round's status) for the outcome."""
    job = services.round_match_start(
        actor=request.user,
        placement_round=_round(request, round_id),
        language=request.LANGUAGE_CODE,
    )
    return Status(202, job)


@router.post("/rounds/{round_id}/publish", response={200: RoundOut, **WRITE_RESPONSES})
def publish_round(request: AuthenticatedHttpRequest, round_id: int) -> object:
    return services.round_publish(actor=request.user, placement_round=_round(request, round_id))


@router.post("/rounds/{round_id}/follow-up", response={202: MatchJobOut, **WRITE_RESPONSES})
def create_follow_up(
    request: AuthenticatedHttpRequest, round_id: int, payload: FollowUpIn | None = None
) -> object:
    """Queue a draft round with each offer's remaining seats, for the students left
    unplaced; the finished job's `result_url` is the new round's page (its id is also the
    newest round whose `previous_round_id` is this one)."""
    names = payload.dict() if payload else {}
    job = services.round_follow_up_start(
        actor=request.user,
        previous=_round(request, round_id),
        language=request.LANGUAGE_CODE,
        **names,
    )
    return Status(202, job)


@router.get(
    "/rounds/{round_id}/statistics",
    response={200: RoundStatisticsOut, 404: ErrorOut},
    exclude_none=True,
)
def round_statistics(request: AuthenticatedHttpRequest, round_id: int) -> object:
    return selectors.round_statistics(user=request.user, placement_round=_round(request, round_id))


# --------------------------------------------------------------------------- offers


@router.get("/rounds/{round_id}/offers", response={200: list[OfferOut], 404: ErrorOut})
@paginate(Pagination, page_size=50)
def list_offers(
    request: AuthenticatedHttpRequest, round_id: int, filters: Query[OfferFilters]
) -> object:
    offers = selectors.offer_list(
        user=request.user, placement_round=_round(request, round_id), filters=filters
    )
    # the selector leaves the specialties to the caller; one query for the page, not one a row
    return offers.prefetch_related("specialties")


@router.post("/rounds/{round_id}/offers", response={201: OfferOut, **WRITE_RESPONSES})
def create_offer(request: AuthenticatedHttpRequest, round_id: int, payload: OfferIn) -> object:
    """HR users post for their own enterprise; the ministry names one in `enterprise_id`."""
    fields = payload.dict()
    enterprise_id = fields.pop("enterprise_id") or request.user.enterprise_id
    if enterprise_id is None:
        raise ValidationError({"enterprise": [_("Name the enterprise the offer is from.")]})
    offer = services.offer_create(
        actor=request.user,
        placement_round=_round(request, round_id),
        enterprise_id=enterprise_id,
        **fields,
    )
    return Status(201, offer)


@router.get("/offers/{offer_id}", response={200: OfferOut, 404: ErrorOut})
def get_offer(request: AuthenticatedHttpRequest, offer_id: int) -> object:
    return selectors.offer_get(user=request.user, offer_id=offer_id)


@router.patch("/offers/{offer_id}", response={200: OfferOut, **WRITE_RESPONSES})
def update_offer(request: AuthenticatedHttpRequest, offer_id: int, payload: OfferPatch) -> object:
    offer = selectors.offer_get(user=request.user, offer_id=offer_id)
    return services.offer_update(
        actor=request.user, offer=offer, **payload.dict(exclude_unset=True)
    )


@router.get(
    "/offers/{offer_id}/applicants",
    response={200: list[ApplicantOut], 403: ErrorOut, 404: ErrorOut},
)
@paginate(Pagination, page_size=200)
def list_applicants(request: AuthenticatedHttpRequest, offer_id: int) -> object:
    offer = selectors.offer_get(user=request.user, offer_id=offer_id)
    if not policies.may_speak_for_enterprise(request.user, offer.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's own staff may see who applied."))
    return selectors.offer_applicants(user=request.user, offer=offer)


@router.post(
    "/offers/{offer_id}/assessments",
    response={200: AssessmentsOut, **WRITE_RESPONSES},
    openapi_extra=CSV_BODY,
)
def upload_assessments(
    request: AuthenticatedHttpRequest,
    offer_id: int,
    column: Form[str] = "",
    file: File[UploadedFile | None] = None,
) -> object:
    """Columns `applicant_number` (as the applicants list gives it, e.g. A-000123) and
    `column` (test_score or enterprise_rank): every row or none.

    Send the CSV as a multipart `file` with a `column` field, or as a text/csv body with
    `?column=` in the query string."""
    offer = selectors.offer_get(user=request.user, offer_id=offer_id)
    column = column or request.GET.get("column", "")
    rows = services.offer_assessments_import(
        actor=request.user, offer=offer, csv_text=_csv_text(request, file), column=column
    )
    return {"column": column, "rows": rows}


# --------------------------------------------------------------------------- applications


@router.get("/rounds/{round_id}/my-ranking", response={200: list[ChoiceOut], 404: ErrorOut})
def get_my_ranking(request: AuthenticatedHttpRequest, round_id: int) -> object:
    """The signed-in student's ranking, first choice first; empty for other roles."""
    return selectors.student_applications(
        user=request.user, placement_round=_round(request, round_id)
    )


@router.put("/rounds/{round_id}/my-ranking", response={200: list[ChoiceOut], **WRITE_RESPONSES})
def set_my_ranking(request: AuthenticatedHttpRequest, round_id: int, payload: RankingIn) -> object:
    """Replace the ranking; a problem with one choice is 422 naming the choice and offer."""
    return services.application_rank_set(
        actor=request.user, placement_round=_round(request, round_id), offer_ids=payload.offers
    )


@router.get("/rounds/{round_id}/my-placement", response={200: MyPlacementOut, 404: ErrorOut})
def get_my_placement(request: AuthenticatedHttpRequest, round_id: int) -> object:
    """The student's placement once the round is published; 404 before, or for others."""
    placement = selectors.student_placement(
        user=request.user, placement_round=_round(request, round_id)
    )
    if placement is None:
        raise Http404(_("No placement of yours in this round is published."))
    explanations = selectors.placement_explanations(placement=placement)
    return _my_placement(placement, [ExplanationOut.from_selector(e) for e in explanations])


# --------------------------------------------------------------------------- placements


@router.get("/rounds/{round_id}/placements", response={200: list[PlacementOut], 404: ErrorOut})
@paginate(Pagination, page_size=100)
def list_placements(request: AuthenticatedHttpRequest, round_id: int) -> object:
    return selectors.placement_list(user=request.user, placement_round=_round(request, round_id))


@router.post("/placements/{placement_id}/accept", response={200: PlacementOut, **WRITE_RESPONSES})
def accept_placement(request: AuthenticatedHttpRequest, placement_id: int) -> object:
    """The enterprise takes the trainee; a targeted offer's place becomes a contract."""
    placement = selectors.placement_get(user=request.user, placement_id=placement_id)
    services.placement_accept(actor=request.user, placement=placement)
    # read again: what the user may now see of the trainee (an accepted one's IIN)
    return selectors.placement_get(user=request.user, placement_id=placement_id)


@router.post("/placements/{placement_id}/decline", response={200: PlacementOut, **WRITE_RESPONSES})
def decline_placement(
    request: AuthenticatedHttpRequest, placement_id: int, payload: DeclineIn
) -> object:
    placement = selectors.placement_get(user=request.user, placement_id=placement_id)
    services.placement_decline(actor=request.user, placement=placement, reason=payload.reason)
    return selectors.placement_get(user=request.user, placement_id=placement_id)


# --------------------------------------------------------------------------- contracts


@router.get("/contracts", response=list[ContractOut])
@paginate(Pagination, page_size=50)
def list_contracts(request: AuthenticatedHttpRequest) -> object:
    return selectors.contract_list(user=request.user)


@router.get("/contracts/{contract_id}", response={200: ContractOut, 404: ErrorOut})
def get_contract(request: AuthenticatedHttpRequest, contract_id: int) -> object:
    return selectors.contract_get(user=request.user, contract_id=contract_id)


@router.post("/contracts/{contract_id}/advance", response={200: ContractOut, **WRITE_RESPONSES})
def advance_contract(
    request: AuthenticatedHttpRequest, contract_id: int, payload: ContractAdvanceIn
) -> object:
    """Training -> employed -> completed, or terminated (with a reason) on the way."""
    contract = selectors.contract_get(user=request.user, contract_id=contract_id)
    return services.contract_advance(actor=request.user, contract=contract, **payload.dict())


# --------------------------------------------------------------------------- helpers


def _round(request: AuthenticatedHttpRequest, round_id: int) -> PlacementRound:
    placement_round: PlacementRound = selectors.round_get(user=request.user, round_id=round_id)
    return placement_round


def _institution(request: AuthenticatedHttpRequest, institution_id: int) -> Institution:
    """The round's institution; an unknown id is a field error, as for any other field."""
    try:
        return registry_selectors.institution_get(user=request.user, institution_id=institution_id)
    except Institution.DoesNotExist:
        raise ValidationError(
            {"institution": [_("No institution %(id)s.") % {"id": institution_id}]}
        ) from None


def _csv_text(request: AuthenticatedHttpRequest, file: UploadedFile | None) -> str:
    """The uploaded file, or else a text/csv body, as text."""
    if file is not None:
        raw = file.read()
    elif (request.content_type or "").startswith("multipart/"):
        raise ValidationError({"file": [_("Attach the CSV file.")]})
    else:
        raw = request.body
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": [_("The file is not UTF-8 text.")]}) from None


def _my_placement(placement: Placement, explanations: list[ExplanationOut]) -> dict[str, Any]:
    offer = placement.offer
    return {
        "round_id": placement.round_id,
        "status": placement.status,
        "offer_id": placement.offer_id,
        "offer_title": localized(offer, "title") if offer else None,
        "enterprise_name": offer.enterprise.name if offer else None,
        "rank": placement.rank,
        "explanations": explanations,
    }
