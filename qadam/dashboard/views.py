"""Home per role, the About page, background-job progress and starting a list's export."""

from pathlib import Path
from typing import cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.accounts.selectors import user_scope
from qadam.common.errors import ApplicationError
from qadam.common.exports import UnknownExport
from qadam.common.models import Job
from qadam.common.selectors import job_get, job_list
from qadam.common.services import export_start, jobs_fail_stale
from qadam.dashboard import selectors
from qadam.dashboard.exporters import JOBS_SHOWN
from qadam.dashboard.kpis.definitions import DASHBOARD_ATTRIBUTION
from qadam.registry.data_files import attribution


def home(request: HttpRequest) -> HttpResponse:
    """A signed-in user's home; an anonymous visitor, usually a pupil with a phone, sees the
    way to the career diagnostic and a festival's join, and the staff's sign-in."""
    if not request.user.is_authenticated:
        form = AuthenticationForm(request)
        # a pupil's phone opens no keyboard on the staff's field
        form.fields["username"].widget.attrs.pop("autofocus", None)
        return render(request, "dashboard/welcome.html", {"form": form})
    return _home(cast(AuthenticatedHttpRequest, request))


def _home(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = user_scope(user=request.user)
    context = selectors.home_context(user=request.user, scope=scope)
    return render(request, "dashboard/home.html", context)


def about(request: HttpRequest) -> HttpResponse:
    language = get_language() or settings.LANGUAGE_CODE
    shown = [
        {field: in_language(texts, language) for field, texts in item.items()}
        for item in [*attribution(), *DASHBOARD_ATTRIBUTION]
    ]
    return render(request, "dashboard/about.html", {"attribution": shown})


def in_language(texts: dict[str, str], language: str) -> dict[str, str]:
    """The text in the reader's language, else English (a licensor's wording is English
    only), with the language it is in so the page can mark it."""
    shown = language if texts.get(language) else "en"
    return {"text": texts.get(shown) or next(iter(texts.values()), ""), "lang": shown}


@login_required
def jobs(request: AuthenticatedHttpRequest) -> HttpResponse:
    jobs_fail_stale()  # a job whose worker died shows failed, not running for ever
    context = {"jobs": job_list(user=request.user)[:JOBS_SHOWN]}
    return render(request, "dashboard/job_list.html", context)


@login_required
def job_detail(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    jobs_fail_stale()
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


@login_required
@require_POST
def export(request: AuthenticatedHttpRequest, name: str) -> HttpResponse:
    """Start the XLSX of the list `name` with the page's filters (the POSTed values), then
    follow it on the job page. An unknown list or an out-of-sight parent is 404, a malformed
    filter 400, a role without the list 403 (PermissionDenied)."""
    try:
        job = export_start(
            actor=request.user, name=name, params=request.POST, language=request.LANGUAGE_CODE
        )
    except (UnknownExport, ObjectDoesNotExist):
        raise Http404 from None
    except ApplicationError as error:
        context = {"message": error.message}
        return render(request, "dashboard/export_refused.html", context, status=400)
    return redirect("dashboard:job_detail", job_id=job.pk)
