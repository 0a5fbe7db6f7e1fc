"""Educators' endpoints under /api/v1/educators/: parse, call one selector or service.

An educator out of the user's sight is 404; a role without educators' names (analysts) 403
on the records, and it reads `/shares`; a broken rule is 422 naming the field."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.api_pagination import Pagination
from qadam.educators import policies, selectors, services
from qadam.educators.filters import EducatorListFilters, ShareFilters
from qadam.educators.schemas import (
    EducatorDetailOut,
    EducatorIn,
    EducatorOut,
    EducatorPatch,
    SharesOut,
    UpskillingIn,
    UpskillingOut,
)
from qadam.registry import services as registry_services
from qadam.registry.models import Educator
from qadam.registry.schemas import ErrorOut

router = Router(tags=["educators"])
READ_RESPONSES = {403: ErrorOut, 404: ErrorOut}
WRITE_RESPONSES = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _require_names(request: AuthenticatedHttpRequest) -> None:
    if not policies.may_read_educators(request.user):
        raise PermissionDenied(_("Your role reads educators as shares only: use /shares."))


def _detail(request: AuthenticatedHttpRequest, educator_id: int) -> Educator:
    _require_names(request)
    educator = selectors.educator_get(user=request.user, educator_id=educator_id)
    # read by EducatorDetailOut's resolvers
    history = list(selectors.upskilling_history(user=request.user, educator=educator))
    educator.upskilling = history  # type: ignore[attr-defined]
    educator.is_overdue = selectors.is_overdue(educator)  # type: ignore[attr-defined]
    return educator


@router.get("/", response={200: list[EducatorOut], 403: ErrorOut})
@paginate(Pagination, page_size=50)
def list_educators(
    request: AuthenticatedHttpRequest, filters: Query[EducatorListFilters]
) -> object:
    """The educators the user may read, by name, with their latest upskilling."""
    _require_names(request)
    return selectors.educator_list(user=request.user, filters=filters)


@router.get("/shares", response={200: SharesOut, 403: ErrorOut})
def shares(request: AuthenticatedHttpRequest, filters: Query[ShareFilters]) -> object:
    """Shares upskilled within the period by region, college or sector; "<5" for analysts."""
    if not policies.may_read_shares(request.user):
        raise PermissionDenied
    total = selectors.upskilling_total(user=request.user)
    return {
        "period_years": selectors.period_years(),
        "educators": total.educators,
        "upskilled": total.upskilled,
        "share": total.share,
        "rows": selectors.upskilling_shares(user=request.user, filters=filters),
    }


@router.get("/{int:educator_id}", response={200: EducatorDetailOut, **READ_RESPONSES})
def get_educator(request: AuthenticatedHttpRequest, educator_id: int) -> object:
    return _detail(request, educator_id)


@router.post("/", response={201: EducatorDetailOut, **WRITE_RESPONSES})
def create_educator(request: AuthenticatedHttpRequest, payload: EducatorIn) -> object:
    if not policies.may_register_educators(request.user):
        raise PermissionDenied
    data = payload.dict()
    specialties = data.pop("specialties")
    educator = registry_services.educator_create(
        actor=request.user, specialties=specialties, **data
    )
    return Status(201, _detail(request, educator.pk))


@router.patch("/{int:educator_id}", response={200: EducatorDetailOut, **WRITE_RESPONSES})
def update_educator(
    request: AuthenticatedHttpRequest, educator_id: int, payload: EducatorPatch
) -> object:
    educator: Educator = selectors.educator_get(user=request.user, educator_id=educator_id)
    changes = payload.dict(exclude_unset=True)
    specialties = changes.pop("specialties", None)
    registry_services.educator_update(
        actor=request.user, educator=educator, specialties=specialties, **changes
    )
    return _detail(request, educator_id)


@router.post("/{int:educator_id}/upskilling", response={201: UpskillingOut, **WRITE_RESPONSES})
def record_upskilling(
    request: AuthenticatedHttpRequest,
    educator_id: int,
    payload: Form[UpskillingIn],
    certificate_file: File[UploadedFile | None] = None,
) -> object:
    """A completed course or internship (multipart form; the certificate optional, a PDF,
    JPEG or PNG of at most 10 MB)."""
    _require_names(request)
    educator = selectors.educator_get(user=request.user, educator_id=educator_id)
    upskilling = services.upskilling_record(
        actor=request.user,
        educator=educator,
        certificate_file=certificate_file,
        **payload.dict(),
    )
    return Status(201, upskilling)


@router.delete("/upskilling/{int:upskilling_id}", response={204: None, **WRITE_RESPONSES})
def delete_upskilling(request: AuthenticatedHttpRequest, upskilling_id: int) -> object:
    _require_names(request)
    upskilling = selectors.upskilling_get(user=request.user, upskilling_id=upskilling_id)
    services.upskilling_remove(actor=request.user, upskilling=upskilling)
    return Status(204, None)
