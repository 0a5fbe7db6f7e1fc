"""The JSON API under /api/v1/registry/, through Django's test client with session login."""

import json
from datetime import date

import pytest
from django.test import Client

from qadam.common.models import AuditEntry
from qadam.registry.models import Enterprise, Program, Student
from qadam.registry.tests.factories import ROLES, SpecialtyFactory, bin_for, iin_for

BASE = "/api/v1/registry"
COUNT_ONLY_ROLES = ["analyst", "enterprise_hr", "guidance_organiser"]


def visible_students(world, role):
    return {
        "ministry_admin": world.all_students,
        "college_admin_a": world.students_a,
        "college_admin_b": world.students_b,
        "university_admin": [world.university_student, world.branch_student],
        "student": [world.students_a[0]],
    }.get(role, [])


def send(client, method, path, payload):
    if method == "get":
        return client.get(f"{BASE}{path}")
    return getattr(client, method)(
        f"{BASE}{path}", json.dumps(payload, default=str), content_type="application/json"
    )


def keys_in(value):
    """Every dictionary key anywhere in a decoded JSON value."""
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_in(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_in(item)}
    return set()


def student_payload(world, **overrides):
    payload = {
        "iin": iin_for(date(2008, 1, 31), "M", 55),
        "last_name": "Нурланов",
        "first_name": "Ерлан",
        "region_id": world.region_a.pk,
        "institution_id": world.college_a.pk,
        "program_id": world.programs_a[0].pk,
        "year_of_study": 1,
        "funding": "state_order",
    }
    return {**payload, **overrides}


def enterprise_payload(world, **overrides):
    payload = {
        "name": "АО «Жел»",
        "bin": bin_for(date(2012, 4, 1), 4242),
        "sector": "energy",
        "size": "large",
        "region_id": world.region_b.pk,
    }
    return {**payload, **overrides}


def program_payload(world, **overrides):
    payload = {
        "institution_id": world.college_a.pk,
        "specialty_id": SpecialtyFactory().pk,
        "language": "kk",
        "form": "dual",
        "duration_months": 34,
        "capacity": 30,
        "state_funded_seats": 12,
    }
    return {**payload, **overrides}


# --------------------------------------------------------------------------- reading people


@pytest.mark.parametrize("role", [r for r in ROLES if r not in COUNT_ONLY_ROLES])
def test_student_list_shows_exactly_the_students_in_scope(world, users, client_for, role):
    response = client_for(users[role]).get(f"{BASE}/students")
    assert response.status_code == 200
    body = response.json()
    expected = visible_students(world, role)
    assert body["count"] == len(expected)
    assert sorted(item["iin"] for item in body["items"]) == sorted(s.iin for s in expected)


@pytest.mark.parametrize("role", COUNT_ONLY_ROLES)
def test_student_list_is_forbidden_to_roles_that_see_only_counts(world, users, client_for, role):
    response = client_for(users[role]).get(f"{BASE}/students")
    assert response.status_code == 403
    assert "counts" in response.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_student_detail_in_scope_is_found_and_out_of_scope_is_404(world, users, client_for, role):
    client = client_for(users[role])
    in_scope = {s.pk for s in visible_students(world, role)}
    for student in world.all_students:
        response = client.get(f"{BASE}/students/{student.pk}")
        if student.pk in in_scope:
            assert response.status_code == 200
            assert response.json()["iin"] == student.iin
        else:
            assert response.status_code == 404


def test_student_detail_reports_what_the_record_holds(world, users, client_for):
    student = world.students_a[1]
    body = client_for(users["college_admin_a"]).get(f"{BASE}/students/{student.pk}").json()
    assert body == {
        "id": student.pk,
        "iin": student.iin,
        "last_name": "Бекова",
        "first_name": student.first_name,
        "middle_name": student.middle_name,
        "birth_date": student.birth_date.isoformat(),
        "sex": student.sex,
        "region_id": world.region_a.pk,
        "institution_id": world.college_a.pk,
        "program_id": world.programs_a[1].pk,
        "year_of_study": 2,
        "funding": "paid",
        "status": "active",
        "enrolled_on": "2025-09-01",
        "expected_graduation_on": "2028-06-30",
        "grade_average": "4.00",
        "rural": False,
        "disability": False,
    }


def test_college_admin_b_gets_404_for_a_student_of_college_a(world, users, client_for):
    client = client_for(users["college_admin_b"])
    for student in world.students_a:
        assert client.get(f"{BASE}/students/{student.pk}").status_code == 404


