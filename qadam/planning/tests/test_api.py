"""The JSON API under /api/v1/planning/, through Django's test client with session login.

`planning` (conftest.py): the megaproject NPP-T, operated by world.enterprise (whose HR is
users["enterprise_hr"]), its plan "Construction" (worker headcount 5, 12, 20, 30, 30, 18
in 2027-2032 and 3 higher-education people in 2029, all construction), the scenario "Base"
using that plan, and a finished run of it.
"""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from qadam.common.models import AuditEntry, Job
from qadam.planning import npp_template
from qadam.planning.api import HEADLINE_RESULTS
from qadam.planning.models import (
    AllocationRun,
    DemandAdjustment,
    Megaproject,
    Scenario,
    SeatAllocation,
    StaffingPlan,
    StaffingRequirement,
)
from qadam.planning.plan_xlsx import COLUMNS, NOT_AN_XLSX
from qadam.planning.tests.conftest import make_plan
from qadam.registry.seeding.reference import load_reference_data
from qadam.registry.tests.factories import (
    ROLES,
    EnterpriseFactory,
    InstitutionFactory,
    ProgramFactory,
    UserFactory,
)

BASE = "/api/v1/planning"
READERS = {"ministry_admin", "analyst"}  # read every megaproject, plan, scenario and run
NOBODY = [role for role in ROLES if role not in READERS | {"enterprise_hr"}]


def send(client, method, path, payload=None):
    if method in ("get", "delete"):
        return getattr(client, method)(f"{BASE}{path}", payload or {})
    return getattr(client, method)(
        f"{BASE}{path}", json.dumps(payload or {}, default=str), content_type="application/json"
    )


def counts():
    """Everything a failed plan or scenario write might have left behind."""
    return (
        StaffingPlan.objects.count(),
        StaffingRequirement.objects.count(),
        Scenario.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def other_hr(world):
    """HR of an enterprise that operates no megaproject."""
    return UserFactory.enterprise_hr(
        EnterpriseFactory.create(region=world.region_b), username="other_hr"
    )


def workbook(rows, header=COLUMNS):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, megaproject, content, name="Spring plan.xlsx", **fields):
    return client.post(
        f"{BASE}/megaprojects/{megaproject.pk}/plans/import",
        {"file": SimpleUploadedFile(name, content), **fields},
    )


# --------------------------------------------------------------------------- who reads what


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_its_planning_records(users, planning, client_for, role):
    client = client_for(users[role])
    reads_megaproject = role in READERS or role == "enterprise_hr"
    reads_scenarios = role in READERS

    body = send(client, "get", "/megaprojects").json()
    assert [m["code"] for m in body["items"]] == (["NPP-T"] if reads_megaproject else [])
    plan_paths = [
        f"/megaprojects/{planning.megaproject.pk}",
        f"/megaprojects/{planning.megaproject.pk}/plans",
        f"/plans/{planning.plan.pk}",
        f"/plans/{planning.plan.pk}/requirements",
    ]
    for path in plan_paths:
        assert send(client, "get", path).status_code == (200 if reads_megaproject else 404), path

    body = send(client, "get", "/scenarios").json()
    assert [s["name"] for s in body["items"]] == (["Base"] if reads_scenarios else [])
    run_paths = [
        f"/scenarios/{planning.scenario.pk}",
        f"/scenarios/{planning.scenario.pk}/runs",
        f"/runs/{planning.run.pk}",
        f"/runs/{planning.run.pk}/seats",
    ]
    for path in run_paths:
        assert send(client, "get", path).status_code == (200 if reads_scenarios else 404), path


def test_hr_of_another_enterprise_sees_no_megaproject(planning, other_hr, client_for):
    client = client_for(other_hr)
    assert send(client, "get", "/megaprojects").json()["count"] == 0
    assert send(client, "get", f"/plans/{planning.plan.pk}").status_code == 404


def test_missing_objects_are_404(users, planning, client_for):
    client = client_for(users["ministry_admin"])
    for path in ("megaprojects", "plans", "scenarios", "runs"):
        assert send(client, "get", f"/{path}/{10**9}").status_code == 404, path


# --------------------------------------------------------------------------- megaprojects


