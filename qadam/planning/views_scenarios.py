"""Planning pages: the home, a scenario's workspace and forms, and a run's results.

Scenarios and runs are read by the ministry and analysts; everyone else gets 404 (the
selectors raise DoesNotExist). Changes are the ministry's: an analyst's attempt is 403 (the
services raise PermissionDenied, and the form pages check first). A broken domain rule
(ApplicationError) is shown as a message; a service's ValidationError beside its field.
"""

from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.collation import sort_key
from qadam.common.errors import ApplicationError
from qadam.common.forms import apply_service_errors
from qadam.common.http import get_or_404
from qadam.common.localized import localized
from qadam.planning import charts, policies, selectors, services
from qadam.planning.forms_scenarios import (
    AdjustmentForm,
    CopyForm,
    PlansForm,
    ScenarioForm,
    changed_inputs,
    copy_names,
    scenario_summary,
)
from qadam.planning.models import AllocationRun, Scenario
from qadam.planning.pipeline import intake_year
from qadam.registry import selectors as registry_selectors

T = TypeVar("T")
UNDER_WAY = (AllocationRun.Status.QUEUED, AllocationRun.Status.RUNNING)


def _scenario(request: AuthenticatedHttpRequest, scenario_id: int, *, change: bool) -> Scenario:
    """The scenario (404 unless the user reads planning); 403 when `change` is refused."""
    scenario = get_or_404(selectors.scenario_get, request.user, scenario_id=scenario_id)
    if change and not policies.may_plan(request.user):
        raise PermissionDenied
    return scenario


# --------------------------------------------------------------------------- home


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not policies.may_read_planning(user):
        raise Http404
    services.runs_reconcile()  # a run whose worker died shows failed, not under way
    context = {
        "overview": selectors.scenario_overview(user=user),
        "megaprojects": selectors.megaproject_list(user=user),
        "may_plan": policies.may_plan(user),
    }
    return render(request, "planning/home.html", context)


# --------------------------------------------------------------------------- scenario forms


@login_required
def scenario_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_read_planning(request.user):
        raise Http404
    if not policies.may_plan(request.user):
        raise PermissionDenied
    defaults = services.scenario_defaults()
    form = ScenarioForm(
        request.POST if request.method == "POST" else None,
        defaults=defaults,
        initial={**defaults, "base_year": intake_year()},
    )
    if form.is_bound and form.is_valid():
        try:
            scenario = services.scenario_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The scenario is created with every megaproject's current staffing plan; "
                    "change them below if it should leave one out."
                ),
            )
            return redirect("planning:scenario_detail", scenario_id=scenario.pk)
    return render(request, "planning/scenario_form.html", {"form": form, "scenario": None})


