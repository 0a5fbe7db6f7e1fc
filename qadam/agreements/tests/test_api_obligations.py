"""The obligations API under /api/v1/partnerships/, through Django's test client with
session login: per-role visibility (404) and permissions (403), refused values (422 naming
the field, nothing written), progress per agreement, partner and college, reminders."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qadam.agreements.models import Delivery, Obligation
from qadam.agreements.tests.conftest import TODAY

BASE = "/api/v1/partnerships"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def post(client, path, payload):
    return client.post(
        f"{BASE}{path}", json.dumps(payload, default=str), content_type="application/json"
    )


def delivery_payload(**overrides):
    payload = {"quantity": "2", "delivered_on": "2026-11-10", "description": "Two interns"}
    return {**payload, **overrides}


# --------------------------------------------------------------------------- agreements


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("analyst", 200),
        ("enterprise_hr", 200),
        ("college_admin_a", 200),
        ("college_admin_b", 404),
        ("university_admin", 404),
        ("student", 404),
    ],
)
def test_an_agreements_obligations_per_role(partnerships, users, client_for, role, status):
    response = client_for(users[role]).get(
        f"{BASE}/agreements/{partnerships.patronage.pk}/obligations"
    )
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["progress"]["percent"] == 13
        assert body["progress"]["overdue"] == 1
        kinds = {o["kind"]: o for o in body["obligations"]}
        assert kinds["mentors"]["is_overdue"] is True
        assert kinds["internship_places"]["percent"] == 40
        assert Decimal(kinds["equipment"]["target"]) == Decimal(5_000_000)


def test_anonymous_callers_are_refused(partnerships, client_for):
    response = client_for(None).get(f"{BASE}/agreements/{partnerships.patronage.pk}/obligations")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 201),
        ("enterprise_hr", 201),
        ("college_admin_a", 201),
        ("analyst", 403),
        ("college_admin_b", 404),
        ("student", 404),
    ],
)
def test_adding_an_obligation_per_role(world, partnerships, users, client_for, role, status):
    payload = {
        "kind": "jobs",
        "target": 3,
        "due_on": "2027-08-01",
        "party_id": partnerships.places.party_id,
        "beneficiary_id": world.college_a.pk,
    }
    response = post(
        client_for(users[role]), f"/agreements/{partnerships.patronage.pk}/obligations", payload
    )
    assert response.status_code == status
    assert Obligation.objects.filter(kind="jobs").exists() is (status == 201)
    if status == 201:
        body = response.json()
        assert (body["kind"], body["percent"], body["is_overdue"]) == ("jobs", 0, False)
        assert body["promised_by"] == world.enterprise.name


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"target": 0}, "target"),
        ({"target": "1.5"}, "target"),
        ({"kind": "cakes"}, "kind"),
        ({"party_id": 999_999}, "party"),
        ({"beneficiary_id": 999_999}, "beneficiary"),
    ],
)
def test_a_refused_obligation_names_the_field(partnerships, users, client_for, overrides, field):
    payload = {"kind": "mentors", "target": 2, "due_on": "2027-08-01", **overrides}
    count = Obligation.objects.count()
    response = post(
        client_for(users["ministry_admin"]),
        f"/agreements/{partnerships.patronage.pk}/obligations",
        payload,
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Obligation.objects.count() == count


def test_a_party_of_another_agreement_is_refused(partnerships, users, client_for):
    other = partnerships.memorandum.parties.first()
    payload = {"kind": "mentors", "target": 2, "due_on": "2027-08-01", "party_id": other.pk}
    response = post(
        client_for(users["ministry_admin"]),
        f"/agreements/{partnerships.patronage.pk}/obligations",
        payload,
    )
    assert response.status_code == 422
    assert "party" in response.json()["errors"]


# --------------------------------------------------------------------------- obligations


def test_an_obligation_with_its_deliveries(partnerships, users, client_for):
    response = client_for(users["college_admin_a"]).get(
        f"{BASE}/obligations/{partnerships.places.pk}"
    )
    body = response.json()
    assert (Decimal(body["delivered"]), body["percent"]) == (Decimal(4), 40)
    assert [d["description"] for d in body["deliveries"]] == ["Spring internships"]
    outsider = client_for(users["college_admin_b"])
    assert outsider.get(f"{BASE}/obligations/{partnerships.places.pk}").status_code == 404


def test_recording_a_delivery_returns_the_new_progress(partnerships, users, client_for):
    response = post(
        client_for(users["enterprise_hr"]),
        f"/obligations/{partnerships.places.pk}/deliveries",
        delivery_payload(evidence="act 7"),
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["evidence"], body["has_evidence_file"]) == ("act 7", False)
    assert (Decimal(body["obligation"]["delivered"]), body["obligation"]["percent"]) == (6, 60)
    partnerships.places.refresh_from_db()
    assert partnerships.places.delivered == Decimal(6)


def test_a_delivery_with_an_evidence_file_as_multipart(partnerships, users, client_for):
    upload = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    response = client_for(users["college_admin_a"]).post(
        f"{BASE}/obligations/{partnerships.places.pk}/deliveries",
        {**delivery_payload(), "evidence_file": upload},
    )
    assert response.status_code == 201, response.content
    assert response.json()["has_evidence_file"] is True
    assert Delivery.objects.get(pk=response.json()["id"]).evidence_file.name.endswith(".png")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "-1"}, "quantity"),
        ({"delivered_on": str(TODAY + timedelta(days=1))}, "delivered_on"),
        ({"description": ""}, "description"),
        ({"delivered_on": "soon"}, "delivered_on"),
        ({"quantity": None}, "quantity"),
    ],
)
def test_a_refused_delivery_names_the_field_and_writes_nothing(
    partnerships, users, client_for, overrides, field
):
    response = post(
        client_for(users["enterprise_hr"]),
        f"/obligations/{partnerships.places.pk}/deliveries",
        delivery_payload(**overrides),
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    partnerships.places.refresh_from_db()
    assert partnerships.places.delivered == Decimal(4)
    assert Delivery.objects.count() == 1


def test_a_bad_evidence_file_or_body_is_refused(partnerships, users, client_for):
    client = client_for(users["enterprise_hr"])
    upload = SimpleUploadedFile("act.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        f"{BASE}/obligations/{partnerships.places.pk}/deliveries",
        {**delivery_payload(), "evidence_file": upload},
    )
    assert response.status_code == 422
    assert "evidence_file" in response.json()["errors"]
    response = client.post(
        f"{BASE}/obligations/{partnerships.places.pk}/deliveries",
        "{not json",
        content_type="application/json",
    )
    assert response.status_code == 422
    assert Delivery.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "status"), [("analyst", 403), ("college_admin_b", 404), ("student", 404)]
)
def test_those_who_may_not_record_are_refused(partnerships, users, client_for, role, status):
    response = post(
        client_for(users[role]),
        f"/obligations/{partnerships.places.pk}/deliveries",
        delivery_payload(),
    )
    assert response.status_code == status
    assert Delivery.objects.count() == 1


# --------------------------------------------------------------------------- profiles


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("analyst", 200),
        ("enterprise_hr", 200),
        ("college_admin_a", 404),
        ("student", 404),
    ],
)
def test_a_partners_progress_per_role(world, partnerships, users, client_for, role, status):
    response = client_for(users[role]).get(f"{BASE}/partners/{world.enterprise.pk}/progress")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        kinds = {total["kind"]: total for total in body["progress"]["by_kind"]}
        assert (Decimal(kinds["internship_places"]["promised"]), kinds["mentors"]["overdue"]) == (
            Decimal(10),
            1,
        )
        assert [c["institution_id"] for c in body["by_college"]] == [world.college_a.pk]
        assert sorted(a["number"] for a in body["agreements"]) == ["M-001", "P-001"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("college_admin_a", 200),
        ("college_admin_b", 404),
        ("enterprise_hr", 404),
    ],
)
def test_a_colleges_progress_per_role(world, partnerships, users, client_for, role, status):
    response = client_for(users[role]).get(f"{BASE}/colleges/{world.college_a.pk}/progress")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert [p["enterprise_id"] for p in body["patrons"]] == [world.enterprise.pk]
        assert body["patrons"][0]["progress"]["obligations"] == 3
        assert body["progress"]["overdue"] == 1
        assert [a["number"] for a in body["agreements"]] == ["P-001"]


# --------------------------------------------------------------------------- reminders


@pytest.mark.parametrize(
    ("role", "expiring", "overdue"),
    [
        ("ministry_admin", 1, 1),
        ("college_admin_a", 0, 1),
        ("college_admin_b", 1, 0),
        ("enterprise_hr", 1, 1),
        ("student", 0, 0),
    ],
)
def test_reminders_per_role(partnerships, users, client_for, role, expiring, overdue):
    body = client_for(users[role]).get(f"{BASE}/reminders").json()
    assert (body["expiring_count"], body["overdue_count"]) == (expiring, overdue)
    if expiring:
        assert body["expiring"][0]["number"] == "M-001"
        assert body["expiring"][0]["days_left"] == 55
    if overdue:
        assert body["overdue"][0]["id"] == partnerships.mentors.pk


def test_the_reminders_limit_is_bounded(partnerships, users, client_for):
    client = client_for(users["ministry_admin"])
    assert client.get(f"{BASE}/reminders", {"limit": 0}).status_code == 422
    assert client.get(f"{BASE}/reminders", {"limit": 501}).status_code == 422
