"""A scenario run end to end on the shared world."""

import pytest
from django.utils import translation

from qadam.common.errors import ApplicationError
from qadam.planning.models import AllocationRun, SeatAllocation
from qadam.planning.runs import run_allocation
from qadam.planning.services import run_prepare, scenario_update

pytestmark = pytest.mark.django_db


def test_run_finishes_with_seats_within_the_total(planning):
    run = planning.run
    assert run.status == AllocationRun.Status.FINISHED, run.error
    allocation = run.results["allocation"]
    seats = SeatAllocation.objects.filter(run=run)
    assert sum(s.seats for s in seats) == allocation["seats"] <= 60
    assert allocation["unmet"] <= allocation["unmet_proportional"] + 1e-6


def test_the_run_keeps_the_rules_and_a_snapshot_of_its_inputs(planning, world):
    run = planning.run
    allocation = run.results["allocation"]
    assert allocation["technical_share"] >= 0.7 - 1e-9
    by_region = dict(zip(allocation["regions"], allocation["by_region"], strict=True))
    minimums = dict(zip(allocation["regions"], allocation["region_minimums"], strict=True))
    # 80% of last year's 30 seats in each region
    assert minimums == {world.region_a.pk: 24, world.region_b.pk: 24}
    assert all(by_region[r] >= minimums[r] for r in by_region)
    assert run.inputs["total_seats"] == 60
    assert run.inputs["plans"] == [planning.plan.pk]
    assert run.inputs["megaprojects"][0]["code"] == "NPP-T"


def test_new_seats_graduate_after_the_programs_duration(planning, world):
    seat = SeatAllocation.objects.get(run=planning.run, program=world.programs_a[0])
    assert seat.graduation_year == 2027 + 3  # 34 months: three academic years
    cells = planning.run.results["cells"]
    assert {cells["year"][fill["cell"]] for fill in seat.fills} <= {2030}


def test_only_the_megaprojects_region_serves_it_when_few_graduates_move(planning, world):
    cells = planning.run.results["cells"]
    program_b = SeatAllocation.objects.get(run=planning.run, program=world.programs_b[0])
    assert all(cells["kind"][fill["cell"]] == 0 for fill in program_b.fills)
    assert program_b.to_megaprojects == 0


def test_an_infeasible_scenario_fails_naming_the_constraint(planning, users):
    scenario = scenario_update(
        actor=users["ministry_admin"],
        scenario=planning.scenario,
        total_seats=10,
        region_floor_share=1.0,
    )
    run = run_prepare(scenario=scenario)
    wording = "The regions' minimums sum to 60 seats, above the total of 10."
    with translation.override("en"), pytest.raises(ApplicationError, match=wording):
        run_allocation(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.FAILED
    assert run.error == wording
    assert not run.seats.exists()


def test_an_infeasible_run_says_why_in_the_planners_language(planning, users):
    scenario = scenario_update(
        actor=users["ministry_admin"],
        scenario=planning.scenario,
        total_seats=10,
        region_floor_share=1.0,
    )
    run = run_prepare(scenario=scenario)
    with translation.override("kk"), pytest.raises(ApplicationError):
        run_allocation(run_id=run.pk)
    run.refresh_from_db()
    assert "60" in run.error and "10" in run.error
    assert "minimums" not in run.error and "Өңірлердің" in run.error


def test_the_same_inputs_give_the_same_seats(planning):
    again = run_prepare(scenario=planning.scenario)
    run_allocation(run_id=again.pk)
    first = list(planning.run.seats.order_by("program_id").values_list("program_id", "seats"))
    second = list(again.seats.order_by("program_id").values_list("program_id", "seats"))
    assert first == second
