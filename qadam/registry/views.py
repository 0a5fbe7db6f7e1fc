"""Registry pages: parse the request, call one selector or service, render."""

from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.accounts.selectors import user_scope
from qadam.common.errors import ApplicationError
from qadam.common.filters import ListFilters
from qadam.common.forms import apply_service_errors, positive_id, search_text
from qadam.common.http import get_or_404
from qadam.common.pagination import list_template, paginate
from qadam.common.selectors import audit_history
from qadam.registry import policies, selectors, services
from qadam.registry.choices import Funding, InstitutionKind, Sector, StudentStatus
from qadam.registry.filters import (
    EnterpriseFilters,
    InstitutionFilters,
    ProgramFilters,
    SpecialtyFilters,
    StudentCountFilters,
    StudentFilters,
)
from qadam.registry.forms import PROGRAM_CHOICES_SHOWN, EnterpriseForm, ProgramForm, StudentForm
from qadam.registry.models import Institution


def _filter_context(filters: ListFilters) -> dict[str, object]:
    return {
        "filters": filters,
        "query": filters.as_query(),
        "regions": selectors.region_list(),
        "specialties": selectors.specialty_list(),
        "funding_choices": Funding.choices,
        "status_choices": StudentStatus.choices,
        "kind_choices": InstitutionKind.choices,
        "sector_choices": Sector.choices,
    }


def _render_list(
    request: AuthenticatedHttpRequest,
    name: str,
    queryset: QuerySet[Any],
    filters: ListFilters,
    **extra: object,
) -> HttpResponse:
    context = {**_filter_context(filters), "page": paginate(request, queryset), **extra}
    template = list_template(
        request, f"registry/{name}_list.html", f"registry/partials/{name}_table.html"
    )
    return render(request, template, context)


T = TypeVar("T")


@login_required
def institution_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = InstitutionFilters.from_query(request.GET)
    queryset = selectors.institution_list(user=request.user, filters=filters)
    return _render_list(request, "institution", queryset, filters)


@login_required
def institution_detail(request: AuthenticatedHttpRequest, institution_id: int) -> HttpResponse:
    institution = get_or_404(selectors.institution_get, request.user, institution_id=institution_id)
    programs = selectors.program_list(
        user=request.user, filters=ProgramFilters(institution=institution_id)
    )
    counts = selectors.student_counts(
        user=request.user, filters=StudentCountFilters(institution=institution_id, by="funding")
    )
    context = {"institution": institution, "programs": programs, "funding_counts": counts}
    return render(request, "registry/institution_detail.html", context)


@login_required
def enterprise_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = EnterpriseFilters.from_query(request.GET)
    queryset = selectors.enterprise_list(user=request.user, filters=filters)
    can_create = policies.may_register_organisations(request.user)
    return _render_list(request, "enterprise", queryset, filters, can_create=can_create)


@login_required
def enterprise_detail(request: AuthenticatedHttpRequest, enterprise_id: int) -> HttpResponse:
    enterprise = get_or_404(selectors.enterprise_get, request.user, enterprise_id=enterprise_id)
    return render(request, "registry/enterprise_detail.html", {"enterprise": enterprise})


