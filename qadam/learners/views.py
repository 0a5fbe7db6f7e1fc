"""The learner's pages: a student's journey, and the funnel. Views parse, call one
selector or service, and render; out-of-scope students are 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.forms import positive_id
from qadam.common.http import get_or_404
from qadam.guidance.services import session_link_student
from qadam.learners import policies, selectors
from qadam.learners.funnel import FUNNEL, GROUPINGS, FunnelFilters, funnel_counts
from qadam.registry.selectors import region_list, specialty_list


@login_required
def journey(request: AuthenticatedHttpRequest, student_id: int) -> HttpResponse:
    student, events = get_or_404(selectors.journey_get, request.user, student_id=student_id)
    context = {
        "student": student,
        "events": events,
        "may_link": selectors.may_link_diagnostics(user=request.user, student=student),
    }
    return render(request, "learners/journey.html", context)


@login_required
@require_POST
def link_diagnostics(request: AuthenticatedHttpRequest, student_id: int) -> HttpResponse:
    """The college links the diagnostics the pupil shared for enrolment with their IIN."""
    student = get_or_404(selectors.journey_student_get, request.user, student_id=student_id)
    if not selectors.may_link_diagnostics(user=request.user, student=student):
        raise PermissionDenied
    try:
        linked = session_link_student(actor=request.user, student=student)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Diagnostics linked: %(count)s.") % {"count": len(linked)})
    return redirect("learners:journey", student_id=student.pk)


@login_required
def funnel(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_read_funnel(request.user):
        raise PermissionDenied
    by = request.GET.get("by", "region")
    year = request.GET.get("year", "")
    filters = FunnelFilters(
        by=by if by in GROUPINGS else "region",
        region=positive_id(request.GET.get("region")),
        specialty=positive_id(request.GET.get("specialty")),
        year=int(year) if year.isdigit() and len(year) == 4 else None,
    )
    context = {
        "filters": filters,
        "stages": FUNNEL,
        "groupings": GROUPINGS,
        "counts": funnel_counts(user=request.user, filters=filters),
        "regions": region_list(),
        "specialties": specialty_list(),
    }
    return render(request, "learners/funnel.html", context)
