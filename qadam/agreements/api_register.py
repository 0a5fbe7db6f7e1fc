"""Register endpoints under /api/v1/partnerships/: agreements, their parties and documents.

Agreements out of the user's sight are 404 (the selectors raise DoesNotExist); a visible
agreement the user may not change is 403 (the services raise PermissionDenied); a broken
lifecycle rule is 400 and a field's error 422 (see qadam/api.py).
"""

from typing import Any, TypeVar

from django.http import Http404
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.agreements import charts, selectors, services
from qadam.agreements.filters import AgreementFilters
from qadam.agreements.models import Agreement
from qadam.agreements.schemas_register import (
    AgreementDetailOut,
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    DocumentOut,
    ExportJobOut,
    FiguresOut,
    PartyIn,
    PartyOut,
    TransitionIn,
)
from qadam.common.api_pagination import Pagination
from qadam.registry.schemas import ErrorOut

router = Router(tags=["partnerships"])
WRITE_RESPONSES = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
T = TypeVar("T")


def _agreement(request: AuthenticatedHttpRequest, agreement_id: int) -> Agreement:
    return selectors.agreement_get(user=request.user, agreement_id=agreement_id)


def _detail(request: AuthenticatedHttpRequest, agreement_id: int) -> dict[str, Any]:
    """The agreement as the detail schema reads it, re-read so parties are current."""
    agreement = _agreement(request, agreement_id)
    return {
        **AgreementOut.from_orm(agreement).dict(),
        "description": agreement.description,
        "termination_reason": agreement.termination_reason,
        "documents": list(agreement.documents.all()),
        "allowed_transitions": list(selectors.allowed_transitions(request.user, agreement)),
    }


def _party(payload: PartyIn) -> services.PartyData:
    return services.PartyData(**payload.dict())


@router.get("/agreements", response=list[AgreementOut])
@paginate(Pagination, page_size=50)
def list_agreements(request: AuthenticatedHttpRequest, filters: Query[AgreementFilters]) -> object:
    return selectors.agreement_list(user=request.user, filters=filters)


@router.get("/agreements/figures", response=FiguresOut)
def agreement_figures(
    request: AuthenticatedHttpRequest, filters: Query[AgreementFilters]
) -> object:
    """Agreements and active agreements by party country and by kind, with the filters."""
    figures = selectors.agreement_figures(user=request.user, filters=filters)
    return {**figures, "by_country": charts.country_rows(figures)}


@router.post("/agreements/export", response={202: ExportJobOut, 400: ErrorOut})
def export_agreements(
    request: AuthenticatedHttpRequest, filters: Query[AgreementFilters]
) -> object:
    """Queue the register's XLSX export with the filters (the list `agreements.register`,
    as the page's export button does); follow the job, then download its file. A malformed
    filter is 422 naming it, as in the list."""
    job = services.agreement_export_start(
        actor=request.user, filters=filters.as_query(), language=request.LANGUAGE_CODE
    )
    return Status(202, job)


@router.get("/agreements/{agreement_id}", response={200: AgreementDetailOut, 404: ErrorOut})
def get_agreement(request: AuthenticatedHttpRequest, agreement_id: int) -> object:
    return _detail(request, agreement_id)


@router.post("/agreements", response={201: AgreementDetailOut, **WRITE_RESPONSES})
def create_agreement(request: AuthenticatedHttpRequest, payload: AgreementIn) -> object:
    """A draft agreement with its parties; your own organisation must be one of them."""
    fields = payload.dict(exclude={"parties"})
    parties = [_party(party) for party in payload.parties]
    agreement = services.agreement_create(actor=request.user, parties=parties, **fields)
    return Status(201, _detail(request, agreement.pk))


@router.patch("/agreements/{agreement_id}", response={200: AgreementDetailOut, **WRITE_RESPONSES})
def update_agreement(
    request: AuthenticatedHttpRequest, agreement_id: int, payload: AgreementPatch
) -> object:
    agreement = _agreement(request, agreement_id)
    services.agreement_update(
        actor=request.user, agreement=agreement, **payload.dict(exclude_unset=True)
    )
    return _detail(request, agreement_id)


@router.post(
    "/agreements/{agreement_id}/transition",
    response={200: AgreementDetailOut, **WRITE_RESPONSES},
)
def transition_agreement(
    request: AuthenticatedHttpRequest, agreement_id: int, payload: TransitionIn
) -> object:
    """Move along draft -> signed -> active -> expired, or to terminated with a reason."""
    agreement = _agreement(request, agreement_id)
    services.agreement_transition(actor=request.user, agreement=agreement, **payload.dict())
    return _detail(request, agreement_id)


@router.post("/agreements/{agreement_id}/parties", response={201: PartyOut, **WRITE_RESPONSES})
def add_party(request: AuthenticatedHttpRequest, agreement_id: int, payload: PartyIn) -> object:
    agreement = _agreement(request, agreement_id)
    party = services.party_add(actor=request.user, agreement=agreement, data=_party(payload))
    return Status(201, party)


@router.delete(
    "/agreements/{agreement_id}/parties/{party_id}", response={204: None, **WRITE_RESPONSES}
)
def remove_party(request: AuthenticatedHttpRequest, agreement_id: int, party_id: int) -> object:
    agreement = _agreement(request, agreement_id)
    party = agreement.parties.filter(pk=party_id).first()
    if party is None:
        raise Http404
    services.party_remove(actor=request.user, party=party)
    return Status(204, None)


@router.post("/agreements/{agreement_id}/documents", response={201: DocumentOut, **WRITE_RESPONSES})
def upload_document(
    request: AuthenticatedHttpRequest,
    agreement_id: int,
    file: File[UploadedFile],
    title: Form[str] = "",
) -> object:
    """A signed copy or annex as a multipart `file` (PDF, at most 10 MB), with a `title`."""
    agreement = _agreement(request, agreement_id)
    document = services.document_upload(
        actor=request.user, agreement=agreement, file=file, title=title
    )
    return Status(201, document)