@login_required
def scenario_edit(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    scenario = _scenario(request, scenario_id, change=True)
    form = ScenarioForm(
        request.POST if request.method == "POST" else None,
        instance=scenario,
        defaults=services.scenario_defaults(),
    )
    if form.is_bound and form.is_valid():
        try:
            services.scenario_update(
                actor=request.user, scenario=scenario, seen=form.seen(), **form.changes()
            )
        except ValidationError as error:
            form.add_service_errors(error)
            scenario.refresh_from_db()
        else:
            messages.success(request, _("The scenario is saved."))
            return redirect("planning:scenario_detail", scenario_id=scenario.pk)
    return render(request, "planning/scenario_form.html", {"form": form, "scenario": scenario})


@login_required
def scenario_copy(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    scenario = _scenario(request, scenario_id, change=True)
    initial = copy_names(scenario)
    form = CopyForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            copy = services.scenario_copy(
                actor=request.user, scenario=scenario, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The copy is created with the same inputs."))
            return redirect("planning:scenario_detail", scenario_id=copy.pk)
    return render(request, "planning/scenario_copy.html", {"form": form, "scenario": scenario})


@login_required
def scenario_plans(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    scenario = _scenario(request, scenario_id, change=True)
    form = PlansForm(
        request.POST if request.method == "POST" else None,
        plans=selectors.plan_list(user=request.user).order_by("megaproject__code", "name"),
        initial={"plans": list(scenario.plans.all())},
    )
    if form.is_bound and form.is_valid():
        try:
            # the planner's choice; unchanged, someone else's choice meanwhile stands
            seen_sent = form.add_initial_prefix("plans") in form.data
            if "plans" in form.changed_data or not seen_sent:
                services.scenario_set_plans(
                    actor=request.user,
                    scenario=scenario,
                    plans=form.cleaned_data["plans"],
                    seen=form.seen().get("plans"),
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The scenario's staffing plans are saved."))
            return redirect("planning:scenario_detail", scenario_id=scenario.pk)
    return render(request, "planning/scenario_plans.html", {"form": form, "scenario": scenario})


@login_required
def scenario_adjustments(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    """The scenario's demand edits; planners add or replace one here (POST)."""
    scenario = _scenario(request, scenario_id, change=request.method == "POST")
    form = AdjustmentForm(
        request.POST if request.method == "POST" else None,
        specialties=registry_selectors.specialty_list(),
        regions=registry_selectors.region_list(),
    )
    if form.is_bound and form.is_valid():
        try:
            services.demand_adjustment_set(
                actor=request.user, scenario=scenario, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The demand adjustment is saved."))
            return redirect("planning:scenario_adjustments", scenario_id=scenario.pk)
    context = {
        "scenario": scenario,
        "form": form,
        "adjustments": selectors.scenario_adjustments(scenario=scenario),
        "may_plan": policies.may_plan(request.user),
    }
    return render(request, "planning/scenario_adjustments.html", context)


@login_required
@require_POST
def adjustment_delete(request: AuthenticatedHttpRequest, adjustment_id: int) -> HttpResponse:
    adjustment = get_or_404(
        selectors.demand_adjustment_get, request.user, adjustment_id=adjustment_id
    )
    scenario_id = adjustment.scenario_id
    services.demand_adjustment_remove(actor=request.user, adjustment=adjustment)
    messages.success(request, _("The demand adjustment is removed."))
    return redirect("planning:scenario_adjustments", scenario_id=scenario_id)


# --------------------------------------------------------------------------- runs


@login_required
@require_POST
def run_start(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    """Queue a run and follow its progress on the job page."""
    scenario = _scenario(request, scenario_id, change=True)
    try:
        run = services.run_start(
            actor=request.user, scenario=scenario, language=request.LANGUAGE_CODE
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("planning:scenario_detail", scenario_id=scenario.pk)
    if run.job_id is None:  # run_start always attaches a job; keep the page reachable anyway
        return redirect("planning:run_detail", run_id=run.pk)
    return redirect("dashboard:job_detail", job_id=run.job_id)


def _results(request: AuthenticatedHttpRequest, run: AllocationRun | None) -> dict[str, Any]:
    """The run's figures and tables (a finished run), and the runs it may be compared with."""
    if run is None or run.status != AllocationRun.Status.FINISHED or not run.results:
        return {}
    results = run.results
    others = [
        other
        for other in selectors.run_list_finished(user=request.user)
        if other.scenario_id != run.scenario_id
    ]
    latest_others = list({other.scenario_id: other for other in reversed(others)}.values())
    return {
        "results": charts.results_context(
            results,
            selectors.names(results=results),
            first_graduation=selectors.run_first_graduation(run=run),
        ),
        # what the run used; a run from before snapshots were kept falls back to the scenario
        "job_value": run.inputs.get("job_value", run.scenario.job_value),
        "megaproject_priority": run.inputs.get(
            "megaproject_priority", run.scenario.megaproject_priority
        ),
        "region_floor_percent": 100
        * run.inputs.get("region_floor_share", run.scenario.region_floor_share),
        "compare_with": sorted(
            latest_others, key=lambda other: sort_key(localized(other.scenario))
        ),
    }


@login_required
def scenario_detail(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    """The workspace: inputs, plans, demand edits, runs, and the latest run's results."""
    scenario = _scenario(request, scenario_id, change=False)
    services.runs_reconcile()
    runs = list(selectors.run_list(user=request.user, scenario=scenario))
    latest = selectors.latest_run(scenario=scenario)
    context = {
        "scenario": scenario,
        "summary": scenario_summary(scenario, services.scenario_defaults()),
        "plans": scenario.plans.all(),
        "adjustments": selectors.scenario_adjustments(scenario=scenario),
        "runs": runs,
        "newest": runs[0] if runs else None,
        "run": latest,
        "stale": latest is not None and latest.inputs_version != scenario.inputs_version,
        "may_plan": policies.may_plan(request.user),
        "copy_form": CopyForm(initial=copy_names(scenario)),
        **_results(request, latest),
    }
    return render(request, "planning/scenario_detail.html", context)


@login_required
def run_detail(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """A run's results; htmx polls its status while it is queued or running."""
    services.runs_reconcile()
    run = get_or_404(selectors.run_get, request.user, run_id=run_id)
    scenario = run.scenario
    if request.htmx and "status" in request.GET:
        response = render(request, "planning/partials/run_status.html", {"newest": run})
        if run.status not in UNDER_WAY:
            response["HX-Refresh"] = "true"  # finished or failed: show the whole page anew
        return response
    finished = run.status == AllocationRun.Status.FINISHED and bool(run.results)
    if request.htmx and request.GET.get("part") == "gap-table" and finished:
        table = charts.gap_table(run.results, selectors.names(results=run.results))
        return render(request, "planning/partials/run_gap_table.html", {"results": table})
    stale = run.inputs_version != scenario.inputs_version
    context = {
        "run": run,
        "newest": run,
        "scenario": scenario,
        "stale": stale,
        "changed": changed_inputs(run.inputs, scenario) if stale else [],
        "may_plan": policies.may_plan(request.user),
        **_results(request, run),
    }
    return render(request, "planning/run_detail.html", context)
