"""Educators' pages: parse the request, call one selector or service, render. An educator out
of the user's sight is 404; a role without the page 403. Analysts get the shares only."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.forms import apply_service_errors, positive_id, search_text
from qadam.common.http import get_or_404
from qadam.common.pagination import list_template, paginate
from qadam.common.selectors import audit_history
from qadam.educators import policies, selectors, services
from qadam.educators.choices import CourseForm, ShareGrouping, UpskillingKind, UpskillingStatus
from qadam.educators.filters import EducatorListFilters, ShareFilters
from qadam.educators.forms import EducatorForm, UpskillingForm
from qadam.registry import selectors as registry_selectors
from qadam.registry import services as registry_services
from qadam.registry.choices import QualificationCategory
from qadam.registry.models import Educator, Institution

LIST_PAGE = "educators/educator_list.html"
RESULTS = "educators/educator_results.html"


def _educator(request: AuthenticatedHttpRequest, educator_id: int) -> Educator:
    return get_or_404(selectors.educator_get, request.user, educator_id=educator_id)


@login_required
def educator_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not policies.may_read_educators(user):
        if policies.may_read_shares(user):
            return redirect("educators:shares")
        raise PermissionDenied
    filters = EducatorListFilters.from_query(request.GET)
    page = paginate(request, selectors.educator_list(user=user, filters=filters))
    since = selectors.upskilled_since()
    for educator in page.object_list:
        latest = getattr(educator, "last_upskilled_on", None)
        educator.is_overdue = latest is None or latest < since
    context: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "query": filters.as_query(),
        "years": selectors.period_years(),
    }
    template = list_template(request, LIST_PAGE, RESULTS)
    if template == LIST_PAGE:
        institutions = registry_selectors.institution_list_writable(user=user)
        context.update(
            total=selectors.upskilling_total(user=user),
            may_create=policies.may_register_educators(user),
            may_read_shares=policies.may_read_shares(user),
            # a college's administrator picks among their own; the ministry filters by region
            institutions=institutions if institutions.count() <= 30 else None,
            regions=selectors.region_choices(),
            category_choices=QualificationCategory.choices,
            status_choices=UpskillingStatus.choices,
        )
    return render(request, template, context)


@login_required
def educator_detail(request: AuthenticatedHttpRequest, educator_id: int) -> HttpResponse:
    educator = _educator(request, educator_id)
    can_edit = policies.may_record_upskilling(request.user, educator)
    context = {
        "educator": educator,
        "is_overdue": selectors.is_overdue(educator),
        "years": selectors.period_years(),
        "history": selectors.upskilling_history(user=request.user, educator=educator),
        "can_edit": can_edit,
        "changes": audit_history(user=request.user, instance=educator) if can_edit else [],
    }
    return render(request, "educators/educator_detail.html", context)


def _writable_institutions(request: AuthenticatedHttpRequest) -> QuerySet[Institution]:
    if not policies.may_register_educators(request.user):
        raise PermissionDenied
    return registry_selectors.institution_list_writable(user=request.user)


@login_required
def educator_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    institutions = _writable_institutions(request)
    initial = {"institution": request.user.institution_id}
    form = EducatorForm(request.POST or None, institutions=institutions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        specialties = data.pop("specialties")
        try:
            educator = registry_services.educator_create(
                actor=request.user, specialties=specialties, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("educators:educator_detail", educator_id=educator.pk)
    return render(request, "educators/form.html", {"form": form, "title": _("New educator")})


@login_required
def educator_edit(request: AuthenticatedHttpRequest, educator_id: int) -> HttpResponse:
    educator = _educator(request, educator_id)
    if not policies.may_record_upskilling(request.user, educator):
        raise PermissionDenied
    institutions = _writable_institutions(request)
    form = EducatorForm(request.POST or None, instance=educator, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        specialties = changes.pop("specialties", None)
        seen = {k: v for k, v in form.seen().items() if k != "specialties"}
        try:
            registry_services.educator_update(
                actor=request.user,
                educator=educator,
                seen=seen,
                specialties=specialties,
                **changes,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("educators:educator_detail", educator_id=educator_id)
    return render(request, "educators/form.html", {"form": form, "title": str(educator)})


@login_required
def upskilling_create(request: AuthenticatedHttpRequest, educator_id: int) -> HttpResponse:
    educator = _educator(request, educator_id)
    if not policies.may_record_upskilling(request.user, educator):
        raise PermissionDenied
    form = UpskillingForm(
        request.POST or None,
        request.FILES or None,
        obligations=selectors.internship_obligations(educator=educator),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.upskilling_record(
                actor=request.user,
                educator=educator,
                certificate_file=request.FILES.get("certificate_file"),
                **form.service_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("educators:educator_detail", educator_id=educator_id)
    context = {
        "form": form,
        "title": _("Upskilling of %(educator)s") % {"educator": educator},
        "multipart": True,
        "kinds": UpskillingKind.choices,
        "forms": CourseForm.choices,
    }
    return render(request, "educators/form.html", context)


@login_required
@require_POST
def upskilling_delete(request: AuthenticatedHttpRequest, upskilling_id: int) -> HttpResponse:
    upskilling = get_or_404(selectors.upskilling_get, request.user, upskilling_id=upskilling_id)
    services.upskilling_remove(actor=request.user, upskilling=upskilling)
    return redirect("educators:educator_detail", educator_id=upskilling.educator_id)


@login_required
def upskilling_certificate(request: AuthenticatedHttpRequest, upskilling_id: int) -> FileResponse:
    """The certificate file, to those who may read the educator (media is not public)."""
    upskilling = get_or_404(selectors.upskilling_get, request.user, upskilling_id=upskilling_id)
    if not upskilling.certificate_file:
        raise Http404
    try:
        handle = upskilling.certificate_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = Path(upskilling.certificate_file.name or "certificate").name
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
def shares(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Shares upskilled within the period by region, college or sector (the ministry and
    analysts; "<5" for an analyst's small counts)."""
    if not policies.may_read_shares(request.user):
        raise PermissionDenied
    filters = ShareFilters.from_query(request.GET)
    rows = selectors.upskilling_shares(user=request.user, filters=filters)
    context = {
        "filters": filters,
        "query": filters.as_query(),
        # 772 colleges: a page at a time (the export holds them all)
        "page": Paginator(rows, settings.QADAM_PAGE_SIZE).get_page(request.GET.get("page")),
        "total": selectors.upskilling_total(user=request.user),
        "years": selectors.period_years(),
        "groupings": ShareGrouping.choices,
        "regions": selectors.region_choices(),
    }
    template = list_template(request, "educators/shares.html", "educators/shares_results.html")
    return render(request, template, context)


@login_required
def institution_options(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The educator form's institution select, filled by its search box (htmx)."""
    chosen = positive_id(request.GET.get(str(request.GET.get("field", ""))))
    options, more = registry_selectors.institution_options(
        institutions=_writable_institutions(request),
        q=search_text(request.GET.get("q")),
        chosen=chosen,
    )
    context = {"options": options, "more": more, "chosen": chosen}
    return render(request, "common/partials/search_options.html", context)


@login_required
def enterprise_options(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The upskilling form's enterprise select, filled by its search box (htmx)."""
    if not policies.may_register_educators(request.user):
        raise PermissionDenied
    chosen = positive_id(request.GET.get("enterprise"))
    options, more = selectors.enterprise_options(q=search_text(request.GET.get("q")), chosen=chosen)
    context = {"options": options, "more": more, "chosen": chosen}
    return render(request, "common/partials/search_options.html", context)
