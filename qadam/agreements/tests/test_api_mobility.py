"""The mobility API under /api/v1/partnerships/, through Django's test client with a session.

Analysts get 403 from the records (list and detail) and read `/mobility/figures`; every
other role reads the records of its scope (404 outside it). See conftest.py for the two
records of `partnerships`.
"""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from qadam.agreements.models import Mobility
from qadam.agreements.tests.conftest import outgoing_students
from qadam.common.models import AuditEntry
from qadam.registry.tests.factories import ROLES, iin_for

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships"
NAMES = ("Университетов Арман", "Иванов Пётр")
READERS = {
    "ministry_admin": {"Университетов Арман", "Иванов Пётр"},
    "college_admin_a": {"Иванов Пётр"},
    "university_admin": {"Университетов Арман"},
}
NON_WRITERS = ("analyst", "enterprise_hr", "student", "guidance_organiser")


def send(client, method, path, payload=None):
    if method == "get":
        return client.get(f"{BASE}{path}", payload or {})
    return getattr(client, method)(
        f"{BASE}{path}", json.dumps(payload or {}, default=str), content_type="application/json"
    )


def mentions(response, name):
    """Does the body hold `name`, as it is or escaped as JSON does?"""
    body = response.content.decode()
    return name in body or json.dumps(name)[1:-1] in body


def payload(world, **changes):
    data = {
        "person_kind": "student",
        "direction": "outgoing",
        "full_name": "Абаев Нурлан",
        "student_id": world.students_a[0].pk,
        "home_institution_id": world.college_a.pk,
        "host_country": "TR",
        "starts_on": "2027-02-01",
        "ends_on": "2027-06-30",
        "funding": "program",
    }
    return {**data, **changes}


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("role", ROLES)
def test_the_list_per_role(users, partnerships, client_for, role):
    response = send(client_for(users[role]), "get", "/mobility")
    if role == "analyst":
        assert response.status_code == 403
        assert "counts only" in response.json()["detail"]
    else:
        assert response.status_code == 200
        items = response.json()["items"]
        assert {item["full_name"] for item in items} == READERS.get(role, set())
    for name in NAMES:
        assert mentions(response, name) == (name in READERS.get(role, set()))


@pytest.mark.parametrize("role", ROLES)
def test_a_record_per_role(users, partnerships, client_for, role):
    client = client_for(users[role])
    for mobility in (partnerships.outgoing, partnerships.incoming):
        response = send(client, "get", f"/mobility/{mobility.pk}")
        if role == "analyst":
            expected = 403
        else:
            expected = 200 if mobility.full_name in READERS.get(role, set()) else 404
        assert response.status_code == expected
        assert mentions(response, mobility.full_name) == (expected == 200)


def test_a_record_shows_its_status(users, partnerships, client_for):
    body = send(
        client_for(users["ministry_admin"]), "get", f"/mobility/{partnerships.outgoing.pk}"
    ).json()
    assert body["status"] == "abroad"
    assert body["host_country"] == "RU" and body["scholarship"] is True
    assert body["agreement_id"] == partnerships.double_diploma.pk


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"direction": "incoming"}, {"Иванов Пётр"}),
        ({"scholarship": "true"}, {"Университетов Арман"}),
        ({"scholarship": "false"}, {"Иванов Пётр"}),
        ({"host_country": "ru"}, {"Университетов Арман"}),
        ({"status": "completed"}, {"Иванов Пётр"}),
        ({"q": "пётр"}, {"Иванов Пётр"}),
    ],
)
def test_the_list_filters(users, partnerships, client_for, query, expected):
    response = send(client_for(users["ministry_admin"]), "get", "/mobility", query)
    assert {item["full_name"] for item in response.json()["items"]} == expected


@pytest.mark.parametrize(
    ("role", "total"),
    [
        ("ministry_admin", 2),
        ("analyst", "<5"),  # 2, below the minimum cell size
        ("college_admin_a", 1),
        ("college_admin_b", 0),
        ("enterprise_hr", 0),
    ],
)
def test_figures_per_role_without_names(users, partnerships, client_for, role, total):
    response = send(client_for(users[role]), "get", "/mobility/figures")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == total
    for name in NAMES:
        assert not mentions(response, name)
    if role == "ministry_admin":
        assert body["scholarship_share"] == 50.0
        assert body["by_host_country"] == [
            {"country": "KZ", "count": 1},
            {"country": "RU", "count": 1},
        ]
        assert body["russia"]["total"] == 1
        assert body["russia"]["scholarship_share"] == 100.0
        assert body["russia"]["returns_by_year"] == [{"year": 2029, "expected": 1, "returned": 0}]


def test_an_analysts_figures_ignore_a_search_by_name(users, world, partnerships, client_for):
    outgoing_students(world, 5)  # five to Turkey: enough not to be masked
    response = send(client_for(users["analyst"]), "get", "/mobility/figures", {"q": "Иванов"})
    assert {"country": "TR", "count": 5} in response.json()["by_host_country"]
    filtered = send(
        client_for(users["analyst"]), "get", "/mobility/figures", {"direction": "incoming"}
    )
    assert [row["country"] for row in filtered.json()["by_host_country"]] == ["KZ"]