def test_megaproject_reports_its_operator(world, users, planning, client_for):
    body = send(
        client_for(users["enterprise_hr"]), "get", f"/megaprojects/{planning.megaproject.pk}"
    ).json()
    assert body == {
        "id": planning.megaproject.pk,
        "code": "NPP-T",
        "name": "Test NPP",
        "name_kk": "",
        "name_ru": "Test NPP",
        "name_en": "",
        "region_id": world.region_a.pk,
        "region_name": "Alpha Region",
        "enterprise_id": world.enterprise.pk,
        "enterprise_name": world.enterprise.name,
        "description": "",
    }


def test_ministry_creates_a_megaproject(world, users, client_for):
    payload = {
        "code": "HPP-1",
        "name": "Hydro plant",
        "region_id": world.region_b.pk,
        "enterprise_id": world.enterprise.pk,
    }
    response = send(client_for(users["ministry_admin"]), "post", "/megaprojects", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["region_id"], body["enterprise_id"]) == (
        "HPP-1",
        world.region_b.pk,
        world.enterprise.pk,
    )
    entry = AuditEntry.objects.get(model="planning.Megaproject", object_id=str(body["id"]))
    assert entry.actor == users["ministry_admin"]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "ministry_admin"])
def test_creating_a_megaproject_is_403_for_others(world, users, client_for, role):
    payload = {"code": "HPP-1", "name": "Hydro plant", "region_id": world.region_b.pk}
    response = send(client_for(users[role]), "post", "/megaprojects", payload)
    assert response.status_code == 403
    assert not Megaproject.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"code": "NPP-T"}, "code"),  # taken
        ({"name": ""}, "name"),
        ({"region_id": 10**9}, "region"),
        ({"enterprise_id": 10**9}, "enterprise"),
    ],
)
def test_megaproject_with_a_bad_field_is_422_naming_it(
    world, users, planning, client_for, payload, field
):
    body = {"code": "HPP-1", "name": "Hydro plant", "region_id": world.region_a.pk, **payload}
    response = send(client_for(users["ministry_admin"]), "post", "/megaprojects", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    assert field in response.json()["errors"]
    assert Megaproject.objects.count() == 1


# --------------------------------------------------------------------------- staffing plans


def test_plan_reports_its_curves_and_peaks(users, planning, client_for):
    body = send(client_for(users["analyst"]), "get", f"/plans/{planning.plan.pk}").json()
    assert (body["name"], body["source"], body["megaproject_code"]) == (
        "Construction",
        "import",
        "NPP-T",
    )
    assert (body["rows"], body["headcount_years"]) == (7, 5 + 12 + 20 + 30 + 30 + 18 + 3)
    assert body["curves"] == {
        "years": [2027, 2028, 2029, 2030, 2031, 2032],
        "by_level": {"worker": [5, 12, 20, 30, 30, 18], "higher": [0, 0, 3, 0, 0, 0]},
        "by_phase": {"construction": [5, 12, 23, 30, 30, 18]},
    }
    assert body["peaks"] == {
        # 2030 and 2031 tie at 30: the earlier year is the peak
        "worker": {"construction": {"year": 2030, "headcount": 30}, "operation": None},
        "mid_level_specialist": {"construction": None, "operation": None},
        "higher": {"construction": {"year": 2029, "headcount": 3}, "operation": None},
    }


def test_plan_requirements_are_paginated_rows(world, users, planning, client_for):
    client = client_for(users["enterprise_hr"])
    body = send(client, "get", f"/plans/{planning.plan.pk}/requirements").json()
    assert body["count"] == 7
    first = body["items"][0]
    assert first == {
        "id": first["id"],
        "specialty_id": world.programs_a[0].specialty_id,
        "specialty_code": world.programs_a[0].specialty.code,
        "occupation_id": None,
        "isco_code": None,
        "level": "worker",
        "phase": "construction",
        "year": 2027,
        "headcount": 5,
    }
    assert [row["year"] for row in body["items"]] == [2027, 2028, 2029, 2029, 2030, 2031, 2032]


def test_megaproject_plans_list(world, users, planning, client_for):
    second = make_plan(world, planning.megaproject, "Operation")
    body = send(
        client_for(users["ministry_admin"]), "get", f"/megaprojects/{planning.megaproject.pk}/plans"
    ).json()
    assert [(p["id"], p["rows"]) for p in body["items"]] == [(second.pk, 7), (planning.plan.pk, 7)]


def test_operator_builds_a_plan_from_the_template_with_the_published_peaks(
    users, planning, client_for
):
    load_reference_data()  # the template's specialty and ISCO-08 codes
    response = send(
        client_for(users["enterprise_hr"]),
        "post",
        f"/megaprojects/{planning.megaproject.pk}/plans/template",
        {"peak_workers": 5000, "start_year": 2027},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["source"]) == ("NPP-T: NPP template", "template")
    assert (body["parameters"]["peak_workers"], body["parameters"]["units"]) == (5000, 2)
    construction = {level: p["construction"]["headcount"] for level, p in body["peaks"].items()}
    assert construction == {"worker": 5000, "mid_level_specialist": 3000, "higher": 900}
    # 1,440 operating staff once both units run: a quarter workers, half mid-level
    operation = {level: p["operation"]["headcount"] for level, p in body["peaks"].items()}
    assert operation == {"worker": 360, "mid_level_specialist": 720, "higher": 360}
    rows = npp_template.build(npp_template.NppParameters(peak_workers=5000, start_year=2027))
    plan = StaffingPlan.objects.get(pk=body["id"])
    assert (plan.created_by, plan.requirements.count()) == (users["enterprise_hr"], len(rows))
    assert body["curves"]["years"][0] == 2027


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        ({"units": 0}, "units: Must be from 1 to 10."),
        ({"units": 2_000_000_000}, "units: Must be from 1 to 10."),
        ({"operation_share_workers": 0.5}, "operation_share_workers: The shares of workers"),
        ({"start_year": 2095}, "start_year: The template would run to 2110, after 2100"),
    ],
)
def test_template_parameter_that_makes_no_plan_is_422_naming_it(
    users, planning, client_for, payload, detail
):
    before = counts()
    response = send(
        client_for(users["ministry_admin"]),
        "post",
        f"/megaprojects/{planning.megaproject.pk}/plans/template",
        payload,
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(detail)
    assert counts() == before


def test_template_with_a_code_missing_from_the_catalogue_is_400_and_saves_nothing(
    users, planning, client_for
):
    before = counts()  # the world's catalogue lacks the template's codes
    response = send(
        client_for(users["ministry_admin"]),
        "post",
        f"/megaprojects/{planning.megaproject.pk}/plans/template",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The catalogue has no specialty or occupation")
    assert counts() == before


@pytest.mark.parametrize(
    ("who", "status"),
    [("analyst", 403), ("other_hr", 404), ("college_admin_a", 404), ("student", 404)],
)
def test_only_the_ministry_and_the_operator_declare_plans(
    users, other_hr, planning, client_for, who, status
):
    user = other_hr if who == "other_hr" else users[who]
    before = counts()
    path = f"/megaprojects/{planning.megaproject.pk}/plans/template"
    assert send(client_for(user), "post", path).status_code == status
    code = planning.plan.requirements.first().specialty.code
    content = workbook([[code, None, "worker", "construction", 2030, 4]])
    assert upload(client_for(user), planning.megaproject, content).status_code == status
    assert send(client_for(user), "delete", f"/plans/{planning.plan.pk}").status_code == status
    assert counts() == before


def test_operator_imports_a_spreadsheet_plan(world, users, planning, client_for):
    code = world.programs_a[0].specialty.code
    content = workbook(
        [
            [code, None, "worker", "construction", 2030, 40],
            [code, None, "worker", "operation", 2033, 12],
        ]
    )
    response = upload(client_for(users["enterprise_hr"]), planning.megaproject, content)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["source"], body["rows"], body["headcount_years"]) == (
        "Spring plan",  # the file's name
        "import",
        2,
        52,
    )
    assert body["peaks"]["worker"] == {
        "construction": {"year": 2030, "headcount": 40},
        "operation": {"year": 2033, "headcount": 12},
    }
    named = upload(
        client_for(users["ministry_admin"]), planning.megaproject, content, name="Second"
    )
    assert named.status_code == 201
    assert named.json()["name"] == "Second"


@pytest.mark.parametrize(
    ("rows", "content", "messages"),
    [
        (
            [
                ["{code}", None, "worker", "construction", 2030, 4],
                ["{code}", None, "worker", "building", 2031, 5],
            ],
            None,
            ["row 3, phase: 'building' is not one of"],
        ),
        (
            [
                ["Q-XX-001", None, "worker", "construction", 2030, 4],
                ["{code}", None, "worker", "construction", 1999, 5],
            ],
            None,
            [
                "row 2, specialty_code: 'Q-XX-001' is not in the",
                "row 3, year: 1999 — Must be from 2000 to 2100.",
            ],
        ),
        (None, b"not a workbook", [NOT_AN_XLSX]),
    ],
)
def test_a_spreadsheet_with_errors_is_400_listing_them_and_changes_nothing(
    world, users, planning, client_for, rows, content, messages
):
    code = world.programs_a[0].specialty.code
    if content is None:
        content = workbook(
            [
                [cell.format(code=code) if isinstance(cell, str) else cell for cell in row]
                for row in rows
            ]
        )
    before = counts()
    response = upload(client_for(users["enterprise_hr"]), planning.megaproject, content)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == "The spreadsheet was not imported; nothing changed."
    assert len(body["errors"]["file"]) == len(messages)
    for error, message in zip(body["errors"]["file"], messages, strict=True):
        assert error.startswith(message), error
    assert counts() == before


def test_an_import_without_a_file_is_422(users, planning, client_for):
    response = client_for(users["ministry_admin"]).post(
        f"{BASE}/megaprojects/{planning.megaproject.pk}/plans/import", {"name": "x"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "file: Attach the XLSX file."


def test_operator_deletes_an_unused_plan_but_not_one_a_scenario_uses(
    world, users, planning, client_for
):
    client = client_for(users["enterprise_hr"])
    unused = make_plan(world, planning.megaproject, "Draft")
    response = send(client, "delete", f"/plans/{planning.plan.pk}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("A scenario uses this plan")
    assert send(client, "delete", f"/plans/{unused.pk}").status_code == 204
    assert not StaffingPlan.objects.filter(pk=unused.pk).exists()
    assert StaffingPlan.objects.filter(pk=planning.plan.pk).exists()


# --------------------------------------------------------------------------- scenarios


def test_scenario_detail_reports_plans_adjustments_and_the_latest_run(users, planning, client_for):
    body = send(client_for(users["analyst"]), "get", f"/scenarios/{planning.scenario.pk}").json()
    assert (body["name"], body["base_year"], body["horizon_years"], body["total_seats"]) == (
        "Base",
        2027,
        6,
        60,
    )
    assert body["plans"] == [
        {
            "id": planning.plan.pk,
            "name": "Construction",
            "name_kk": "",
            "name_ru": "Construction",
            "name_en": "",
            "megaproject_id": planning.megaproject.pk,
            "megaproject_code": "NPP-T",
        }
    ]
    assert (body["adjustments"], body["run_count"], body["stale"]) == ([], 1, False)
    run = body["latest_run"]
    allocation = planning.run.results["allocation"]
    assert (run["id"], run["status"], run["seats"], run["unmet"]) == (
        planning.run.pk,
        "finished",
        allocation["seats"],
        allocation["unmet"],
    )


def test_ministry_creates_a_scenario_with_only_a_name_and_a_year(users, planning, client_for):
    response = send(
        client_for(users["ministry_admin"]),
        "post",
        "/scenarios",
        {"name": "Defaults", "base_year": 2028},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    # no megaproject is left out silently: every megaproject's current plan comes with it
    assert [plan["id"] for plan in body["plans"]] == [planning.plan.pk]
    assert (body["name"], body["base_year"], body["latest_run"]) == ("Defaults", 2028, None)
    assert (body["horizon_years"], body["total_seats"], body["min_technical_share"]) == (
        14,
        153_000,
        0.70,
    )
    assert body["stale"] is False


def test_a_scenario_leaves_the_megaprojects_out_only_when_asked(world, users, planning, client_for):
    client = client_for(users["ministry_admin"])
    newer = make_plan(world, planning.megaproject, name="Declared")
    body = send(client, "post", "/scenarios", {"name": "All", "base_year": 2028}).json()
    assert [plan["id"] for plan in body["plans"]] == [newer.pk]  # the newest plan with rows
    body = send(client, "post", "/scenarios", {"name": "None", "base_year": 2028, "plans": []})
    assert body.json()["plans"] == []


def test_ministry_creates_a_scenario_with_plans_and_parameters(users, planning, client_for):
    payload = {
        "name": "Lean",
        "base_year": 2027,
        "plans": [planning.plan.pk],
        "total_seats": 40,
        "retention": 0.9,
        "description": "Fewer seats",
    }
    response = send(client_for(users["ministry_admin"]), "post", "/scenarios", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert [p["id"] for p in body["plans"]] == [planning.plan.pk]
    assert (body["total_seats"], body["retention"], body["description"]) == (
        40,
        0.9,
        "Fewer seats",
    )


@pytest.mark.parametrize("role", [r for r in ROLES if r != "ministry_admin"])
def test_creating_a_scenario_is_403_for_all_but_the_ministry(users, planning, client_for, role):
    before = counts()
    payload = {"name": "Mine", "base_year": 2027}
    if role == "enterprise_hr":  # even with the operator's own plan
        payload["plans"] = [planning.plan.pk]
    response = send(client_for(users[role]), "post", "/scenarios", payload)
    assert response.status_code == 403, response.content
    assert counts() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"base_year": 1999}, "base_year"),
        ({"horizon_years": 3}, "horizon_years"),
        ({"min_technical_share": 1.5}, "min_technical_share"),
        ({"progression_rate": 0.9, "dropout_rate": 0.2}, "dropout_rate"),
        ({"budget": -1}, "budget"),
        ({"total_seats": -5}, "total_seats"),
        ({"plans": [10**9]}, "plans"),
    ],
)
def test_scenario_with_a_bad_field_is_422_naming_it(users, planning, client_for, payload, field):
    before = counts()
    body = {"name": "Bad", "base_year": 2027, **payload}
    response = send(client_for(users["ministry_admin"]), "post", "/scenarios", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    assert field in response.json()["errors"]
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"name": "x"}', "base_year"),
        ('{"name": "x", "base_year": 2027, "retention": NaN}', "retention"),
    ],
)
def test_a_scenario_body_the_schema_refuses_is_422_naming_the_field(
    users, planning, client_for, body, field
):
    response = client_for(users["ministry_admin"]).post(
        f"{BASE}/scenarios", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]
    assert Scenario.objects.count() == 1


