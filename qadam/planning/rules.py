"""Workforce planning's rules: pure checks on row-shaped data (a mapping of field names to
values) that return field errors. The services, the forms, the API and the plan spreadsheet
import all call these, so they accept the same inputs with the same message; the database
enforces the same ranges with CHECK constraints (models.py).

Every number that sizes a run or a plan has a realistic range: a scenario projects at most
30 years, a plan line needs at most 100,000 people, an NPP has at most ten units. A value
past it is a typo, and would otherwise make every national planning run fail or run away.
"""

import math
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from qadam.common.rules import Bound, FieldErrors, add_error, bound_errors


class Share(Bound):
    """A share or a rate, stored as a fraction and read as a percentage (0.7 is 70%)."""

    def message(self) -> str:
        return _("Must be from %(low)s%% to %(high)s%%.") % {
            "low": f"{float(self.low) * 100:g}",
            "high": f"{float(self.high) * 100:g}",
        }


PLAN_YEARS = Bound(2000, 2100)

# A scenario: the state order is 153,000 seats this year (source 004); a million is the most
# Kazakhstan's colleges could ever take. Money in tenge: the state budget is about 25
# trillion a year, so 100 trillion over the programs' years is past any state order.
SCENARIO_BOUNDS: dict[str, Bound] = {
    "base_year": PLAN_YEARS,
    "horizon_years": Bound(5, 30),
    "total_seats": Bound(0, 1_000_000),
    "seat_cost_per_year": Bound(1, 100_000_000),
    "budget": Bound(0, 100_000_000_000_000),
    "min_technical_share": Share(0, 1),
    "region_floor_share": Share(0, 1),
    "capacity_growth": Share(0, 2),
    "progression_rate": Share(0, 1),
    "dropout_rate": Share(0, 1),
    "labour_market_share": Share(0, 1),
    "retention": Share(0, 1),
    "mobility": Share(0, 1),
    "returning_graduates": Bound(0, 100_000),
    "employment_thousands": Bound(0, 100_000),
    "tvet_job_share": Share(0, 1),
    "replacement_rate": Share(0, 1),
    "growth_rate": Share(-0.5, 0.5),
    "job_value": Bound(0, 10_000),
    "megaproject_priority": Bound(1, 100),
}
ADJUSTMENT_BOUNDS: dict[str, Bound] = {"factor": Bound(0, 100)}
# One line of a staffing plan: people of one occupation, level and phase in one year.
REQUIREMENT_BOUNDS: dict[str, Bound] = {"year": PLAN_YEARS, "headcount": Bound(1, 100_000)}

# The NPP template's scalar parameters. The largest units built are about 1,750 MWe; a build
# takes 5 to 10 years per unit. The peaks are capped so that no plan line exceeds a
# requirement's headcount.
NPP_BOUNDS: dict[str, Bound] = {
    "units": Bound(1, 10),
    "unit_mwe": Bound(10, 2_000),
    "start_year": PLAN_YEARS,
    "construction_years": Bound(3, 20),
    "unit_stagger_years": Bound(0, 10),
    "peak_workers": Bound(1, REQUIREMENT_BOUNDS["headcount"].high),
    "peak_mid_level": Bound(1, REQUIREMENT_BOUNDS["headcount"].high),
    "peak_higher": Bound(1, REQUIREMENT_BOUNDS["headcount"].high),
    "operating_staff_per_1000_mwe": Bound(1, 5_000),
    "operating_staff_lead_years": Bound(0, 20),
    "operation_share_workers": Bound(0, 1),
    "operation_share_mid_level": Bound(0, 1),
    "operation_share_higher": Bound(0, 1),
}
NPP_WHOLE_NUMBERS = (
    "units",
    "start_year",
    "construction_years",
    "unit_stagger_years",
    "peak_workers",
    "peak_mid_level",
    "peak_higher",
    "operating_staff_lead_years",
)
NPP_OPERATION_SHARES = (
    "operation_share_workers",
    "operation_share_mid_level",
    "operation_share_higher",
)
# The template shows operation until this many years after the last unit starts operating.
YEARS_SHOWN_AFTER_LAST_UNIT = 4
SHARE_TOLERANCE = 1e-6


