"""Planning pages: the ministry starts a project and records a PPP investment; the ministry
or the college adds workshops, equipment lines and milestones to a project. Each parses
the form, calls one service and shows its refusals beside the fields."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.http import get_or_404
from qadam.modernisation import policies, selectors, services
from qadam.modernisation.forms import (
    FacilityForm,
    InvestmentForm,
    LineForm,
    MilestoneForm,
    ProjectForm,
)
from qadam.modernisation.models import Project
from qadam.modernisation.views import service_saved


def _submit(
    request: AuthenticatedHttpRequest,
    form: BaseForm,
    call: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    then: Callable[[Any], HttpResponse],
    title: str,
) -> HttpResponse:
    """Save a valid POSTed form through `call`, say `done` and go on with `then(record)`;
    else the form again with its errors."""
    saved: list[Any] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(form, lambda: saved.append(call(form.cleaned_data)))
    ):
        messages.success(request, done)
        return then(saved[0])
    return render(request, "modernisation/form.html", {"form": form, "title": title})


def _project(request: AuthenticatedHttpRequest, project_id: int) -> Project:
    project = get_or_404(selectors.project_get, request.user, project_id=project_id)
    if not policies.may_plan_project(request.user, project):
        raise PermissionDenied
    return project


def _to_project(project: Project) -> Callable[[Any], HttpResponse]:
    return lambda _record: redirect("modernisation:project_detail", project_id=project.pk)


@login_required
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_record_investment(request.user):  # the ministry decides
        raise PermissionDenied
    return _submit(
        request,
        ProjectForm(request.POST or None),
        lambda data: services.project_create(actor=request.user, **data),
        done=_("The college is in the programme."),
        then=lambda project: redirect("modernisation:project_detail", project_id=project.pk),
        title=_("Start a modernisation project"),
    )


@login_required
def investment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_record_investment(request.user):
        raise PermissionDenied
    return _submit(
        request,
        InvestmentForm(request.POST or None),
        lambda data: services.investment_create(actor=request.user, **data),
        done=_("The investment is recorded."),
        then=lambda _record: redirect("modernisation:investment_list"),
        title=_("Record a PPP investment"),
    )


@login_required
def facility_add(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id)
    return _submit(
        request,
        FacilityForm(request.POST or None),
        lambda data: services.facility_add(actor=request.user, project=project, **data),
        done=_("The workshop or laboratory is added."),
        then=_to_project(project),
        title=_("Add a workshop or laboratory"),
    )


@login_required
def line_add(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id)
    return _submit(
        request,
        LineForm(request.POST or None, project=project),
        lambda data: services.line_add(actor=request.user, project=project, **data),
        done=_("The equipment line is added."),
        then=_to_project(project),
        title=_("Add an equipment line"),
    )


@login_required
def milestone_add(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id)
    return _submit(
        request,
        MilestoneForm(request.POST or None),
        lambda data: services.milestone_add(actor=request.user, project=project, **data),
        done=_("The milestone is added."),
        then=_to_project(project),
        title=_("Add a milestone"),
    )