def test_patch_changes_the_scenario_and_marks_its_run_stale(users, planning, client_for):
    client = client_for(users["ministry_admin"])
    path = f"/scenarios/{planning.scenario.pk}"
    response = send(client, "patch", path, {"total_seats": 80, "growth_rate": 0.02})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["total_seats"], body["growth_rate"], body["horizon_years"]) == (80, 0.02, 6)
    assert body["inputs_version"] == planning.scenario.inputs_version + 1
    assert (body["latest_run"]["id"], body["stale"]) == (planning.run.pk, True)
    entry = AuditEntry.objects.filter(model="planning.Scenario", action="update").get()
    assert entry.changes["total_seats"] == [60, 80]


@pytest.mark.parametrize(
    ("payload", "field"), [({"retention": 2}, "retention"), ({"name": None}, "name")]
)
def test_patch_with_a_bad_field_is_422_and_changes_nothing(
    users, planning, client_for, payload, field
):
    path = f"/scenarios/{planning.scenario.pk}"
    response = send(client_for(users["ministry_admin"]), "patch", path, payload)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    scenario = Scenario.objects.get(pk=planning.scenario.pk)
    assert (scenario.name, scenario.retention, scenario.inputs_version) == (
        "Base",
        planning.scenario.retention,
        planning.scenario.inputs_version,
    )


