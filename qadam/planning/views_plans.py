"""Megaproject and staffing-plan pages: parse the request, call a selector or service, render.

What a user may not read is 404 (selectors raise DoesNotExist): the ministry and analysts
read every megaproject, a megaproject's operator its own. Forbidden actions are 403
(services raise PermissionDenied, or the page refuses first): the ministry creates
megaprojects; the ministry or the operator declares a megaproject's plans.
"""

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.errors import ApplicationError
from qadam.common.forms import apply_service_errors
from qadam.common.http import get_or_404
from qadam.common.pagination import list_template, paginate
from qadam.planning import npp_template, policies, selectors, services
from qadam.planning.charts import plans as charts_plans
from qadam.planning.choices import Phase, PlanLevel
from qadam.planning.forms_plans import (
    PARAMETER_LABELS,
    MegaprojectForm,
    PlanImportForm,
    TemplateForm,
    is_mix,
    source_parts,
)
from qadam.planning.models import Megaproject, StaffingPlan, StaffingRequirement
from qadam.planning.npp_template import TemplateRow
from qadam.planning.plan_xlsx import COLUMNS, write_plan
from qadam.registry import selectors as registry_selectors

T = TypeVar("T")
ROWS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_HELP = {
    "specialty_code": gettext_lazy(
        "a specialty of the catalogue, e.g. Q-CO-002; leave blank for an occupation only"
    ),
    "isco_code": gettext_lazy(
        "an ISCO-08 unit group, e.g. 2151 (for higher education); may accompany a specialty"
    ),
    "qualification_level": gettext_lazy(
        "one of the codes below; must match the specialty's level (applied bachelor's "
        "specialties count as mid-level specialists)"
    ),
    "phase": gettext_lazy("one of the codes below"),
    "year": gettext_lazy("the year the people are needed, 2000 to 2100"),
    "headcount": gettext_lazy("people needed that year, a whole number from 1 to 100,000"),
}
# the example spreadsheet: every column used, codes of the shipped catalogue
SAMPLE_ROWS = (
    TemplateRow("Q-CO-004", None, "worker", "site_preparation", 2027, 40),
    TemplateRow("Q-CO-002", None, "worker", "construction", 2030, 120),
    TemplateRow("Q-CO-001", None, "mid_level_specialist", "construction", 2030, 60),
    TemplateRow(None, "2142", "higher", "construction", 2030, 15),
    TemplateRow("Q-NU-001", None, "mid_level_specialist", "operation", 2036, 80),
    TemplateRow("Q-NU-002", "3131", "worker", "operation", 2036, 30),
)


def _declarable(request: AuthenticatedHttpRequest, megaproject_id: int) -> Megaproject:
    """The megaproject, if the user may read it (else 404) and declare its plans (else 403)."""
    megaproject = get_or_404(selectors.megaproject_get, request.user, megaproject_id=megaproject_id)
    if not policies.may_declare_plans(request.user, megaproject):
        raise PermissionDenied
    return megaproject


def _xlsx(rows: Iterable[TemplateRow], filename: str) -> HttpResponse:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / filename
        write_plan(path, rows)
        content = path.read_bytes()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --------------------------------------------------------------------------- megaprojects


@login_required
def megaproject_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "megaprojects": selectors.megaproject_list_with_plans(user=request.user),
        "may_create": policies.may_plan(request.user),
        "sees_planning": policies.may_read_planning(request.user),
    }
    return render(request, "planning/megaproject_list.html", context)


