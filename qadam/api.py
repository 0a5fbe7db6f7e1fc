"""The JSON API: each app's ninja Router mounted under /api/v1/; OpenAPI at /api/docs."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.security import django_auth

from qadam.agreements.api import router as agreements_router
from qadam.common.errors import ApplicationError
from qadam.dashboard.api import router as dashboard_router
from qadam.educators.api import router as educators_router
from qadam.guidance.api import router as guidance_router
from qadam.joint.api import router as joint_router
from qadam.learners.api import router as learners_router
from qadam.modernisation.api import router as modernisation_router
from qadam.placements.api import router as placements_router
from qadam.placements.api_quotas import router as placements_quotas_router
from qadam.planning.api import router as planning_router
from qadam.registry.api import router as registry_router

# A 422 comes in two shapes, both documented: the request does not match the schema (ninja:
# `detail` lists each problem with where it is), or a rule refuses a value (`on_validation_error`
# below: `detail` is the first message, `errors` every field's messages).
VALIDATION_ERROR_ITEM = {
    "title": "ValidationErrorItemOut",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"type": "string"},
    },
    "required": ["type", "loc", "msg"],
}
VALIDATION_ERROR = {
    "title": "ValidationErrorOut",
    "type": "object",
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"$ref": "#/components/schemas/ValidationErrorItemOut"}},
            ]
        },
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}
DETAIL = {
    "title": "DetailOut",
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


def _response(name: str, description: str) -> dict[str, Any]:
    reference = {"$ref": f"#/components/schemas/{name}"}
    return {"description": description, "content": {"application/json": {"schema": reference}}}


class QadamAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Ninja's document, with the responses every operation can give documented: a 422
        wherever there is input to refuse, a 401 and 403 wherever a session is needed, a
        404 wherever a path names a record (the handlers below send them)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(
            ValidationErrorItemOut=VALIDATION_ERROR_ITEM,
            ValidationErrorOut=VALIDATION_ERROR,
            DetailOut=DETAIL,
        )
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                if operation.get("parameters") or operation.get("requestBody"):
                    responses[422] = _response("ValidationErrorOut", "Unprocessable Content")
                if operation.get("requestBody"):  # ninja: a body that is not JSON
                    responses.setdefault(400, _response("DetailOut", "Bad Request"))
                if operation.get("security"):
                    responses.setdefault(401, _response("DetailOut", "Unauthorized"))
                    responses.setdefault(403, _response("DetailOut", "Forbidden"))
                if any(p.get("in") == "path" for p in operation.get("parameters", [])):
                    responses.setdefault(404, _response("DetailOut", "Not Found"))
        return schema


api = QadamAPI(
    title="Qadam API",
    version="1",
    description="Qadam: the national workforce-training pipeline. Session authentication.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/v1/registry/", registry_router)
api.add_router("/v1/placements/", placements_router)
api.add_router("/v1/placements/", placements_quotas_router)
api.add_router("/v1/guidance/", guidance_router)
api.add_router("/v1/planning/", planning_router)
api.add_router("/v1/partnerships/", agreements_router)
api.add_router("/v1/joint/", joint_router)
api.add_router("/v1/learners/", learners_router)
api.add_router("/v1/educators/", educators_router)
api.add_router("/v1/dashboard/", dashboard_router)
api.add_router("/v1/modernisation/", modernisation_router)


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
