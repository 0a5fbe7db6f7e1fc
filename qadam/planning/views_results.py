"""Results pages of workforce planning: a run's seats, why a program got them, two runs side
by side, and the seats' XLSX (a background job, never built in the request).

Only the ministry and analysts read runs (policies.may_read_planning); to anyone else every page
is "not found", so a run's existence does not leak.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.errors import ApplicationError
from qadam.common.forms import positive_id
from qadam.common.http import get_or_404
from qadam.common.localized import localized
from qadam.common.pagination import list_template, paginate
from qadam.planning import policies, selectors, services
from qadam.planning.choices import PlanLevel
from qadam.planning.filters import SeatFilters
from qadam.planning.forms_results import CompareForm
from qadam.planning.models import AllocationRun, Scenario, SeatAllocation
from qadam.registry import selectors as registry_selectors
from qadam.registry.choices import InstitutionKind
from qadam.registry.filters import InstitutionFilters

SUMMARY_ROWS = 15  # colleges and specialties: the largest changes


def _run(request: AuthenticatedHttpRequest, run_id: int) -> AllocationRun:
    return get_or_404(selectors.run_get, request.user, run_id=run_id)


def _seat(run: AllocationRun, seat_id: int) -> SeatAllocation:
    try:
        return selectors.seat_get(run=run, seat_id=seat_id)
    except ObjectDoesNotExist:
        raise Http404 from None


# --------------------------------------------------------------------------- seats


def _summary(rows: list[dict[str, Any]], key: str, labels: dict[int, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": row[key],
            "item": labels.get(row[key]),
            "last_year": row["last_year"] or 0,
            "proportional": row["proportional"] or 0,
            "seats": row["seats"] or 0,
            "gap": row["gap"] or 0,
            "secondary": row["secondary"] or 0,
            "change": (row["seats"] or 0) - (row["last_year"] or 0),
            "to_region": row["to_region"] or 0.0,
            "to_megaprojects": row["to_megaprojects"] or 0.0,
        }
        for row in rows
    ]


def _largest_changes(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    ordered = sorted(rows, key=lambda r: (-abs((r["seats"] or 0) - (r["last_year"] or 0)), r[key]))
    return ordered[:SUMMARY_ROWS]


def _summaries(request: AuthenticatedHttpRequest, run: AllocationRun) -> dict[str, Any]:
    """Seats by region (all), and by college and specialty (the largest changes)."""
    labels = selectors.names(results=run.results)
    region_key, college_key = "program__institution__region_id", "program__institution_id"
    specialty_key = "program__specialty_id"
    by_region = _summary(selectors.seats_by(run=run, key=region_key), region_key, labels["regions"])
    colleges = selectors.seats_by(run=run, key=college_key)
    specialties = selectors.seats_by(run=run, key=specialty_key)
    top_colleges = _largest_changes(colleges, college_key)
    college_names = registry_selectors.institution_list(
        user=request.user, filters=InstitutionFilters(kind=InstitutionKind.COLLEGE.value)
    ).in_bulk([row[college_key] for row in top_colleges])
    return {
        "by_region": sorted(by_region, key=lambda r: str(r["item"] or "")),
        "region_total": {
            field: sum(r[field] for r in by_region)
            for field in ("last_year", "proportional", "gap", "secondary", "seats", "change")
        },
        "by_college": _summary(top_colleges, college_key, college_names),
        "college_count": len(colleges),
        "by_specialty": _summary(
            _largest_changes(specialties, specialty_key), specialty_key, labels["specialties"]
        ),
        "specialty_count": len(specialties),
        "labels": labels,
    }


def _filter_options(
    request: AuthenticatedHttpRequest, labels: dict[str, dict[int, Any]]
) -> dict[str, Any]:
    """Every region, specialty and college (htmx swaps the table only, so no list narrows)."""
    colleges = registry_selectors.institution_list(
        user=request.user, filters=InstitutionFilters(kind=InstitutionKind.COLLEGE.value)
    )
    return {
        "regions": sorted(labels["regions"].values(), key=lambda r: r.name),
        "specialties": sorted(labels["specialties"].values(), key=lambda s: s.code),
        "colleges": colleges,
    }


@login_required
def run_seats(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    filters = SeatFilters.from_query(request.GET)
    seats = selectors.seat_list(run=run, filters=filters).annotate(
        change=F("seats") - F("last_year_seats")
    )
    context: dict[str, Any] = {
        "run": run,
        "filters": filters,
        "query": filters.as_query(),
        "page": paginate(request, seats),
    }
    template = list_template(request, "planning/seats.html", "planning/seat_table.html")
    if template == "planning/seats.html":
        allocation = run.results.get("allocation", {})
        summaries = _summaries(request, run)
        context.update(
            summaries,
            **_filter_options(request, summaries["labels"]),
            allocation=allocation,
            constraints=_constraints(allocation, summaries["labels"]["regions"]),
        )
    return render(request, template, context)


def _constraints(allocation: dict[str, Any], regions: dict[int, Any]) -> dict[str, Any]:
    """The run's policy constraints and their shadow prices: which bind, and by how much."""
    if not allocation:
        return {}
    shadow = allocation.get("shadow", {})
    binds = {
        key: shadow.get(key, 0.0) > selectors.SHADOW_EPSILON
        for key in ("total_seats", "budget_per_million", "technical_share")
    }
    held = [
        {"region": regions.get(region_id), "minimum": minimum, "price": price}
        for region_id, minimum, price in zip(
            allocation["regions"],
            allocation["region_minimums"],
            shadow.get("region_minimums", []),
            strict=False,
        )
        if price > selectors.SHADOW_EPSILON
    ]
    return {
        "seats": allocation["seats"],
        "total": allocation["total_seats"],
        "cost": allocation["cost"],
        "budget": allocation["budget"],
        "technical": 100 * allocation["technical_share"],
        "minimum_technical": 100 * allocation["min_technical_share"],
        "shadow": shadow,
        "binds": binds,
        "held": sorted(held, key=lambda h: str(h["region"] or "")),
    }