@login_required
def megaproject_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_plan(request.user):
        raise PermissionDenied
    form = MegaprojectForm(
        request.POST or None,
        regions=registry_selectors.region_list(),
        enterprises=registry_selectors.enterprise_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            megaproject = services.megaproject_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The megaproject is created."))
            return redirect("planning:megaproject_detail", megaproject_id=megaproject.pk)
    return render(request, "planning/megaproject_form.html", {"form": form})


@login_required
def megaproject_detail(request: AuthenticatedHttpRequest, megaproject_id: int) -> HttpResponse:
    megaproject = get_or_404(selectors.megaproject_get, request.user, megaproject_id=megaproject_id)
    context = {
        "megaproject": megaproject,
        "plans": selectors.plan_list(user=request.user, megaproject=megaproject),
        "may_declare": policies.may_declare_plans(request.user, megaproject),
    }
    return render(request, "planning/megaproject_detail.html", context)


# --------------------------------------------------------------------------- declaring plans


def _source(source: str) -> dict[str, Any]:
    assumption, text = source_parts(source)
    return {"assumption": assumption, "source": text}


def _mix_tables(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The occupation mixes among `values` as tables of code, name and share."""
    mixes = [
        (name, source, values[name])
        for name, default, source in npp_template.parameter_fields()
        if is_mix(default) and name in values
    ]
    names = selectors.catalogue_names(codes=[code for *_, mix in mixes for code, _s in mix])
    return [
        {
            "name": name,
            "label": PARAMETER_LABELS[name],
            **_source(source),
            "rows": [
                {"code": code, "title": names.get(code, ""), "percent": round(100 * share, 1)}
                for code, share in mix
            ],
        }
        for name, source, mix in mixes
    ]


@login_required
def plan_template(request: AuthenticatedHttpRequest, megaproject_id: int) -> HttpResponse:
    megaproject = _declarable(request, megaproject_id)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create_from_template(
                actor=request.user,
                megaproject=megaproject,
                parameters=form.parameters(),
                **form.names(),
            )
        except ApplicationError as error:
            form.add_template_error(error.message)
        except ValidationError as error:
            apply_service_errors(form, error)
            form.add_error(None, _("The template cannot be built from these values."))
        else:
            messages.success(request, _("The plan is built from the NPP template."))
            return redirect("planning:plan_detail", plan_id=plan.pk)
    defaults = {name: default for name, default, _source in npp_template.parameter_fields()}
    context = {
        "megaproject": megaproject,
        "form": form,
        "parameters": [
            {"field": form[name], "default": default, **_source(source)}
            for name, default, source in npp_template.parameter_fields()
            if not is_mix(default)
        ],
        "mixes": _mix_tables(defaults),
    }
    return render(request, "planning/plan_template.html", context)


def _import_errors(form: PlanImportForm, error: ApplicationError) -> None:
    form.add_error(None, error.message)
    for field, field_messages in error.field_errors.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


@login_required
def plan_import(request: AuthenticatedHttpRequest, megaproject_id: int) -> HttpResponse:
    megaproject = _declarable(request, megaproject_id)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_import(
                actor=request.user,
                megaproject=megaproject,
                name=form.cleaned_data["name"],
                name_kk=form.cleaned_data["name_kk"],
                name_en=form.cleaned_data["name_en"],
                source=form.cleaned_data["file"],
            )
        except ApplicationError as error:
            _import_errors(form, error)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            count = plan.requirements.count()
            messages.success(
                request,
                ngettext(
                    "The plan is imported: %(count)s row.",
                    "The plan is imported: %(count)s rows.",
                    count,
                )
                % {"count": count},
            )
            return redirect("planning:plan_detail", plan_id=plan.pk)
    context = {
        "megaproject": megaproject,
        "form": form,
        "columns": [(column, COLUMN_HELP[column]) for column in COLUMNS],
        "levels": PlanLevel.choices,
        "phases": Phase.choices,
    }
    return render(request, "planning/plan_import.html", context)


@login_required
def plan_import_sample(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _xlsx(SAMPLE_ROWS, "staffing-plan-sample.xlsx")


# --------------------------------------------------------------------------- a plan


def _number(value: Any) -> Any:
    """1200.0 shows as 1200; other values as they are."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _parameter_rows(plan: StaffingPlan) -> list[dict[str, Any]]:
    """The template parameters the plan was built with, beside the defaults and sources."""
    return [
        {
            "label": PARAMETER_LABELS[name],
            "value": _number(plan.parameters[name]),
            "default": default,
            "changed": plan.parameters[name] != default,
            **_source(source),
        }
        for name, default, source in npp_template.parameter_fields()
        if not is_mix(default) and name in plan.parameters
    ]


def _plan_context(request: AuthenticatedHttpRequest, plan: StaffingPlan) -> dict[str, Any]:
    curves = selectors.plan_curves(plan=plan)
    from_template = plan.source == StaffingPlan.Source.TEMPLATE and bool(plan.parameters)
    return {
        "phase_chart": charts_plans.phase_chart(curves),
        "level_chart": charts_plans.level_chart(curves),
        "years": curves["years"],
        "peaks": charts_plans.peak_rows(selectors.plan_peaks(plan=plan)),
        "may_delete": policies.may_declare_plans(request.user, plan.megaproject),
        "scenarios": selectors.plan_scenarios(user=request.user, plan=plan),
        "parameters": _parameter_rows(plan) if from_template else [],
        "mixes": _mix_tables(plan.parameters) if from_template else [],
    }


@login_required
def plan_detail(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_or_404(selectors.plan_get, request.user, plan_id=plan_id)
    rows = selectors.plan_requirements(plan=plan)
    context: dict[str, Any] = {
        "plan": plan,
        "page": paginate(request, rows, per_page=ROWS_PER_PAGE),
        "query": {},
    }
    template = list_template(request, "planning/plan_detail.html", "planning/plan_rows.html")
    if template == "planning/plan_detail.html":
        context.update(_plan_context(request, plan))
    return render(request, template, context)


def _template_row(requirement: StaffingRequirement) -> TemplateRow:
    specialty, occupation = requirement.specialty, requirement.occupation
    return TemplateRow(
        specialty_code=specialty.code if specialty else None,
        isco_code=occupation.code if occupation else None,
        level=requirement.level,
        phase=requirement.phase,
        year=requirement.year,
        headcount=requirement.headcount,
    )


@login_required
def plan_download(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The plan in the import's columns: importing the file gives the same rows."""
    plan = get_or_404(selectors.plan_get, request.user, plan_id=plan_id)
    rows = (_template_row(r) for r in selectors.plan_requirements(plan=plan))
    return _xlsx(rows, f"staffing-plan-{plan.pk}.xlsx")


@login_required
@require_POST
def plan_delete(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_or_404(selectors.plan_get, request.user, plan_id=plan_id)
    megaproject_id = plan.megaproject_id
    try:
        services.plan_delete(actor=request.user, plan=plan)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("planning:plan_detail", plan_id=plan_id)
    messages.success(request, _("The plan is deleted."))
    return redirect("planning:megaproject_detail", megaproject_id=megaproject_id)
