"""The register's API under /api/v1/partnerships/: list with filters, detail, create,
update, transitions, parties, PDF documents, figures and the export; errors as 400 (a
lifecycle rule), 403 (read-only), 404 (out of scope) and 422 (a field)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qadam.agreements.models import Agreement, Document
from qadam.common.models import Job

BASE = "/api/v1/partnerships"
PDF = b"%PDF-1.5\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def send(client, method, path, payload=None):
    if method == "get":
        return client.get(f"{BASE}{path}", payload or {})
    return getattr(client, method)(
        f"{BASE}{path}", json.dumps(payload or {}, default=str), content_type="application/json"
    )


def numbers(response):
    return sorted(item["number"] for item in response.json()["items"])


# --------------------------------------------------------------------------- reads


def test_the_list_is_scoped_filtered_and_paginated(partnerships, world, users, client_for):
    ministry = client_for(users["ministry_admin"])
    response = send(ministry, "get", "/agreements")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert numbers(send(ministry, "get", "/agreements", {"country": "RU"})) == ["DD-001"]
    assert numbers(send(ministry, "get", "/agreements", {"region": world.region_b.pk})) == ["M-001"]
    query = {"enterprise": world.enterprise.pk, "status": "active"}
    assert numbers(send(ministry, "get", "/agreements", query)) == ["P-001"]
    hr = client_for(users["enterprise_hr"])
    assert numbers(send(hr, "get", "/agreements")) == ["M-001", "P-001"]
    item = send(hr, "get", "/agreements", {"kind": "patronage"}).json()["items"][0]
    assert {p["role"] for p in item["parties"]} == {"patron", "beneficiary"}


def test_a_bad_id_filter_is_a_422(partnerships, users, client_for):
    response = send(client_for(users["ministry_admin"]), "get", "/agreements", {"region": "x"})
    assert response.status_code == 422


def test_the_detail_says_what_the_user_may_do(partnerships, users, client_for):
    path = f"/agreements/{partnerships.patronage.pk}"
    body = send(client_for(users["college_admin_a"]), "get", path).json()
    assert body["number"] == "P-001"
    assert body["allowed_transitions"] == ["terminated"]  # it runs until 2027
    assert body["documents"] == []
    assert send(client_for(users["analyst"]), "get", path).json()["allowed_transitions"] == []
    assert send(client_for(users["college_admin_b"]), "get", path).status_code == 404


def test_figures_by_country_and_kind(partnerships, users, client_for):
    body = send(client_for(users["ministry_admin"]), "get", "/agreements/figures").json()
    assert (body["total"], body["active"]) == (3, 2)
    russia = next(row for row in body["by_country"] if row["country"] == "RU")
    assert russia == {
        "country": "RU",
        "iso3": "RUS",
        "label": "Russia",
        "agreements": 1,
        "active": 1,
    }
    filtered = send(
        client_for(users["ministry_admin"]), "get", "/agreements/figures", {"kind": "patronage"}
    ).json()
    assert [row["kind"] for row in filtered["by_kind"]] == ["patronage"]


def test_the_api_needs_a_login(partnerships, client_for):
    assert send(client_for(None), "get", "/agreements").status_code == 401


# --------------------------------------------------------------------------- writes


def payload(world, **overrides):
    return {
        "number": "API-1",
        "kind": "dual_training",
        "title": "Dual training of welders",
        "starts_on": "2027-01-01",
        "ends_on": "2029-12-31",
        "parties": [
            {"kind": "institution", "role": "partner", "institution_id": world.college_a.pk},
            {"kind": "enterprise", "role": "partner", "enterprise_id": world.enterprise.pk},
        ],
        **overrides,
    }


def test_create_update_and_move_an_agreement(world, users, client_for):
    client = client_for(users["enterprise_hr"])
    response = send(client, "post", "/agreements", payload(world))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], len(body["parties"])) == ("draft", 2)
    path = f"/agreements/{body['id']}"
    response = send(client, "patch", path, {"title": "Dual training of welders and fitters"})
    assert response.json()["title"] == "Dual training of welders and fitters"
    response = send(client, "post", f"{path}/transition", {"to": "signed", "on": "2026-11-01"})
    assert (response.json()["status"], response.json()["signed_on"]) == ("signed", "2026-11-01")
    response = send(client, "post", f"{path}/transition", {"to": "expired"})
    assert response.status_code == 400
    assert "runs until 2029-12-31" in response.json()["detail"]
    reason = {"to": "terminated", "reason": "The workshop burned down"}
    response = send(client, "post", f"{path}/transition", reason)
    assert (response.json()["status"], response.json()["termination_reason"]) == (
        "terminated",
        "The workshop burned down",
    )


def test_lifecycle_and_field_errors(partnerships, world, users, client_for):
    client = client_for(users["ministry_admin"])
    Agreement.objects.filter(pk=partnerships.double_diploma.pk).update(status="expired")
    path = f"/agreements/{partnerships.double_diploma.pk}/transition"
    response = send(client, "post", path, {"to": "active"})
    assert response.status_code == 400
    assert response.json()["detail"] == "An expired agreement cannot become active."
    path = f"/agreements/{partnerships.patronage.pk}/transition"
    response = send(client, "post", path, {"to": "terminated"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["reason"]
    response = send(client, "post", "/agreements", payload(world, number="P-001"))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["number"]
    response = send(client, "patch", f"/agreements/{partnerships.patronage.pk}", {"number": "X"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["number"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("analyst", 403), ("student", 404), ("college_admin_b", 404), ("university_admin", 404)],
)
def test_writes_of_others_are_refused(partnerships, world, users, client_for, role, status):
    client = client_for(users[role])
    path = f"/agreements/{partnerships.patronage.pk}"
    assert send(client, "patch", path, {"description": "x"}).status_code == status
    response = send(client, "post", f"{path}/transition", {"to": "terminated", "reason": "x"})
    assert response.status_code == status
    partnerships.patronage.refresh_from_db()
    assert (partnerships.patronage.status, partnerships.patronage.description) == ("active", "")


@pytest.mark.parametrize("role", ["analyst", "student", "guidance_organiser"])
def test_read_only_roles_may_not_create(world, users, client_for, role):
    response = send(client_for(users[role]), "post", "/agreements", payload(world))
    assert response.status_code == 403
    assert not Agreement.objects.exists()


def test_parties_are_added_and_removed(partnerships, world, users, client_for):
    client = client_for(users["ministry_admin"])
    path = f"/agreements/{partnerships.memorandum.pk}/parties"
    party = {
        "kind": "foreign_institution",
        "role": "partner",
        "name": "Ural College",
        "country": "RU",
    }
    response = send(client, "post", path, party)
    assert response.status_code == 201
    assert response.json()["country"] == "RU"
    party_id = response.json()["id"]
    assert send(client, "delete", f"{path}/{party_id}").status_code == 204
    assert send(client, "delete", f"{path}/{party_id}").status_code == 404
    closed = f"/agreements/{partnerships.patronage.pk}/parties"
    response = send(client, "post", closed, party)
    assert response.status_code == 400


# --------------------------------------------------------------------------- documents


def upload(client, agreement, name="annex.pdf", content=PDF, title="Annex 1"):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(
        f"{BASE}/agreements/{agreement.pk}/documents", {"file": file, "title": title}
    )


def test_a_pdf_is_attached_through_the_api(partnerships, users, client_for):
    client = client_for(users["university_admin"])
    response = upload(client, partnerships.double_diploma)
    assert response.status_code == 201, response.json()
    body = response.json()
    document = Document.objects.get()
    assert body["title"] == "Annex 1" and body["size"] == len(PDF)
    assert body["url"] == f"/partnerships/documents/{document.pk}/"
    detail = send(client, "get", f"/agreements/{partnerships.double_diploma.pk}").json()
    assert [d["id"] for d in detail["documents"]] == [document.pk]


@pytest.mark.parametrize(
    ("name", "content"),
    [("fake.pdf", b"<html>not a pdf</html>"), ("big.pdf", PDF + b" " * (10 * 1024 * 1024))],
)
def test_what_is_not_a_small_pdf_is_a_422_naming_the_file(
    partnerships, users, client_for, name, content
):
    response = upload(client_for(users["ministry_admin"]), partnerships.patronage, name, content)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]
    assert not Document.objects.exists()


def test_uploads_of_others_are_refused(partnerships, users, client_for):
    assert upload(client_for(users["analyst"]), partnerships.patronage).status_code == 403
    assert upload(client_for(users["college_admin_b"]), partnerships.patronage).status_code == 404


# --------------------------------------------------------------------------- export


def test_the_export_is_queued_with_the_filters(
    partnerships, world, users, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users["analyst"])
    region = world.region_a.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/agreements/export?country=RU&kind=&region={region}")
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert job.kind == "export:agreements.register"
    params = {"country": "RU", "region": str(region)}
    assert job.parameters == {"exporter": "agreements.register", "params": params}
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.SUCCEEDED, "1")


def test_the_export_follows_the_scope(
    partnerships, users, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users["college_admin_b"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/agreements/export")
    job = Job.objects.get(pk=response.json()["id"])
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.SUCCEEDED, "1")  # M-001 only


@pytest.mark.parametrize("query", ["kind=nonsense", "status=x", "country=RUS"])
def test_a_malformed_export_filter_is_422_naming_it_and_queues_nothing(
    partnerships, users, client_for, query
):
    """The endpoint reads the register's declaration as the list does (it was 400 before the
    filters were one declaration; the list ignored them)."""
    response = client_for(users["ministry_admin"]).post(f"{BASE}/agreements/export?{query}")
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [query.split("=")[0]]
    assert not Job.objects.exists()