@pytest.mark.parametrize(
    ("role", "status"), [("analyst", 403), ("enterprise_hr", 404), ("college_admin_a", 404)]
)
def test_scenario_writes_are_the_ministrys(world, users, planning, client_for, role, status):
    client = client_for(users[role])
    scenario_id = planning.scenario.pk
    specialty_id = planning.plan.requirements.first().specialty_id
    DemandAdjustment.objects.create(
        scenario=planning.scenario, specialty_id=specialty_id, region=world.region_a, factor=3
    )
    cell = f"?specialty={specialty_id}&region={world.region_a.pk}"
    writes: list[tuple[str, str, dict | None]] = [
        ("delete", f"/scenarios/{scenario_id}/adjustments{cell}", None),
        ("patch", f"/scenarios/{scenario_id}", {"total_seats": 1}),
        ("put", f"/scenarios/{scenario_id}/plans", {"plans": []}),
        ("post", f"/scenarios/{scenario_id}/copy", {}),
        (
            "post",
            f"/scenarios/{scenario_id}/adjustments",
            {"specialty_id": specialty_id, "factor": 2},
        ),
        ("post", f"/scenarios/{scenario_id}/runs", None),
    ]
    before = (*counts(), DemandAdjustment.objects.count(), AllocationRun.objects.count())
    for method, path, payload in writes:
        assert send(client, method, path, payload).status_code == status, path
    after = (*counts(), DemandAdjustment.objects.count(), AllocationRun.objects.count())
    assert after == before
    scenario = Scenario.objects.get(pk=scenario_id)
    assert (scenario.total_seats, scenario.plans.count()) == (60, 1)
    assert list(DemandAdjustment.objects.values_list("factor", flat=True)) == [3.0]


