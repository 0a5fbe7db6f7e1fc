"""Registry endpoints: parse, call one selector or service, return.

A list's filters are its one declaration (registry.filters): a malformed one is 422 naming it.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.api_pagination import Pagination
from qadam.registry import policies, selectors, services
from qadam.registry.filters import (
    EnterpriseFilters,
    InstitutionFilters,
    ProgramFilters,
    SpecialtyFilters,
    StudentCountFilters,
    StudentFilters,
)
from qadam.registry.schemas import (
    CountOut,
    EnterpriseIn,
    EnterpriseOut,
    ErrorOut,
    InstitutionIn,
    InstitutionOut,
    OccupationOut,
    ProgramIn,
    ProgramOut,
    ProgramPatch,
    RegionOut,
    SpecialtyOut,
    StudentIn,
    StudentOut,
    StudentPatch,
)

router = Router(tags=["registry"])
WRITE_RESPONSES = {400: ErrorOut, 403: ErrorOut, 422: ErrorOut}


@router.get("/regions", response=list[RegionOut])
def list_regions(request: AuthenticatedHttpRequest) -> object:
    return selectors.region_list()


@router.get("/specialties", response=list[SpecialtyOut])
@paginate(Pagination, page_size=200)
def list_specialties(request: AuthenticatedHttpRequest, filters: Query[SpecialtyFilters]) -> object:
    return selectors.specialty_list(filters=filters)


@router.get("/occupations", response=list[OccupationOut])
@paginate(Pagination, page_size=500)
def list_occupations(request: AuthenticatedHttpRequest) -> object:
    return selectors.occupation_list()


@router.get("/institutions", response=list[InstitutionOut])
@paginate(Pagination, page_size=50)
def list_institutions(
    request: AuthenticatedHttpRequest, filters: Query[InstitutionFilters]
) -> object:
    return selectors.institution_list(user=request.user, filters=filters)


@router.get("/institutions/{institution_id}", response=InstitutionOut)
def get_institution(request: AuthenticatedHttpRequest, institution_id: int) -> object:
    return selectors.institution_get(user=request.user, institution_id=institution_id)


@router.post("/institutions", response={201: InstitutionOut, **WRITE_RESPONSES})
def create_institution(request: AuthenticatedHttpRequest, payload: InstitutionIn) -> object:
    return 201, services.institution_create(actor=request.user, **payload.dict())


@router.get("/enterprises", response=list[EnterpriseOut])
@paginate(Pagination, page_size=50)
def list_enterprises(
    request: AuthenticatedHttpRequest, filters: Query[EnterpriseFilters]
) -> object:
    return selectors.enterprise_list(user=request.user, filters=filters)


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut)
def get_enterprise(request: AuthenticatedHttpRequest, enterprise_id: int) -> object:
    return selectors.enterprise_get(user=request.user, enterprise_id=enterprise_id)


@router.post("/enterprises", response={201: EnterpriseOut, **WRITE_RESPONSES})
def create_enterprise(request: AuthenticatedHttpRequest, payload: EnterpriseIn) -> object:
    return 201, services.enterprise_create(actor=request.user, **payload.dict())


@router.get("/programs", response=list[ProgramOut])
@paginate(Pagination, page_size=50)
def list_programs(request: AuthenticatedHttpRequest, filters: Query[ProgramFilters]) -> object:
    return selectors.program_list(user=request.user, filters=filters)


@router.get("/programs/{program_id}", response=ProgramOut)
def get_program(request: AuthenticatedHttpRequest, program_id: int) -> object:
    return selectors.program_get(user=request.user, program_id=program_id)


@router.post("/programs", response={201: ProgramOut, **WRITE_RESPONSES})
def create_program(request: AuthenticatedHttpRequest, payload: ProgramIn) -> object:
    return 201, services.program_create(actor=request.user, **payload.dict())


@router.patch("/programs/{program_id}", response={200: ProgramOut, **WRITE_RESPONSES})
def update_program(
    request: AuthenticatedHttpRequest, program_id: int, payload: ProgramPatch
) -> object:
    program = selectors.program_get(user=request.user, program_id=program_id)
    return services.program_update(
        actor=request.user, program=program, **payload.dict(exclude_unset=True)
    )


@router.get("/students", response={200: list[StudentOut], 403: ErrorOut})
@paginate(Pagination, page_size=50)
def list_students(request: AuthenticatedHttpRequest, filters: Query[StudentFilters]) -> object:
    _require_people_access(request)
    return selectors.student_list(user=request.user, filters=filters)


@router.get("/students/counts", response=list[CountOut])
def count_students(
    request: AuthenticatedHttpRequest, filters: Query[StudentCountFilters]
) -> object:
    return selectors.student_counts(user=request.user, filters=filters)


@router.get("/students/{student_id}", response={200: StudentOut, 403: ErrorOut})
def get_student(request: AuthenticatedHttpRequest, student_id: int) -> object:
    return selectors.student_get(user=request.user, student_id=student_id)


@router.post("/students", response={201: StudentOut, **WRITE_RESPONSES})
def create_student(request: AuthenticatedHttpRequest, payload: StudentIn) -> object:
    return 201, services.student_create(actor=request.user, **payload.dict())


@router.patch("/students/{student_id}", response={200: StudentOut, **WRITE_RESPONSES})
def update_student(
    request: AuthenticatedHttpRequest, student_id: int, payload: StudentPatch
) -> object:
    student = selectors.student_get(user=request.user, student_id=student_id)
    return services.student_update(
        actor=request.user, student=student, **payload.dict(exclude_unset=True)
    )


def _require_people_access(request: AuthenticatedHttpRequest) -> None:
    if not policies.may_read_people(request.user):
        raise PermissionDenied(_("Your role sees counts of people only: use /students/counts."))
