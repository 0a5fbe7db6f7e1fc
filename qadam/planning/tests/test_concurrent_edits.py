"""Two planners save one scenario at the same moment: each changing another input (or the
staffing plans), both changes survive, the inputs version counts both, and the audit says
what the database holds; both editing one demand cell leave one edit, not two."""

import pytest

from qadam.common.models import AuditEntry
from qadam.common.tests.concurrency import postgres_only, race
from qadam.planning import services
from qadam.planning.models import DemandAdjustment, Megaproject, Scenario, StaffingPlan
from qadam.registry.tests.factories import RegionFactory, SpecialtyFactory, UserFactory

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]
ROUNDS = 15


def audited_value(scenario, field):
    """The value of `field` as the audit log tells it: the last entry that changed it."""
    entries = AuditEntry.objects.filter(
        model="planning.Scenario", object_id=str(scenario.pk), changes__has_key=field
    ).order_by("-id")
    return entries[0].changes[field][1] if entries else None


def planner(scenario_id, actor, **change):
    def read():
        return Scenario.objects.get(pk=scenario_id)

    def write(scenario):
        services.scenario_update(actor=actor, scenario=scenario, **change)

    return read, write


def test_two_planners_changing_different_inputs_of_a_scenario_both_keep_their_change():
    first, second = UserFactory.ministry_admin(), UserFactory.ministry_admin()
    for attempt in range(ROUNDS):
        scenario = services.scenario_create(actor=first, name=f"Round {attempt}", base_year=2027)
        version = scenario.inputs_version
        failures = race(
            planner(scenario.pk, first, total_seats=120_000 + attempt),
            planner(scenario.pk, second, mobility=0.25),
        )
        assert failures == []
        scenario.refresh_from_db()
        assert (scenario.total_seats, scenario.mobility) == (120_000 + attempt, 0.25)
        assert audited_value(scenario, "total_seats") == scenario.total_seats
        assert audited_value(scenario, "mobility") == scenario.mobility
        assert scenario.inputs_version == version + 2  # runs see both changes


def test_a_plan_choice_and_an_input_change_at_once_both_survive():
    first, second = UserFactory.ministry_admin(), UserFactory.ministry_admin()
    megaproject = Megaproject.objects.create(code="NPP-R", name="NPP", region=RegionFactory())
    plan = StaffingPlan.objects.create(megaproject=megaproject, name="Build", source="import")
    for attempt in range(ROUNDS):
        scenario = services.scenario_create(actor=first, name=f"Round {attempt}", base_year=2027)

        def choose(read_scenario):
            services.scenario_set_plans(actor=second, scenario=read_scenario, plans=[plan])

        failures = race(
            planner(scenario.pk, first, retention=0.5),
            (lambda pk=scenario.pk: Scenario.objects.get(pk=pk), choose),
        )
        assert failures == []
        scenario.refresh_from_db()
        assert (scenario.retention, list(scenario.plans.all())) == (0.5, [plan])
        assert audited_value(scenario, "plans") == [plan.pk]
        assert scenario.inputs_version == 2


def test_two_planners_editing_one_demand_cell_at_once_leave_one_edit():
    first, second = UserFactory.ministry_admin(), UserFactory.ministry_admin()
    specialty = SpecialtyFactory()
    for attempt in range(ROUNDS):
        scenario = services.scenario_create(actor=first, name=f"Round {attempt}", base_year=2027)

        def editing(actor, factor, pk=scenario.pk):
            def write(read_scenario):
                services.demand_adjustment_set(
                    actor=actor,
                    scenario=read_scenario,
                    specialty=specialty,
                    region=None,
                    factor=factor,
                )

            return (lambda: Scenario.objects.get(pk=pk)), write

        assert race(editing(first, 1.5), editing(second, 2.0)) == []
        [adjustment] = DemandAdjustment.objects.filter(scenario=scenario)  # every region: one
        entries = AuditEntry.objects.filter(
            model="planning.DemandAdjustment", object_id=str(adjustment.pk)
        ).order_by("id")
        assert entries.last().changes["factor"][1] == adjustment.factor