def test_put_plans_replaces_the_scenarios_plans(world, users, planning, client_for):
    client = client_for(users["ministry_admin"])
    second = make_plan(world, planning.megaproject, "Operation")
    path = f"/scenarios/{planning.scenario.pk}/plans"
    response = send(client, "put", path, {"plans": [second.pk, planning.plan.pk, second.pk]})
    assert response.status_code == 200, response.content
    assert sorted(p["id"] for p in response.json()["plans"]) == sorted(
        [planning.plan.pk, second.pk]
    )
    assert response.json()["stale"] is True
    assert send(client, "put", path, {"plans": []}).json()["plans"] == []


def test_put_an_unknown_plan_is_422_naming_it(users, planning, client_for):
    path = f"/scenarios/{planning.scenario.pk}/plans"
    response = send(client_for(users["ministry_admin"]), "put", path, {"plans": [10**9]})
    assert response.status_code == 422
    assert response.json()["detail"] == f"plans: No staffing plan {10**9}."
    assert list(planning.scenario.plans.all()) == [planning.plan]


def test_copy_carries_parameters_plans_and_adjustments(world, users, planning, client_for):
    client = client_for(users["ministry_admin"])
    specialty_id = planning.plan.requirements.first().specialty_id
    send(
        client,
        "post",
        f"/scenarios/{planning.scenario.pk}/adjustments",
        {"specialty_id": specialty_id, "region_id": world.region_a.pk, "factor": 1.5},
    )
    response = send(client, "post", f"/scenarios/{planning.scenario.pk}/copy")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["total_seats"], body["latest_run"]) == ("Base (copy)", 60, None)
    assert [p["id"] for p in body["plans"]] == [planning.plan.pk]
    assert [(a["specialty_id"], a["region_id"], a["factor"]) for a in body["adjustments"]] == [
        (specialty_id, world.region_a.pk, 1.5)
    ]
    named = send(client, "post", f"/scenarios/{planning.scenario.pk}/copy", {"name": "Variant"})
    assert named.json()["name"] == "Variant"


