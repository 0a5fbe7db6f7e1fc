"""Every input that sizes a planning run or a plan has a realistic range, and every way in
refuses a value past it with the same message beside the same field: the service, the API,
the pages, the spreadsheet import and the NPP template. The database refuses it too."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from openpyxl import Workbook

from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry
from qadam.common.tests.browser_forms import form_submission
from qadam.planning import npp_template, rules, services
from qadam.planning.models import DemandAdjustment, Scenario, StaffingPlan, StaffingRequirement

pytestmark = pytest.mark.django_db
API = "/api/v1/planning"

# field, a value past its range, the rules' message
SCENARIO_CASES = [
    ("total_seats", 2_000_000_000, "Must be from 0 to 1000000."),
    ("horizon_years", 31, "Must be from 5 to 30."),
    ("base_year", 3000, "Must be from 2000 to 2100."),
    ("seat_cost_per_year", 0, "Must be from 1 to 100000000."),
    ("budget", 10**18, "Must be from 0 to 100000000000000."),
    ("mobility", 1.5, "Must be from 0% to 100%."),
    ("min_technical_share", -0.1, "Must be from 0% to 100%."),
    ("region_floor_share", 2, "Must be from 0% to 100%."),
    ("growth_rate", 0.9, "Must be from -50% to 50%."),
    ("employment_thousands", 10**9, "Must be from 0 to 100000."),
    ("returning_graduates", 5_000_000, "Must be from 0 to 100000."),
    ("megaproject_priority", 0.5, "Must be from 1 to 100."),
]


def audit_count(scenario):
    return AuditEntry.objects.filter(model="planning.Scenario", object_id=str(scenario.pk)).count()


def api(client, method, path, payload):
    return getattr(client, method)(
        f"{API}{path}", json.dumps(payload), content_type="application/json"
    )


@pytest.mark.parametrize(("field", "value", "message"), SCENARIO_CASES)
def test_a_scenario_input_out_of_range_is_refused_everywhere_with_one_message(
    planning, users, client_for, field, value, message
):
    scenario = planning.scenario
    before = Scenario.objects.filter(pk=scenario.pk).values().get()
    history = audit_count(scenario)

    assert rules.scenario_errors({field: value}) == {field: [message]}
    with pytest.raises(ValidationError) as refused:
        services.scenario_update(actor=users["ministry_admin"], scenario=scenario, **{field: value})
    assert refused.value.message_dict == {field: [message]}

    client = client_for(users["ministry_admin"])
    patched = api(client, "patch", f"/scenarios/{scenario.pk}", {field: value})
    assert patched.status_code == 422, patched.content
    assert patched.json() == {"detail": f"{field}: {message}", "errors": {field: [message]}}
    created = api(client, "post", "/scenarios", {"name": "x", "base_year": 2027, field: value})
    assert created.json()["errors"] == {field: [message]}

    assert Scenario.objects.filter(pk=scenario.pk).values().get() == before
    assert (Scenario.objects.count(), audit_count(scenario)) == (1, history)
    with pytest.raises(IntegrityError), transaction.atomic():
        Scenario.objects.filter(pk=scenario.pk).update(**{field: value})


def test_the_scenario_page_shows_the_rules_message_beside_the_field(planning, users, client_for):
    client = client_for(users["ministry_admin"])
    path = f"/planning/scenarios/{planning.scenario.pk}/edit/"
    form = form_submission(client.get(path).content.decode(), containing="total_seats")
    form.set("total_seats", "2000000000")
    response = client.post(path, form.data())
    assert response.status_code == 200
    page = response.content.decode()
    assert '<ul class="errorlist" data-field="total_seats"><li>Must be from 0 to 1000000.' in page
    assert Scenario.objects.get(pk=planning.scenario.pk).total_seats == 60


def test_the_bounds_show_in_the_inputs_for_the_browser(planning, users, client_for):
    page = client_for(users["ministry_admin"]).get("/planning/scenarios/new/").content.decode()
    assert 'name="total_seats" value="153000" min="0" max="1000000"' in page
    assert 'name="growth_rate" value="1.5" step="any" inputmode="decimal" min="-50"' in page


def test_a_demand_factor_out_of_range_is_refused_everywhere(world, planning, users, client_for):
    specialty = planning.plan.requirements.first().specialty
    message = "Must be from 0 to 100."
    with pytest.raises(ValidationError) as refused:
        services.demand_adjustment_set(
            actor=users["ministry_admin"],
            scenario=planning.scenario,
            specialty=specialty,
            region=None,
            factor=1e9,
        )
    assert refused.value.message_dict == {"factor": [message]}
    response = api(
        client_for(users["ministry_admin"]),
        "post",
        f"/scenarios/{planning.scenario.pk}/adjustments",
        {"specialty_id": specialty.pk, "factor": 1e9},
    )
    assert response.json()["errors"] == {"factor": [message]}
    page = client_for(users["ministry_admin"]).post(
        f"/planning/scenarios/{planning.scenario.pk}/adjustments/",
        {"specialty": specialty.pk, "factor": "1000000000"},
    )
    assert f"<li>{message}</li>" in page.content.decode()
    assert not DemandAdjustment.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandAdjustment.objects.create(scenario=planning.scenario, specialty=specialty, factor=1e9)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"units": 2_000_000_000}, "units", "Must be from 1 to 10."),
        ({"construction_years": 500}, "construction_years", "Must be from 3 to 20."),
        ({"unit_mwe": 0}, "unit_mwe", "Must be from 10 to 2000."),
        ({"peak_workers": 10**7}, "peak_workers", "Must be from 1 to 100000."),
        ({"unit_stagger_years": 11}, "unit_stagger_years", "Must be from 0 to 10."),
    ],
)
def test_an_npp_parameter_out_of_range_is_refused_before_anything_is_built(
    planning, users, client_for, changes, field, message
):
    parameters = npp_template.NppParameters(**changes)
    with pytest.raises(ValueError, match=f"{field}=.*: {message}"):
        npp_template.build(parameters)
    with pytest.raises(ValidationError) as refused:
        services.plan_create_from_template(
            actor=users["ministry_admin"],
            megaproject=planning.megaproject,
            name="NPP",
            parameters=parameters,
        )
    assert refused.value.message_dict == {field: [message]}
    response = api(
        client_for(users["ministry_admin"]),
        "post",
        f"/megaprojects/{planning.megaproject.pk}/plans/template",
        changes,
    )
    assert (response.status_code, response.json()["errors"]) == (422, {field: [message]})
    assert StaffingPlan.objects.count() == 1


def test_a_plan_line_out_of_range_is_refused_by_the_import_and_the_database(planning, users):
    specialty = planning.plan.requirements.first().specialty
    book = Workbook()
    book.active.append(
        ["specialty_code", "isco_code", "qualification_level", "phase", "year", "headcount"]
    )
    book.active.append([specialty.code, None, "worker", "construction", 2030, 2_000_000_000])
    content = io.BytesIO()
    book.save(content)
    content.seek(0)
    message = rules.requirement_errors({"headcount": 2_000_000_000})["headcount"][0]
    assert message == "Must be from 1 to 100000."
    with pytest.raises(ApplicationError) as refused:
        services.plan_import(
            actor=users["ministry_admin"],
            megaproject=planning.megaproject,
            name="Typo",
            source=content,
        )
    assert refused.value.field_errors == {"file": [f"row 2, headcount: 2000000000 — {message}"]}
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffingRequirement.objects.filter(plan=planning.plan).update(headcount=200_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffingRequirement.objects.filter(plan=planning.plan).update(year=2_101)
