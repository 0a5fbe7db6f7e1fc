"""Import pages: choose a kind, download its template, upload, read the check, confirm.

The file is checked and written by background jobs (tasks.py), never in the request.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.errors import ApplicationError
from qadam.common.models import Job
from qadam.imports import policies, selectors, services
from qadam.imports.forms import ImportForm
from qadam.imports.kinds import KINDS, Kind
from qadam.imports.report import report_csv
from qadam.imports.template import template_csv, template_filename, template_xlsx
from qadam.imports.uploads import SizeLimitHandler

ERRORS_PER_PAGE = 50
SLACK_BYTES = 64 * 1024  # the multipart envelope around the file
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _kinds(request: AuthenticatedHttpRequest) -> list[Kind]:
    kinds = policies.importable_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    return kinds


def _home(
    request: AuthenticatedHttpRequest,
    form: ImportForm | None = None,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    kinds = _kinds(request)
    context = {
        "error": error,
        "kinds": kinds,
        "form": form or ImportForm(kinds=kinds),
        "jobs": selectors.import_job_list(user=request.user)[:10],
        "max_bytes": services.max_upload_bytes(),
        "max_megabytes": services.max_upload_bytes() // (1024 * 1024),
        "language": (request.LANGUAGE_CODE or "ru")[:2],
    }
    return render(request, "imports/home.html", context, status=status)


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _home(request)


@login_required
def template(request: AuthenticatedHttpRequest, kind_name: str, extension: str) -> HttpResponse:
    kind = KINDS.get(kind_name)
    if kind is None or extension not in CONTENT_TYPES:
        raise Http404
    if kind not in _kinds(request):
        raise PermissionDenied
    language = request.GET.get("language", request.LANGUAGE_CODE or "ru")[:2]
    if language not in ("kk", "ru", "en"):
        language = "ru"
    content = template_xlsx(kind, language) if extension == "xlsx" else template_csv(kind, language)
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    filename = template_filename(kind, language, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@csrf_exempt  # the upload handlers must be set before the body is read; CSRF is checked below
@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("imports:home")
    limit = services.max_upload_bytes()
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > limit + SLACK_BYTES:
        # refused before a byte of the body is read
        return _refuse_size(request)
    handler = SizeLimitHandler(request, limit)
    request.upload_handlers = [handler, TemporaryFileUploadHandler(request)]
    return _upload(request, handler)


def _refuse_size(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _home(request, status=413, error=services.too_large_message())


@csrf_protect
def _upload(request: AuthenticatedHttpRequest, handler: SizeLimitHandler) -> HttpResponse:
    kinds = _kinds(request)
    form = ImportForm(request.POST, request.FILES, kinds=kinds)
    if handler.too_large:
        return _refuse_size(request)
    if not form.is_valid():
        return _home(request, form, status=400)
    try:
        job = services.import_start(
            actor=request.user,
            kind_name=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            language=(request.LANGUAGE_CODE or "ru")[:2],
        )
    except ApplicationError as error:
        form.add_error("file", error.message)
        return _home(request, form, status=400)
    return redirect("imports:job_detail", job_id=job.pk)


def _job(request: AuthenticatedHttpRequest, job_id: int) -> Job:
    try:
        return selectors.import_job_get(user=request.user, job_id=job_id)
    except Job.DoesNotExist:
        raise Http404 from None


@login_required
def job_detail(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    outcome = selectors.import_result(job=job)
    errors = None
    if outcome is not None and outcome.errors:
        errors = Paginator(outcome.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    committed_by = job.parameters.get("committed_by_job")
    context = {
        "job": job,
        "kind": KINDS.get(job.parameters.get("import_kind", "")),
        "outcome": outcome,
        "errors": errors,
        "can_confirm": (
            job.kind == selectors.JOB_CHECK
            and outcome is not None
            and outcome.status == "valid"
            and not committed_by
        ),
        "committed_by": committed_by,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "imports/partials/job_status.html", context)
    return render(request, "imports/job_detail.html", context)


@require_POST
@login_required
def confirm(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    try:
        commit = services.import_confirm(actor=request.user, job=job)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("imports:job_detail", job_id=job.pk)
    return redirect("imports:job_detail", job_id=commit.pk)


@login_required
def report(
    request: AuthenticatedHttpRequest, job_id: int, extension: str
) -> HttpResponse | StreamingHttpResponse | FileResponse:
    job = _job(request, job_id)
    outcome = selectors.import_result(job=job)
    if outcome is None or not outcome.errors or extension not in CONTENT_TYPES:
        raise Http404
    filename = f"qadam-import-{job.pk}-report.{extension}"
    if extension == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            report_csv(outcome.errors), content_type=CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    path = services.report_path(job)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename)