def test_adjustments_are_set_replaced_and_removed(world, users, planning, client_for):
    client = client_for(users["ministry_admin"])
    specialty = planning.plan.requirements.first().specialty
    path = f"/scenarios/{planning.scenario.pk}/adjustments"
    cell = {"specialty_id": specialty.pk, "region_id": world.region_a.pk}
    response = send(client, "post", path, {**cell, "factor": 1.5, "note": "new plant"})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": response.json()["id"],
        "specialty_id": specialty.pk,
        "specialty_code": specialty.code,
        "region_id": world.region_a.pk,
        "factor": 1.5,
        "note": "new plant",
    }
    send(client, "post", path, {**cell, "factor": 2})
    send(client, "post", path, {"specialty_id": specialty.pk, "factor": 0.5})  # every region
    detail = send(client, "get", f"/scenarios/{planning.scenario.pk}").json()
    assert sorted((a["region_id"] or 0, a["factor"]) for a in detail["adjustments"]) == [
        (0, 0.5),
        (world.region_a.pk, 2.0),
    ]
    assert detail["stale"] is True

    query = f"?specialty={specialty.pk}&region={world.region_a.pk}"
    assert send(client, "delete", path + query).status_code == 204
    assert send(client, "delete", path + query).status_code == 404
    assert send(client, "delete", f"{path}?specialty={specialty.pk}").status_code == 204
    assert not DemandAdjustment.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"factor": 101}, "factor"),
        ({"specialty_id": 10**9}, "specialty"),
        ({"region_id": 10**9}, "region"),
    ],
)
def test_adjustment_with_a_bad_field_is_422_naming_it(users, planning, client_for, payload, field):
    body = {"specialty_id": planning.plan.requirements.first().specialty_id, "factor": 2}
    path = f"/scenarios/{planning.scenario.pk}/adjustments"
    response = send(client_for(users["ministry_admin"]), "post", path, {**body, **payload})
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    assert not DemandAdjustment.objects.exists()