def test_student_list_filters(world, users, client_for):
    client = client_for(users["ministry_admin"])
    body = client.get(f"{BASE}/students", {"funding": "paid"}).json()
    assert sorted(i["id"] for i in body["items"]) == sorted(
        [world.students_a[1].pk, world.students_b[2].pk]
    )
    body = client.get(f"{BASE}/students", {"q": world.students_b[1].iin}).json()
    assert [i["id"] for i in body["items"]] == [world.students_b[1].pk]
    body = client.get(f"{BASE}/students", {"institution": world.branch.pk}).json()
    assert [i["id"] for i in body["items"]] == [world.branch_student.pk]


@pytest.mark.parametrize("path", ["/students", "/students/counts", "/programs", "/institutions"])
def test_filter_id_beyond_the_database_range_is_422_naming_it(world, users, client_for, path):
    client = client_for(users["ministry_admin"])
    response = client.get(f"{BASE}{path}", {"region": "99999999999999999999"})
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", "region"]]


def test_student_list_is_paginated(world, users, client_for):
    client = client_for(users["ministry_admin"])
    body = client.get(f"{BASE}/students", {"page": 2}).json()
    assert body == {"items": [], "count": 8}


# --------------------------------------------------------------------------- counts


def test_analyst_gets_national_counts(world, users, client_for):
    response = client_for(users["analyst"]).get(f"{BASE}/students/counts", {"by": "institution"})
    assert response.status_code == 200
    counts = {row["key"]: row["count"] for row in response.json()}
    # every institution of the national count, each below the minimum cell size: "<5"
    assert counts == {
        world.college_a.pk: "<5",
        world.college_b.pk: "<5",
        world.university.pk: "<5",
        world.branch.pk: "<5",
    }


def test_college_admin_counts_only_their_college(world, users, client_for):
    response = client_for(users["college_admin_a"]).get(
        f"{BASE}/students/counts", {"by": "funding"}
    )
    assert {row["key"]: row["count"] for row in response.json()} == {"state_order": 2, "paid": 1}


@pytest.mark.parametrize("role", ["enterprise_hr", "student", "guidance_organiser"])
def test_roles_without_aggregates_get_empty_counts(world, users, client_for, role):
    response = client_for(users[role]).get(f"{BASE}/students/counts")
    assert response.status_code == 200
    assert response.json() == []


def test_analyst_responses_never_carry_an_iin(world, users, client_for):
    client = client_for(users["analyst"])
    paths = [
        "/students",
        "/students/counts",
        "/students/counts?by=institution",
        "/students/counts?by=specialty",
        "/students/counts?by=year_of_study",
        f"/students/{world.students_a[0].pk}",
        "/institutions",
        "/programs",
        "/enterprises",
        "/regions",
        "/specialties",
    ]
    iins = [s.iin for s in world.all_students] + [e.iin for e in world.all_educators]
    for path in paths:
        response = client.get(f"{BASE}{path}")
        assert response.status_code in (200, 403, 404), path
        assert "iin" not in keys_in(response.json()), path
        text = response.content.decode()
        assert not any(iin in text for iin in iins), path


# --------------------------------------------------------------------------- writing students


def test_post_student_creates_it_with_birth_date_and_sex_from_the_iin(world, users, client_for):
    response = send(
        client_for(users["college_admin_a"]), "post", "/students", student_payload(world)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["birth_date"], body["sex"]) == ("2008-01-31", "M")
    assert Student.objects.filter(iin=body["iin"], institution=world.college_a).exists()


def test_post_student_with_bad_iin_is_422_naming_iin(world, users, client_for):
    before = Student.objects.count()
    payload = student_payload(world, iin="123456789012")
    response = send(client_for(users["college_admin_a"]), "post", "/students", payload)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("iin:")
    assert "iin" in body["errors"]
    assert Student.objects.count() == before
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"region_id": 10**9}, "region"),
        ({"program_id": "program_of_b"}, "program"),
        (
            {"expected_graduation_on": "2025-01-01", "enrolled_on": "2025-09-01"},
            "expected_graduation_on",
        ),
    ],
)
def test_post_student_with_bad_field_is_422_naming_it(world, users, client_for, overrides, field):
    if overrides.get("program_id") == "program_of_b":
        overrides = {"program_id": world.programs_b[0].pk}
    before = Student.objects.count()
    payload = student_payload(world, **overrides)
    response = send(client_for(users["ministry_admin"]), "post", "/students", payload)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    assert Student.objects.count() == before