# --------------------------------------------------------------------------- why


def _cell_rows(cells: list[dict[str, Any]], labels: dict[str, dict[int, Any]]) -> list[dict]:
    """Cells with their specialty and place (a region, or a megaproject by code and name)."""
    rows = []
    for cell in cells:
        megaproject = cell.get("megaproject")
        place = (
            f"{megaproject['code']} {localized(megaproject)}"
            if megaproject
            else labels["regions"].get(cell["region_id"])
        )
        rows.append(
            {**cell, "specialty": labels["specialties"].get(cell["specialty_id"]), "place": place}
        )
    return rows


def _limit_rows(limits: list[dict[str, Any]], regions: dict[int, Any]) -> list[dict[str, Any]]:
    return [
        {
            **limit,
            "regions": [
                {"region": regions.get(held["region_id"]), "minimum": held["minimum"]}
                for held in limit.get("regions", [])
            ],
        }
        for limit in limits
    ]


@login_required
def seat_detail(request: AuthenticatedHttpRequest, run_id: int, seat_id: int) -> HttpResponse:
    run = _run(request, run_id)
    seat = _seat(run, seat_id)
    explanation = selectors.seat_explanation(run=run, seat=seat)
    labels = selectors.names(results=run.results)
    allocation = run.results.get("allocation", {})
    base_year = int(run.inputs.get("base_year") or run.scenario.base_year)
    years = seat.graduation_year - base_year
    seat_cost = int(run.inputs.get("seat_cost_per_year") or 0) * years
    context = {
        "run": run,
        "seat": seat,
        "program": seat.program,
        "change": seat.seats - seat.last_year_seats,
        "at_capacity": seat.seats >= seat.capacity,
        "room": max(seat.capacity - seat.seats, 0),
        "base_year": base_year,
        "years": years,
        "seat_cost": seat_cost,
        "program_cost": seat_cost * seat.seats,
        "graduates": seat.seats * seat.graduate_yield,
        "cells": _cell_rows(explanation["cells"], labels),
        "limits": _limit_rows(explanation["limits"], labels["regions"]),
        "surplus": explanation["surplus"],
        "minimum_technical": 100 * allocation.get("min_technical_share", 0.0),
        "constraints": _constraints(allocation, labels["regions"]),
    }
    return render(request, "planning/seat_detail.html", context)


# --------------------------------------------------------------------------- export