# --------------------------------------------------------------------------- runs


def test_a_run_starts_as_a_job_and_reports_its_results(
    users, planning, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users["ministry_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, "post", f"/scenarios/{planning.scenario.pk}/runs")
    assert response.status_code == 202, response.content
    started = response.json()
    run = AllocationRun.objects.get(pk=started["id"])
    assert (started["job_id"], started["status"]) == (run.job_id, "queued")
    assert Job.objects.get(pk=run.job_id).status == Job.Status.SUCCEEDED

    body = send(client, "get", f"/runs/{run.pk}").json()
    assert (body["status"], body["error"], body["job_status"], body["stale"]) == (
        "finished",
        "",
        "succeeded",
        False,
    )
    assert body["inputs"]["total_seats"] == 60
    assert body["inputs"]["plans"] == [planning.plan.pk]
    assert set(body["results"]) == set(HEADLINE_RESULTS)
    assert body["results"]["allocation"]["seats"] == body["seats"] <= 60
    assert body["results"]["megaprojects"][0]["code"] == "NPP-T"

    full = send(client, "get", f"/runs/{run.pk}", {"full": "true"}).json()
    assert {"cells", "top_cells", "gap", "shortfall"} <= set(full["results"])
    detail = send(client, "get", f"/scenarios/{planning.scenario.pk}").json()
    assert (detail["latest_run"]["id"], detail["run_count"]) == (run.pk, 2)
    runs = send(client, "get", f"/scenarios/{planning.scenario.pk}/runs").json()
    assert [r["id"] for r in runs["items"]] == [run.pk, planning.run.pk]


def test_a_second_run_while_one_is_queued_is_400(users, planning, client_for):
    client = client_for(users["ministry_admin"])
    path = f"/scenarios/{planning.scenario.pk}/runs"
    first = send(client, "post", path)  # on_commit never fires here: the run stays queued
    assert first.status_code == 202
    response = send(client, "post", path)
    assert response.status_code == 400
    assert response.json()["detail"] == "A run of this scenario is already under way."
    assert AllocationRun.objects.count() == 2


def test_a_changed_scenario_makes_its_run_stale(users, planning, client_for):
    client = client_for(users["ministry_admin"])
    send(client, "patch", f"/scenarios/{planning.scenario.pk}", {"retention": 0.5})
    assert send(client, "get", f"/runs/{planning.run.pk}").json()["stale"] is True


def test_seats_report_each_programs_allocation(world, users, planning, client_for):
    body = send(client_for(users["analyst"]), "get", f"/runs/{planning.run.pk}/seats").json()
    stored = {s.program_id: s for s in SeatAllocation.objects.filter(run=planning.run)}
    assert body["count"] == len(stored) > 0
    for item in body["items"]:
        seat = stored[item["program_id"]]
        program = seat.program
        assert (item["seats"], item["last_year_seats"], item["change"]) == (
            seat.seats,
            seat.last_year_seats,
            seat.seats - seat.last_year_seats,
        )
        assert (item["institution_id"], item["region_id"], item["specialty_code"]) == (
            program.institution_id,
            program.institution.region_id,
            program.specialty.code,
        )


@pytest.fixture
def many_seats(world, planning):
    """A finished run of 103 programs: college A's two (region A) and 101 more in region B;
    every third keeps last year's 20 seats, the others get 25."""
    run = AllocationRun.objects.create(scenario=planning.scenario, status="finished")
    college = InstitutionFactory.create(region=world.region_b)
    programs = ProgramFactory.create_batch(101, institution=college)
    seats = [
        SeatAllocation(
            run=run,
            program=program,
            seats=20 if i % 3 == 0 else 25,
            last_year_seats=20,
            proportional_seats=20,
            capacity=30,
            graduate_yield=0.7,
            graduation_year=2030,
            to_region=10.0,
            to_megaprojects=0.0,
        )
        for i, program in enumerate([*world.programs_a, *programs])
    ]
    SeatAllocation.objects.bulk_create(seats)
    return run


def test_seats_are_paginated(users, many_seats, client_for):
    client = client_for(users["ministry_admin"])
    first = send(client, "get", f"/runs/{many_seats.pk}/seats").json()
    second = send(client, "get", f"/runs/{many_seats.pk}/seats", {"page": 2}).json()
    assert first["count"] == second["count"] == 103
    assert (len(first["items"]), len(second["items"])) == (100, 3)
    ids = [s["id"] for s in first["items"] + second["items"]]
    assert sorted(ids) == sorted(many_seats.seats.values_list("id", flat=True))


def test_seat_filters(world, users, many_seats, client_for):
    client = client_for(users["ministry_admin"])
    path = f"/runs/{many_seats.pk}/seats"

    def matching(**query):
        body = send(client, "get", path, query).json()
        assert body["count"] == len(body["items"])  # all on the first page
        return body

    region_a = matching(region=world.region_a.pk)
    assert region_a["count"] == 2
    assert {s["program_id"] for s in region_a["items"]} == {p.pk for p in world.programs_a}
    institution = matching(institution=world.college_a.pk)
    assert institution["count"] == 2
    specialty = matching(specialty=world.programs_a[1].specialty_id)
    assert [s["program_id"] for s in specialty["items"]] == [world.programs_a[1].pk]
    changed = matching(changed="true")
    assert changed["count"] == 103 - 35  # every third of 103 kept its 20 seats
    assert all(s["change"] == 5 for s in changed["items"])
    assert matching(region=world.region_a.pk, changed="true")["count"] == 1


def test_a_bad_seat_filter_is_422(users, planning, client_for):
    path = f"/runs/{planning.run.pk}/seats"
    response = send(client_for(users["ministry_admin"]), "get", path, {"region": "north"})
    assert response.status_code == 422


# --------------------------------------------------------------------------- auth and schema


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/megaprojects"),
        ("post", "/megaprojects"),
        ("get", "/plans/1"),
        ("post", "/megaprojects/1/plans/import"),
        ("get", "/scenarios"),
        ("post", "/scenarios/1/runs"),
        ("get", "/runs/1/seats"),
    ],
)
def test_unauthenticated_requests_are_401(world, client_for, method, path):
    assert send(client_for(None), method, path).status_code == 401