# --------------------------------------------------------------------------- writing


def test_a_college_creates_a_record(users, world, client_for):
    response = send(client_for(users["college_admin_a"]), "post", "/mobility", payload(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["student_id"], body["host_country"]) == (
        "planned",
        world.students_a[0].pk,
        "TR",
    )
    assert AuditEntry.objects.filter(action="create", object_id=str(body["id"])).exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"iin": "950101300124"}, "iin", "check digit"),
        ({"ends_on": "2027-01-31"}, "ends_on", "end after it starts"),
        ({"host_country": "KZ"}, "host_country", "differ from the home country"),
        ({"student_id": 10**9}, "student", "not a valid choice"),
        ({"home_institution_id": None}, "home_institution", "sending or the host"),
    ],
)
def test_a_broken_rule_is_422_naming_the_field(users, world, client_for, changes, field, words):
    response = send(
        client_for(users["college_admin_a"]), "post", "/mobility", payload(world, **changes)
    )
    assert response.status_code == 422
    assert words in " ".join(response.json()["errors"][field])
    assert not Mobility.objects.exists()


def test_a_valid_iin_is_kept(users, world, client_for):
    iin = iin_for(date(1996, 5, 17), "F", 3)
    response = send(
        client_for(users["ministry_admin"]),
        "post",
        "/mobility",
        payload(world, iin=iin, student_id=None, full_name="Бекова Аружан"),
    )
    assert response.status_code == 201 and response.json()["iin"] == iin


@pytest.mark.parametrize("role", NON_WRITERS)
def test_writes_by_other_roles_are_refused(users, world, partnerships, client_for, role):
    client = client_for(users[role])
    assert send(client, "post", "/mobility", payload(world)).status_code == 403
    for mobility in (partnerships.outgoing, partnerships.incoming):
        patch = send(client, "patch", f"/mobility/{mobility.pk}", {"program": "x"})
        back = send(
            client, "post", f"/mobility/{mobility.pk}/return", {"returned_on": "2026-07-01"}
        )
        # analysts read no record (403); the others do not see these (404)
        expected = 403 if role == "analyst" else 404
        assert (patch.status_code, back.status_code) == (expected, expected)
    assert Mobility.objects.count() == 2 and not AuditEntry.objects.exists()


def test_patch_changes_only_what_is_sent(users, partnerships, client_for):
    mobility = partnerships.incoming
    response = send(
        client_for(users["college_admin_a"]),
        "patch",
        f"/mobility/{mobility.pk}",
        {"ends_on": "2026-12-31", "program": "Welding and cutting"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["program"] == "Welding and cutting"
    mobility.refresh_from_db()
    assert (mobility.ends_on, mobility.program, mobility.funding) == (
        date(2026, 12, 31),
        "Welding and cutting",
        "program",
    )
    entry = AuditEntry.objects.get(action="update", object_id=str(mobility.pk))
    assert set(entry.changes) == {"ends_on", "program"}


def test_patch_outside_the_scope_is_404_and_a_bad_date_422(users, partnerships, client_for):
    path = f"/mobility/{partnerships.incoming.pk}"
    other = send(client_for(users["college_admin_b"]), "patch", path, {"program": "x"})
    assert other.status_code == 404
    bad = send(client_for(users["ministry_admin"]), "patch", path, {"ends_on": "2026-01-01"})
    assert bad.status_code == 422 and "ends_on" in bad.json()["errors"]


def test_patch_can_clear_a_link(users, partnerships, client_for):
    path = f"/mobility/{partnerships.outgoing.pk}"
    response = send(client_for(users["ministry_admin"]), "patch", path, {"agreement_id": None})
    assert response.status_code == 200 and response.json()["agreement_id"] is None


def test_a_return_is_recorded(users, partnerships, client_for):
    returned_on = timezone.localdate() - timedelta(days=1)
    response = send(
        client_for(users["university_admin"]),
        "post",
        f"/mobility/{partnerships.outgoing.pk}/return",
        {"returned_on": returned_on.isoformat()},
    )
    assert response.status_code == 200
    assert response.json()["returned_on"] == returned_on.isoformat()
    assert response.json()["status"] == "returned"


@pytest.mark.parametrize(
    ("returned_on", "words"),
    [(timezone.localdate() + timedelta(days=1), "future"), (date(2025, 8, 1), "before the start")],
)
def test_a_bad_return_is_422(users, partnerships, client_for, returned_on, words):
    response = send(
        client_for(users["ministry_admin"]),
        "post",
        f"/mobility/{partnerships.outgoing.pk}/return",
        {"returned_on": returned_on.isoformat()},
    )
    assert response.status_code == 422
    assert words in response.json()["errors"]["returned_on"][0]


def test_the_api_needs_a_session(partnerships, client_for):
    assert send(client_for(None), "get", "/mobility/figures").status_code == 401