@login_required
def enterprise_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_register_organisations(request.user):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enterprise = services.enterprise_create(
                actor=request.user,
                name=data["name"],
                bin=data["bin"],
                sector=data["sector"],
                size=data["size"],
                region_id=data["region"].pk,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("registry:enterprise_detail", enterprise_id=enterprise.pk)
    return render(request, "registry/form.html", {"form": form, "title": _("New enterprise")})


@login_required
def program_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = ProgramFilters.from_query(request.GET)
    queryset = selectors.program_list(user=request.user, filters=filters)
    return _render_list(request, "program", queryset, filters)


@login_required
def program_detail(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    program = get_or_404(selectors.program_get, request.user, program_id=program_id)
    can_edit = policies.may_edit_institution_records(request.user, program.institution_id)
    return render(
        request, "registry/program_detail.html", {"program": program, "can_edit": can_edit}
    )


@login_required
def program_edit(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    program = get_or_404(selectors.program_get, request.user, program_id=program_id)
    if not policies.may_edit_institution_records(request.user, program.institution_id):
        raise PermissionDenied
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(
                actor=request.user, program=program, seen=form.seen(), **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("registry:program_detail", program_id=program_id)
    return render(request, "registry/form.html", {"form": form, "title": str(program)})


@login_required
def student_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = user_scope(user=request.user)
    if not scope.sees_people:
        return student_counts(request)
    filters = StudentFilters.from_query(request.GET)
    queryset = selectors.student_list(user=request.user, filters=filters)
    can_create = policies.may_register_students(request.user)
    institutions = selectors.institution_list_writable(user=request.user)
    return _render_list(
        request,
        "student",
        queryset,
        filters,
        can_create=can_create,
        institutions=institutions if scope.institution_ids else None,
    )


def student_counts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The students page of roles that see counts only (an unknown grouping: by region)."""
    filters = StudentCountFilters.from_query(request.GET)
    counts = selectors.student_counts(user=request.user, filters=filters)
    context = {
        **_filter_context(filters),
        "counts": counts,
        "by": filters.by,
        # beside a masked count, the exact total would give it away
        "total": selectors.student_count_total(user=request.user, filters=filters),
    }
    return render(request, "registry/student_counts.html", context)


@login_required
def student_detail(request: AuthenticatedHttpRequest, student_id: int) -> HttpResponse:
    student = get_or_404(selectors.student_get, request.user, student_id=student_id)
    can_edit = policies.may_edit_institution_records(request.user, student.institution_id)
    history = audit_history(user=request.user, instance=student) if can_edit else []
    context = {"student": student, "can_edit": can_edit, "history": history}
    return render(request, "registry/student_detail.html", context)


def _student_form_institutions(request: AuthenticatedHttpRequest) -> QuerySet[Institution]:
    if not policies.may_register_students(request.user):
        raise PermissionDenied
    return selectors.institution_list_writable(user=request.user)


@login_required
def student_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    institutions = _student_form_institutions(request)
    form = StudentForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        try:
            student = services.student_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("registry:student_detail", student_id=student.pk)
    return render(request, "registry/form.html", {"form": form, "title": _("New student")})


@login_required
def student_program_options(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The student form's program select, filled with the programs matching its search box
    (htmx); the program already chosen stays chosen until another is."""
    _student_form_institutions(request)
    programs = selectors.program_choices(
        user=request.user,
        q=search_text(request.GET.get("program_search")),
        institution_id=positive_id(request.GET.get("institution")),
    )
    found = list(programs[: PROGRAM_CHOICES_SHOWN + 1])
    chosen_id = positive_id(request.GET.get("program"))
    chosen = (
        selectors.program_choices(user=request.user).filter(pk=chosen_id).first()
        if chosen_id
        else None
    )
    context = {
        "programs": found[:PROGRAM_CHOICES_SHOWN],
        "more": len(found) > PROGRAM_CHOICES_SHOWN,
        "shown": PROGRAM_CHOICES_SHOWN,
        "chosen": chosen,
    }
    return render(request, "registry/partials/program_options.html", context)


@login_required
def student_edit(request: AuthenticatedHttpRequest, student_id: int) -> HttpResponse:
    student = get_or_404(selectors.student_get, request.user, student_id=student_id)
    institutions = _student_form_institutions(request)
    form = StudentForm(request.POST or None, instance=student, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        try:
            services.student_update(
                actor=request.user, student=student, seen=form.seen(), **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("registry:student_detail", student_id=student_id)
    return render(request, "registry/form.html", {"form": form, "title": str(student)})


@login_required
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = SpecialtyFilters.from_query(request.GET)
    context = {
        **_filter_context(filters),
        "page": paginate(
            request, selectors.specialty_list(filters=filters).prefetch_related("occupations")
        ),
    }
    template = list_template(
        request, "registry/specialty_list.html", "registry/partials/specialty_table.html"
    )
    return render(request, template, context)


@login_required
def student_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The students list's own export address; the same as `dashboard:export` of the list
    `registry.students` (a malformed filter is 400)."""
    if request.method != "POST":
        return redirect("registry:student_list")
    try:
        job = services.student_export_start(
            actor=request.user, filters=request.POST, language=request.LANGUAGE_CODE
        )
    except ApplicationError as error:
        return HttpResponseBadRequest(error.message)
    return redirect("dashboard:job_detail", job_id=job.pk)