def test_openapi_schema_includes_the_planning_paths(db, client_for):
    response = client_for(None).get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        "/megaprojects": {"get", "post"},
        "/megaprojects/{megaproject_id}": {"get"},
        "/megaprojects/{megaproject_id}/plans": {"get"},
        "/megaprojects/{megaproject_id}/plans/template": {"post"},
        "/megaprojects/{megaproject_id}/plans/import": {"post"},
        "/plans/{plan_id}": {"get", "delete"},
        "/plans/{plan_id}/requirements": {"get"},
        "/scenarios": {"get", "post"},
        "/scenarios/{scenario_id}": {"get", "patch"},
        "/scenarios/{scenario_id}/plans": {"put"},
        "/scenarios/{scenario_id}/copy": {"post"},
        "/scenarios/{scenario_id}/adjustments": {"post", "delete"},
        "/scenarios/{scenario_id}/runs": {"get", "post"},
        "/runs/{run_id}": {"get"},
        "/runs/{run_id}/seats": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[f"{BASE}{path}"]) == methods, path
    assert "202" in paths[f"{BASE}/scenarios/{{scenario_id}}/runs"]["post"]["responses"]
    upload_body = paths[f"{BASE}/megaprojects/{{megaproject_id}}/plans/import"]["post"]
    assert "multipart/form-data" in upload_body["requestBody"]["content"]