def test_patch_student_into_a_program_of_another_college_is_422(world, users, client_for):
    student = world.students_a[0]
    response = send(
        client_for(users["college_admin_a"]),
        "patch",
        f"/students/{student.pk}",
        {"program_id": world.programs_b[0].pk},
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("program:")
    student.refresh_from_db()
    assert student.program == world.programs_a[0]


@pytest.mark.parametrize("method", ["post", "patch"])
def test_student_with_an_unknown_program_is_422_naming_program(world, users, client_for, method):
    student = world.students_a[0]
    before = Student.objects.count()
    client = client_for(users["ministry_admin"])
    if method == "post":
        response = send(client, "post", "/students", student_payload(world, program_id=10**9))
    else:
        response = send(client, "patch", f"/students/{student.pk}", {"program_id": 10**9})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("program:")
    assert Student.objects.count() == before
    student.refresh_from_db()
    assert student.program == world.programs_a[0]


@pytest.mark.parametrize("year", [0, 7])
def test_year_of_study_out_of_range_is_422_naming_year_of_study(world, users, client_for, year):
    before = Student.objects.count()
    payload = student_payload(world, year_of_study=year)
    response = send(client_for(users["ministry_admin"]), "post", "/students", payload)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("year_of_study:")
    assert Student.objects.count() == before


def test_post_student_with_a_full_width_digit_iin_is_422_naming_iin(world, users, client_for):
    before = Student.objects.count()
    payload = student_payload(world, iin="９００５１５３０１２３４")
    response = send(client_for(users["ministry_admin"]), "post", "/students", payload)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("iin:")
    assert Student.objects.count() == before


def test_post_student_of_another_college_is_403_and_writes_nothing(world, users, client_for):
    before = Student.objects.count()
    response = send(
        client_for(users["college_admin_b"]), "post", "/students", student_payload(world)
    )
    assert response.status_code == 403
    assert Student.objects.count() == before


def test_patch_student_moves_them_to_another_region(world, users, client_for):
    student = world.students_a[0]
    response = send(
        client_for(users["college_admin_a"]),
        "patch",
        f"/students/{student.pk}",
        {"region_id": world.region_b.pk},
    )
    assert response.status_code == 200, response.content
    student.refresh_from_db()
    assert student.region == world.region_b


def test_patch_student_surname_is_audited(world, users, client_for):
    student = world.students_a[0]
    actor = users["college_admin_a"]
    response = send(client_for(actor), "patch", f"/students/{student.pk}", {"last_name": "Абаева"})
    assert response.status_code == 200
    assert response.json()["last_name"] == "Абаева"
    entry = AuditEntry.objects.get(model="registry.Student", object_id=str(student.pk))
    assert (entry.actor, entry.changes["last_name"]) == (actor, ["Абаев", "Абаева"])


def test_a_students_quota_categories_are_recorded_and_audited(world, users, client_for):
    student = world.students_a[0]
    actor = users["college_admin_a"]
    changes = {"rural": True, "disability": True}
    response = send(client_for(actor), "patch", f"/students/{student.pk}", changes)
    assert response.status_code == 200
    assert (response.json()["rural"], response.json()["disability"]) == (True, True)
    entry = AuditEntry.objects.get(model="registry.Student", object_id=str(student.pk))
    assert entry.changes["rural"] == [False, True]


def test_patch_student_of_another_college_is_404(world, users, client_for):
    student = world.students_a[0]
    response = send(
        client_for(users["college_admin_b"]), "patch", f"/students/{student.pk}", {"last_name": "X"}
    )
    assert response.status_code == 404
    student.refresh_from_db()
    assert student.last_name == "Абаев"


# --------------------------------------------------------------------------- organisations


def test_ministry_posts_an_enterprise(world, users, client_for):
    payload = enterprise_payload(world)
    response = send(client_for(users["ministry_admin"]), "post", "/enterprises", payload)
    assert response.status_code == 201
    assert response.json()["bin"] == payload["bin"]
    assert Enterprise.objects.filter(bin=payload["bin"]).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"bin": "123456789012"}, "bin"), ({"bin": "12"}, "bin"), ({"region_id": 10**9}, "region")],
)
def test_post_enterprise_with_bad_field_is_422_naming_it(
    world, users, client_for, overrides, field
):
    before = Enterprise.objects.count()
    payload = enterprise_payload(world, **overrides)
    response = send(client_for(users["ministry_admin"]), "post", "/enterprises", payload)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith(f"{field}:")
    assert field in body["errors"]
    assert Enterprise.objects.count() == before


