"""Every write to workforce planning: atomic, validated by rules.py, audited, each through
qadam.common.audit's one audited save (ADR 0001).

Who may do what: the ministry manages megaprojects, scenarios and runs; a megaproject's
operator (its enterprise HR) declares that megaproject's staffing plans, as the ministry may.
Who may is policies.py's. The parts: plans (megaprojects and staffing plans), pipeline (its
contractors and the offers tied to its plan's lines), scenarios (with their demand edits),
runs.
"""

from qadam.planning.services.pipeline import contractor_add, megaproject_offer_tie
from qadam.planning.services.plans import (
    megaproject_create,
    plan_create_from_template,
    plan_delete,
    plan_import,
)
from qadam.planning.services.runs import run_export_start, run_prepare, run_start, runs_reconcile
from qadam.planning.services.scenarios import (
    SCENARIO_FIELDS,
    demand_adjustment_remove,
    demand_adjustment_set,
    last_year_cost,
    scenario_copy,
    scenario_create,
    scenario_defaults,
    scenario_set_plans,
    scenario_update,
)

__all__ = [
    "SCENARIO_FIELDS",
    "contractor_add",
    "demand_adjustment_remove",
    "demand_adjustment_set",
    "last_year_cost",
    "megaproject_create",
    "megaproject_offer_tie",
    "plan_create_from_template",
    "plan_delete",
    "plan_import",
    "run_export_start",
    "run_prepare",
    "run_start",
    "runs_reconcile",
    "scenario_copy",
    "scenario_create",
    "scenario_defaults",
    "scenario_set_plans",
    "scenario_update",
]
