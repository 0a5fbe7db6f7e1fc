"""Modernisation pages: parse the request, call one selector or service, render. Records
out of the user's sight are 404 (selectors raise DoesNotExist); forbidden writes 403."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.fields.files import FieldFile
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.errors import ApplicationError
from qadam.common.forms import apply_service_errors
from qadam.common.http import get_or_404
from qadam.common.pagination import list_template, paginate
from qadam.modernisation import policies, selectors, services
from qadam.modernisation.forms import LineDeliveryForm, MilestoneDoneForm


def service_saved(form: BaseForm, call: Any) -> bool:
    try:
        call()
    except ValidationError as error:
        apply_service_errors(form, error)
    except ApplicationError as error:
        form.add_error(None, error.message)
    else:
        return True
    return False


def _file(field: FieldFile) -> FileResponse:
    """An evidence file, to those who may see its record (media is not public)."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=Path(field.name or "file").name)


def _list(request: AuthenticatedHttpRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    template = list_template(
        request, f"modernisation/{name}.html", f"modernisation/{name}_results.html"
    )
    return render(request, template, {"query": {}, **context})


@login_required
def programme(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The national view: colleges against the target, money by source and region."""
    summary = selectors.programme_summary(user=request.user, today=timezone.localdate())
    return render(request, "modernisation/programme.html", summary)


@login_required
def project_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.project_list(user=request.user))
    page.object_list = selectors.project_figures(
        projects=list(page.object_list), today=timezone.localdate()
    )
    return _list(request, "project_list", {"page": page})


@login_required
def project_detail(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = get_or_404(selectors.project_get, request.user, project_id=project_id)
    context = selectors.project_detail(
        user=request.user, project=project, today=timezone.localdate()
    )
    return render(request, "modernisation/project_detail.html", context)


@login_required
def line_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.line_list(user=request.user))
    return _list(request, "line_list", {"page": page})


@login_required
def line_deliver(request: AuthenticatedHttpRequest, line_id: int) -> HttpResponse:
    line = get_or_404(selectors.line_get, request.user, line_id=line_id)
    if not policies.may_deliver_line(request.user, line):
        raise PermissionDenied
    form = LineDeliveryForm(
        request.POST or None,
        request.FILES or None,
        initial={"delivered_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if service_saved(
            form,
            lambda: services.line_deliver(
                actor=request.user,
                line=line,
                delivered_on=data["delivered_on"],
                evidence=data.get("evidence") or "",
                evidence_file=data.get("evidence_file") or None,
            ),
        ):
            messages.success(request, _("The delivery is recorded."))
            return redirect("modernisation:line_list")
    return render(request, "modernisation/line_deliver.html", {"form": form, "line": line})


@login_required
def line_evidence(request: AuthenticatedHttpRequest, line_id: int) -> FileResponse:
    line = get_or_404(selectors.line_get, request.user, line_id=line_id)
    return _file(line.evidence_file)


@login_required
def milestone_complete(request: AuthenticatedHttpRequest, milestone_id: int) -> HttpResponse:
    milestone = get_or_404(selectors.milestone_get, request.user, milestone_id=milestone_id)
    if not policies.may_plan_project(request.user, milestone.project):
        raise PermissionDenied
    form = MilestoneDoneForm(
        request.POST or None, request.FILES or None, initial={"done_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if service_saved(
            form,
            lambda: services.milestone_complete(
                actor=request.user,
                milestone=milestone,
                done_on=data["done_on"],
                evidence=data.get("evidence") or "",
                evidence_file=data.get("evidence_file") or None,
            ),
        ):
            messages.success(request, _("The milestone is recorded as done."))
            return redirect("modernisation:project_detail", project_id=milestone.project_id)
    context = {"form": form, "milestone": milestone}
    return render(request, "modernisation/milestone_complete.html", context)


@login_required
def milestone_evidence(request: AuthenticatedHttpRequest, milestone_id: int) -> FileResponse:
    milestone = get_or_404(selectors.milestone_get, request.user, milestone_id=milestone_id)
    return _file(milestone.evidence_file)


@login_required
def overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    milestones = selectors.overdue_milestones(user=request.user, today=timezone.localdate())
    return _list(request, "overdue", {"page": paginate(request, milestones)})


@login_required
def investment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.investment_list(user=request.user))
    return _list(request, "investment_list", {"page": page})