@login_required
@require_POST
def run_export(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    try:
        job_id = services.run_export_start(
            actor=request.user, run=run, language=request.LANGUAGE_CODE
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("planning:run_seats", run_id=run.pk)
    return redirect("dashboard:job_detail", job_id=job_id)


# --------------------------------------------------------------------------- compare

PARAMETER_FIELDS = {"horizon": "horizon_years"}  # snapshot key -> Scenario field
HEADLINE = (
    ("seats", _("seats allocated"), 0, 1),
    ("cost", _("cost over the whole programs, tenge"), 0, 1),
    ("technical_share", _("technical share, %"), 1, 100),
    ("demand", _("demand new seats could fill, people"), 0, 1),
    ("unmet", _("demand left unmet, people"), 0, 1),
    ("unmet_proportional", _("unmet with seats by last year's shares, people"), 0, 1),
    ("filled_beyond", _("filled beyond seats by last year's shares, people"), 0, 1),
)


def _number(value: float, decimals: int = 0) -> str:
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def _signed(value: float, decimals: int = 0) -> str:
    text = _number(value, decimals)
    return f"+{text}" if round(value, decimals) > 0 else text


def _parameter_label(key: str) -> str:
    if key == "adjustments":
        return str(_("demand edits"))
    field = Scenario._meta.get_field(PARAMETER_FIELDS.get(key, key))
    return str(getattr(field, "verbose_name", key))


def _parameter_text(key: str, value: Any, labels: dict[str, dict[int, Any]], plans: dict) -> str:
    if value is None:  # a snapshot from before the input existed
        return "—"
    if key == "plans":
        return ", ".join(plans[i].name if i in plans else f"#{i}" for i in value) or "—"
    if key == "adjustments":
        edits = []
        for specialty_id, region_id, factor in value:
            specialty = labels["specialties"].get(specialty_id)
            region = labels["regions"].get(region_id)
            code = specialty.code if specialty else specialty_id
            edits.append(f"{code} ×{factor:g} ({region.name if region else _('every region')})")
        return "; ".join(edits) or "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return str(value)


def _parameters(
    a: dict[str, Any], b: dict[str, Any], labels: dict[str, dict[int, Any]], plans: dict
) -> list[dict[str, str]]:
    """The inputs that differ between two runs' snapshots (megaprojects follow the plans)."""
    keys = [key for key in {**a, **b} if key != "megaprojects" and a.get(key) != b.get(key)]
    return [
        {
            "label": _parameter_label(key),
            "a": _parameter_text(key, a.get(key), labels, plans),
            "b": _parameter_text(key, b.get(key), labels, plans),
        }
        for key in keys
    ]


def _headline(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, str]]:
    def figures(results: dict[str, Any]) -> dict[str, float]:
        allocation = results.get("allocation", {})
        beyond = allocation.get("unmet_proportional", 0.0) - allocation.get("unmet", 0.0)
        return {**allocation, "filled_beyond": beyond}

    first, second = figures(a), figures(b)
    rows = []
    for key, label, decimals, scale in HEADLINE:
        x, y = scale * first.get(key, 0.0), scale * second.get(key, 0.0)
        rows.append(
            {
                "label": str(label),
                "a": _number(x, decimals),
                "b": _number(y, decimals),
                "difference": _signed(y - x, decimals),
            }
        )
    return rows


def _pipeline_totals(results: dict[str, Any]) -> dict[tuple[int, str], dict[str, Any]]:
    """Per (megaproject id, level): hires needed and filled, summed over the years."""
    totals = {}
    for megaproject, levels in zip(
        results.get("megaprojects", []), results.get("pipeline", []), strict=False
    ):
        for level in levels:
            totals[(megaproject["id"], level["level"])] = {
                "megaproject": f"{megaproject['code']} {localized(megaproject)}",
                "hires": sum(level["hires"]),
                "filled": sum(level["filled_allocated"]),
                "filled_baseline": sum(level["filled_baseline"]),
            }
    return totals


def _pipeline(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    first, second = _pipeline_totals(a), _pipeline_totals(b)
    order = list(PlanLevel.values)
    rows = []
    for key in sorted(first.keys() | second.keys(), key=lambda k: (k[0], order.index(k[1]))):
        x, y = first.get(key), second.get(key)
        if not any(totals and totals["hires"] for totals in (x, y)):
            continue
        label = (x or y or {}).get("megaproject", "")
        rows.append({"megaproject": label, "level": PlanLevel(key[1]).label, "runs": [x, y]})
    return rows


def _regions(a: dict[str, Any], b: dict[str, Any], regions: dict[int, Any]) -> list[dict]:
    def by_region(allocation: dict[str, Any], key: str) -> dict[int, int]:
        return dict(zip(allocation.get("regions", []), allocation.get(key, []), strict=False))

    first, second = a.get("allocation", {}), b.get("allocation", {})
    last_year = by_region(first, "by_region_last_year")
    x, y = by_region(first, "by_region"), by_region(second, "by_region")
    rows = [
        {
            "region": regions.get(region_id),
            "last_year": last_year.get(region_id, 0),
            "a": x.get(region_id, 0),
            "b": y.get(region_id, 0),
            "difference": _signed(y.get(region_id, 0) - x.get(region_id, 0)),
        }
        for region_id in x.keys() | y.keys()
    ]
    return sorted(rows, key=lambda r: str(r["region"] or ""))


@login_required
def compare(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_read_planning(request.user):
        raise Http404
    runs = selectors.run_list_finished(user=request.user)
    # both runs given: compare; one (from a run's page) or none: the form, filled in
    chosen = {key: positive_id(request.GET.get(key)) for key in ("a", "b")}
    bound = "a" in request.GET and "b" in request.GET
    form = CompareForm(request.GET if bound else None, initial=chosen, runs=runs)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        a = selectors.run_get(user=request.user, run_id=form.cleaned_data["a"].pk)
        b = selectors.run_get(user=request.user, run_id=form.cleaned_data["b"].pk)
        region_ids = {*a.results.get("regions", []), *b.results.get("regions", [])}
        labels = selectors.names(
            results={"regions": list(region_ids), "specialties": a.results.get("specialties", [])}
        )
        plans = selectors.plan_list(user=request.user).in_bulk(
            [*a.inputs.get("plans", []), *b.inputs.get("plans", [])]
        )
        context.update(
            a=a,
            b=b,
            parameters=_parameters(a.inputs, b.inputs, labels, plans),
            headline=_headline(a.results, b.results),
            pipeline=_pipeline(a.results, b.results),
            regions=_regions(a.results, b.results, labels["regions"]),
        )
    return render(request, "planning/compare.html", context)
