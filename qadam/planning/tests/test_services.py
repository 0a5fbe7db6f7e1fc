"""Planning services: permissions, defaults, all-or-nothing plans, inputs versions."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry
from qadam.planning.defaults import DEFAULTS
from qadam.planning.models import AllocationRun, Scenario, StaffingPlan, StaffingRequirement
from qadam.planning.services import (
    demand_adjustment_remove,
    demand_adjustment_set,
    last_year_cost,
    plan_delete,
    plan_import,
    run_prepare,
    scenario_copy,
    scenario_create,
    scenario_update,
)

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[object]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["specialty_code", "isco_code", "qualification_level", "phase", "year", "headcount"]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_a_new_scenario_takes_the_documented_defaults_and_last_years_cost(world, users):
    scenario = scenario_create(actor=users["ministry_admin"], name="S", base_year=2027)
    assert scenario.total_seats == DEFAULTS["total_seats"].value == 153_000
    assert scenario.min_technical_share == 0.70
    # four programs of 34 months (3 years): 20 + 10 seats in each of two colleges
    assert scenario.budget == last_year_cost(800_000) == (20 + 10) * 2 * 3 * 800_000


@pytest.mark.parametrize("role", ["analyst", "college_admin_a", "enterprise_hr", "student"])
def test_only_the_ministry_creates_scenarios(world, users, role):
    with pytest.raises(PermissionDenied):
        scenario_create(actor=users[role], name="S", base_year=2027)
    assert not Scenario.objects.exists()


def test_rates_adding_above_one_name_the_field_and_change_nothing(planning, users):
    before = Scenario.objects.get(pk=planning.scenario.pk).progression_rate
    with pytest.raises(ValidationError) as caught:
        scenario_update(
            actor=users["ministry_admin"],
            scenario=planning.scenario,
            progression_rate=0.9,
            dropout_rate=0.2,
        )
    assert "dropout_rate" in caught.value.message_dict
    assert Scenario.objects.get(pk=planning.scenario.pk).progression_rate == before


def test_edits_bump_the_inputs_version_and_are_audited(planning, users, world):
    scenario = planning.scenario
    version = scenario.inputs_version
    scenario = scenario_update(actor=users["ministry_admin"], scenario=scenario, total_seats=50)
    assert scenario.inputs_version == version + 1
    adjustment = demand_adjustment_set(
        actor=users["ministry_admin"],
        scenario=scenario,
        specialty=world.programs_a[0].specialty,
        region=None,
        factor=1.5,
        note="new refinery",
    )
    demand_adjustment_remove(actor=users["ministry_admin"], adjustment=adjustment)
    scenario.refresh_from_db()
    assert scenario.inputs_version == version + 3
    entry = AuditEntry.objects.filter(model="planning.Scenario", action="update").first()
    assert entry.changes == {"total_seats": [60, 50]}


def test_a_copy_keeps_plans_and_demand_edits(planning, users, world):
    demand_adjustment_set(
        actor=users["ministry_admin"],
        scenario=planning.scenario,
        specialty=world.programs_a[0].specialty,
        region=world.region_a,
        factor=2.0,
    )
    copy = scenario_copy(actor=users["ministry_admin"], scenario=planning.scenario, name="B")
    assert list(copy.plans.all()) == [planning.plan]
    assert copy.demand_adjustments.get().factor == 2.0
    assert copy.total_seats == planning.scenario.total_seats


def test_plan_import_saves_every_row_or_none(planning, users, world):
    code = world.programs_a[0].specialty.code
    good = _xlsx([[code, None, "worker", "construction", 2030, 7]])
    plan = plan_import(
        actor=users["enterprise_hr"], megaproject=planning.megaproject, name="v2", source=good
    )
    assert plan.requirements.get().headcount == 7
    count = StaffingRequirement.objects.count()
    bad = _xlsx(
        [
            [code, None, "worker", "construction", 2030, 7],
            [code, None, "worker", "building", 2031, -2],
        ]
    )
    with pytest.raises(ApplicationError) as caught:
        plan_import(
            actor=users["ministry_admin"], megaproject=planning.megaproject, name="v3", source=bad
        )
    messages = caught.value.field_errors["file"]
    assert any("row 3" in m and "phase" in m for m in messages)
    assert any("row 3" in m and "headcount" in m for m in messages)
    assert StaffingRequirement.objects.count() == count
    assert not StaffingPlan.objects.filter(name="v3").exists()


def test_only_the_operator_or_the_ministry_declares_plans(planning, users, world):
    code = world.programs_a[0].specialty.code
    for role in ("analyst", "college_admin_a"):
        with pytest.raises(PermissionDenied):
            plan_import(
                actor=users[role],
                megaproject=planning.megaproject,
                name="x",
                source=_xlsx([[code, None, "worker", "construction", 2030, 1]]),
            )


def test_a_plan_in_use_cannot_be_deleted(planning, users):
    with pytest.raises(ApplicationError, match="scenario uses this plan"):
        plan_delete(actor=users["ministry_admin"], plan=planning.plan)
    assert StaffingPlan.objects.filter(pk=planning.plan.pk).exists()


def test_one_run_at_a_time(planning):
    run_prepare(scenario=planning.scenario)
    with pytest.raises(ApplicationError, match="already under way"):
        run_prepare(scenario=planning.scenario)
    assert planning.scenario.runs.filter(status=AllocationRun.Status.QUEUED).count() == 1