def scenario_errors(row: Mapping[str, Any]) -> FieldErrors:
    """Every input within its range; progression and drop-out leave no one counted twice."""
    errors = bound_errors(row, SCENARIO_BOUNDS)
    progression, dropout = row.get("progression_rate"), row.get("dropout_rate")
    in_range = "progression_rate" not in errors and "dropout_rate" not in errors
    if (
        in_range
        and isinstance(progression, int | float)
        and isinstance(dropout, int | float)
        and progression + dropout > 1
    ):
        add_error(errors, "dropout_rate", _("Progression and drop-out rates together exceed 100%."))
    return errors


def adjustment_errors(row: Mapping[str, Any]) -> FieldErrors:
    """A factor on derived demand: 0 removes it, 100 is past any plausible refinement."""
    return bound_errors(row, ADJUSTMENT_BOUNDS)


def requirement_errors(row: Mapping[str, Any]) -> FieldErrors:
    """One line of a staffing plan: a year of the plans' range and a realistic headcount."""
    return bound_errors(row, REQUIREMENT_BOUNDS)


def npp_parameter_errors(row: Mapping[str, Any]) -> FieldErrors:
    """The NPP template's scalar parameters: whole numbers where counted, each in range, the
    operating staff's shares summing to 1, hired no earlier than construction, and the
    template ending by the last plan year. Checked before anything is built from them."""
    errors: FieldErrors = {}
    for name in NPP_WHOLE_NUMBERS:
        value = row.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            add_error(errors, name, _("Must be a whole number."))
    for name, messages in bound_errors(row, NPP_BOUNDS).items():
        if name not in errors:
            errors[name] = messages
    if not errors:
        _npp_combined_errors(row, errors)
    return errors


def _npp_combined_errors(row: Mapping[str, Any], errors: FieldErrors) -> None:
    """The rules across parameters, once each is a number within its range."""
    if row["operating_staff_lead_years"] > row["construction_years"]:
        add_error(
            errors,
            "operating_staff_lead_years",
            _("Must not exceed the years of construction per unit (%(years)s).")
            % {"years": row["construction_years"]},
        )
    total = math.fsum(row[name] for name in NPP_OPERATION_SHARES)
    if abs(total - 1) > SHARE_TOLERANCE:
        add_error(
            errors,
            "operation_share_workers",
            _(
                "The shares of workers, mid-level specialists and higher education in the "
                "operating staff sum to %(total)s; they must sum to 1."
            )
            % {"total": f"{total:g}"},
        )
    last = npp_last_year(row)
    if last > PLAN_YEARS.high:
        add_error(
            errors,
            "start_year",
            _(
                "The template would run to %(year)s, after %(last)s: start earlier, build "
                "fewer units or stagger them less."
            )
            % {"year": last, "last": PLAN_YEARS.high},
        )


def npp_last_year(row: Mapping[str, Any]) -> int:
    """The last year an NPP template of these (in-range) parameters covers."""
    last_unit_starts = row["start_year"] + (row["units"] - 1) * row["unit_stagger_years"]
    return int(last_unit_starts + row["construction_years"] + YEARS_SHOWN_AFTER_LAST_UNIT)


def megaproject_offer_errors(
    row: Mapping[str, Any], *, enterprise_ids: set[int], line_keys: set[tuple[Any, ...]]
) -> FieldErrors:
    """A targeted-training offer tied to a line of a megaproject's plan: the offer trains
    for a job with the operator or a contractor, and the line is in the current plan."""
    errors: FieldErrors = {}
    if row["offer_kind"] != "targeted":
        add_error(errors, "offer", _("Only a targeted-training offer can be tied to a plan line."))
    if row["offer_enterprise_id"] not in enterprise_ids:
        add_error(
            errors,
            "offer",
            _("The offer is not the megaproject's operator's or a contractor's."),
        )
    key = (row["specialty_id"], row["occupation_id"], row["level"])
    if key not in line_keys:
        add_error(errors, "line", _("The megaproject's current staffing plan has no such line."))
    return errors