@pytest.mark.parametrize("role", ["enterprise_hr", "analyst", "college_admin_a"])
def test_post_enterprise_is_403_for_other_roles(world, users, client_for, role):
    before = Enterprise.objects.count()
    response = send(client_for(users[role]), "post", "/enterprises", enterprise_payload(world))
    assert response.status_code == 403
    assert Enterprise.objects.count() == before


def test_post_program_with_negative_capacity_is_422_naming_capacity(world, users, client_for):
    before = Program.objects.count()
    payload = program_payload(world, capacity=-1, state_funded_seats=0)
    response = send(client_for(users["college_admin_a"]), "post", "/programs", payload)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("capacity:")
    assert Program.objects.count() == before


def test_post_program_creates_it(world, users, client_for):
    response = send(
        client_for(users["college_admin_a"]), "post", "/programs", program_payload(world)
    )
    assert response.status_code == 201
    assert Program.objects.get(pk=response.json()["id"]).institution == world.college_a


def test_patch_program_with_more_state_seats_than_capacity_is_422(world, users, client_for):
    program = world.programs_a[0]
    response = send(
        client_for(users["college_admin_a"]),
        "patch",
        f"/programs/{program.pk}",
        {"state_funded_seats": program.capacity + 1},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("state_funded_seats:")
    program.refresh_from_db()
    assert program.state_funded_seats == 20


def test_patch_program_of_another_college_is_403(world, users, client_for):
    program = world.programs_a[0]
    response = send(
        client_for(users["college_admin_b"]), "patch", f"/programs/{program.pk}", {"capacity": 99}
    )
    assert response.status_code == 403
    program.refresh_from_db()
    assert program.capacity == 25


def test_patch_program_within_capacity(world, users, client_for):
    program = world.programs_a[0]
    response = send(
        client_for(users["college_admin_a"]),
        "patch",
        f"/programs/{program.pk}",
        {"capacity": 40, "state_funded_seats": 40},
    )
    assert response.status_code == 200
    assert (response.json()["capacity"], response.json()["state_funded_seats"]) == (40, 40)


@pytest.mark.parametrize("role", ROLES)
def test_reference_data_is_readable_by_every_role(world, users, client_for, role):
    client = client_for(users[role])
    body = client.get(f"{BASE}/institutions", {"kind": "college"}).json()
    assert sorted(i["id"] for i in body["items"]) == sorted(
        [world.college_a.pk, world.college_b.pk]
    )
    assert client.get(f"{BASE}/institutions/{world.branch.pk}").json()["parent_id"] == (
        world.university.pk
    )
    assert client.get(f"{BASE}/enterprises/{world.enterprise.pk}").status_code == 200
    assert client.get(f"{BASE}/programs/{world.programs_b[0].pk}").status_code == 200
    assert len(client.get(f"{BASE}/regions").json()) == 2


def test_missing_objects_are_404(world, users, client_for):
    client = client_for(users["ministry_admin"])
    for path in ("institutions", "enterprises", "programs", "students"):
        assert client.get(f"{BASE}/{path}/{10**9}").status_code == 404


# --------------------------------------------------------------------------- auth and schema


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/students"),
        ("get", "/students/counts"),
        ("get", "/students/1"),
        ("get", "/institutions"),
        ("get", "/regions"),
        ("post", "/enterprises"),
        ("post", "/students"),
        ("patch", "/programs/1"),
    ],
)
def test_unauthenticated_requests_are_401(world, client_for, method, path):
    response = send(client_for(None), method, path, {})
    assert response.status_code == 401


def test_openapi_schema_loads(db, client_for):
    response = client_for(None).get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Qadam API"
    assert f"{BASE}/students" in schema["paths"]
    assert f"{BASE}/students/counts" in schema["paths"]


def test_student_cannot_change_their_own_record(world, users, client_for):
    me = world.students_a[0]
    response = send(
        client_for(users["student"]), "patch", f"/students/{me.pk}", {"funding": "paid"}
    )
    assert response.status_code == 403
    me.refresh_from_db()
    assert me.funding == "state_order"


@pytest.mark.parametrize(
    ("method", "path"), [("post", "/enterprises"), ("post", "/students"), ("patch", "/programs/1")]
)
def test_session_writes_without_a_csrf_token_are_refused(world, users, method, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["ministry_admin"])
    before = (Enterprise.objects.count(), Student.objects.count())
    response = send(client, method, path, {})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert (Enterprise.objects.count(), Student.objects.count()) == before
