"""The planning lists as XLSX (see qadam.common.exports): scenarios, megaprojects, a staffing
plan's rows and a run's seats with the seat page's filter declaration (planning.filters; in
the format of the file the ministry sends to colleges, export.py)."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy

from qadam.accounts.models import User
from qadam.common.errors import ApplicationError
from qadam.common.exports import Table, exporter, list_table
from qadam.common.exports import queryset_table as table
from qadam.common.filters import NoFilters
from qadam.common.localized import HEADERS, localized, variant_cells
from qadam.planning import export, policies, selectors
from qadam.planning.filters import PlanRowFilters, RunSeatFilters
from qadam.planning.models import AllocationRun, Megaproject, StaffingRequirement


@exporter("planning.scenarios", title=_lazy("Scenarios"), filters=NoFilters)
def scenarios(user: User, filters: NoFilters) -> Table:
    if not policies.may_read_planning(user):
        raise ObjectDoesNotExist("Planning is read by the ministry and analysts only.")
    header = (
        _lazy("scenario"),
        _lazy("intake year"),
        _lazy("megaprojects"),
        _lazy("latest run"),
        _lazy("status"),
        _lazy("seats allocated"),
        _lazy("demand left unmet: Qadam"),
        _lazy("with last year's shares"),
        *HEADERS["name"],
    )
    return list_table(header, lambda: selectors.scenario_overview(user=user), _scenario_row)


def _scenario_row(row: dict[str, Any]) -> tuple[object, ...]:
    scenario, run = row["scenario"], row["run"] or {}
    codes = sorted({plan.megaproject.code for plan in scenario.plans.all()})
    status = AllocationRun.Status(run["status"]).label if run else _("not run yet")
    return (
        localized(scenario),
        scenario.base_year,
        ", ".join(codes),
        run.get("id"),
        status,
        run.get("seats"),
        run.get("unmet"),
        run.get("unmet_proportional"),
        *variant_cells(scenario),
    )


@exporter("planning.megaprojects", title=_lazy("Megaprojects"), filters=NoFilters)
def megaprojects(user: User, filters: NoFilters) -> Table:
    header = (
        _lazy("code"),
        _lazy("megaproject"),
        _lazy("region"),
        _lazy("operator"),
        _lazy("staffing plans"),
        *HEADERS["name"],
    )
    return table(header, selectors.megaproject_list_with_plans(user=user), _megaproject_row)


def _megaproject_row(m: Megaproject) -> tuple[object, ...]:
    operator = m.enterprise.name if m.enterprise else ""
    plans = m.plan_count  # type: ignore[attr-defined]
    return (m.code, localized(m), m.region.name, operator, plans, *variant_cells(m))


@exporter("planning.plan_rows", title=_lazy("staffing plan"), filters=PlanRowFilters)
def plan_rows(user: User, filters: PlanRowFilters) -> Table:
    plan = selectors.plan_get(user=user, plan_id=filters.plan)
    header = (
        pgettext_lazy("calendar year", "year"),
        _lazy("phase"),
        _lazy("qualification level"),
        _lazy("specialty"),
        _lazy("occupation (ISCO-08)"),
        _lazy("headcount"),
    )
    title = f"{plan.megaproject.code} · {localized(plan)}"
    return table(header, selectors.plan_requirements(plan=plan), _requirement_row, title=title)


def _requirement_row(r: StaffingRequirement) -> tuple[object, ...]:
    specialty = f"{r.specialty.code} {r.specialty.name}" if r.specialty else ""
    occupation = f"{r.occupation.code} {r.occupation.title}" if r.occupation else ""
    level = r.get_level_display()
    return (r.year, r.get_phase_display(), level, specialty, occupation, r.headcount)


@exporter("planning.seats", title=_lazy("Seats"), filters=RunSeatFilters)
def seats(user: User, filters: RunSeatFilters) -> Table:
    """A run's seats as the seat page filters them; only a finished run has seats."""
    run = selectors.run_get(user=user, run_id=filters.run)
    if run.status != AllocationRun.Status.FINISHED:
        raise ApplicationError(_("Only a finished run's seats can be exported."))
    named = {"scenario": localized(run.scenario), "run": run.pk}
    title = _("Seats of %(scenario)s, run %(run)s") % named
    return Table(
        header=export.COLUMNS,
        rows=export.seat_rows(run, filters),
        total=lambda: export.seat_count(run, filters),
        title=title,
    )
