"""Home per role, the About page and background-job progress."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.accounts.selectors import user_scope
from qadam.common.models import Job
from qadam.common.selectors import job_get, job_list
from qadam.dashboard import selectors
from qadam.registry.data_files import attribution


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = user_scope(user=request.user)
    context = selectors.home_context(user=request.user, scope=scope)
    return render(request, "dashboard/home.html", context)


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/about.html", {"attribution": attribution()})


@login_required
def jobs(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "dashboard/job_list.html", {"jobs": job_list(user=request.user)[:50]})


@login_required
def job_detail(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    try:
        job = job_get(user=request.user, job_id=job_id)
    except Job.DoesNotExist:
        raise Http404 from None
    template = (
        "dashboard/partials/job_progress.html" if request.htmx else "dashboard/job_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
def job_download(request: AuthenticatedHttpRequest, job_id: int) -> FileResponse:
    try:
        job = job_get(user=request.user, job_id=job_id)
    except Job.DoesNotExist:
        raise Http404 from None
    path = Path(settings.MEDIA_ROOT) / job.result_file
    if not job.result_file or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
