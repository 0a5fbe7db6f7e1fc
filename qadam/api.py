"""The JSON API: each app's ninja Router mounted under /api/v1/; OpenAPI at /api/docs."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from qadam.agreements.api import router as agreements_router
from qadam.common.errors import ApplicationError
from qadam.dashboard.api import router as dashboard_router
from qadam.guidance.api import router as guidance_router
from qadam.learners.api import router as learners_router
from qadam.placements.api import router as placements_router
from qadam.planning.api import router as planning_router
from qadam.registry.api import router as registry_router

api = NinjaAPI(
    title="Qadam API",
    version="1",
    description="Qadam: the national workforce-training pipeline. Session authentication.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/v1/registry/", registry_router)
api.add_router("/v1/placements/", placements_router)
api.add_router("/v1/guidance/", guidance_router)
api.add_router("/v1/planning/", planning_router)
api.add_router("/v1/partnerships/", agreements_router)
api.add_router("/v1/learners/", learners_router)
api.add_router("/v1/dashboard/", dashboard_router)


def _validation_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = _validation_errors(error)
    first_field = next(iter(errors))
    detail = f"{first_field}: {errors[first_field][0]}"
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(ApplicationError)
def on_application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    payload = {"detail": error.message, "errors": error.field_errors}
    return api.create_response(request, payload, status=400)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or "Forbidden"}, status=403)


@api.exception_handler(ObjectDoesNotExist)
def on_not_found(request: HttpRequest, error: ObjectDoesNotExist) -> HttpResponse:
    """A selector's DoesNotExist: missing, or outside the user's scope (which must not leak);
    the same body as ninja's own 404."""
    return api.create_response(request, {"detail": "Not Found"}, status=404)
