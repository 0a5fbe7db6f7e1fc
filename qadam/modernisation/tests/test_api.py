"""The read-only API: the same scope as the pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_ministry_reads_the_programme_and_every_project(programme, users, client_for):
    client = client_for(users["ministry_admin"])
    summary = client.get("/api/v1/modernisation/programme").json()
    assert summary["target"] == 270 and summary["colleges"] == 2
    assert summary["overdue"] == 2
    projects = client.get("/api/v1/modernisation/projects").json()
    assert projects["count"] == 2
    detail = client.get(f"/api/v1/modernisation/projects/{programme.project_a.pk}").json()
    assert detail["college"] == programme.project_a.college_id
    assert {line["source"] for line in detail["lines"]} == {"republican", "patron"}
    assert len(detail["milestones"]) == 2


def test_a_college_reads_its_own_project_only(programme, users, client_for):
    client = client_for(users["college_admin_a"])
    assert client.get("/api/v1/modernisation/programme").status_code == 403
    assert client.get("/api/v1/modernisation/projects").json()["count"] == 1
    other = f"/api/v1/modernisation/projects/{programme.project_b.pk}"
    assert client.get(other).status_code == 404


def test_investments_by_api_follow_the_list_pages_scope(programme, users, client_for):
    for role, count in (("analyst", 1), ("enterprise_hr", 1), ("college_admin_a", 0)):
        body = client_for(users[role]).get("/api/v1/modernisation/investments").json()
        assert body["count"] == count, role
    item = client_for(users["analyst"]).get("/api/v1/modernisation/investments").json()
    assert item["items"][0]["agreement"] == "PPP-001"
