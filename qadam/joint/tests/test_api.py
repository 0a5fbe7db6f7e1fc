import pytest

pytestmark = pytest.mark.django_db
BASE = "/api/v1/joint"


def test_the_list_and_the_progress(users, joint, client_for):
    client = client_for(users["analyst"])
    [row] = client.get(f"{BASE}/programmes").json()
    assert (row["programme"]["code"], row["seats"], row["students"]) == ("JP-1", 15, "<5")
    progress = client.get(f"{BASE}/programmes/{joint.programme.pk}/progress").json()
    assert progress["seats"] == 15
    assert client.get(f"{BASE}/programmes/{joint.programme.pk}/cohorts").json() == []


def test_out_of_sight_is_404_and_a_write_by_a_college_403(users, joint, client_for):
    url = f"{BASE}/programmes/{joint.programme.pk}"
    assert client_for(users["college_admin_b"]).get(url).status_code == 404
    response = client_for(users["college_admin_a"]).patch(
        url, {"name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert (
        client_for(users["analyst"]).get(f"{BASE}/cohorts/{joint.cohort.pk}/members").status_code
        == 404
    )


def test_the_api_refuses_with_the_forms_message(world, users, joint, client_for):
    response = client_for(users["ministry_admin"]).post(
        f"{BASE}/programmes/{joint.programme.pk}/quotas",
        {
            "year": 2031,
            "ru_region": "RU-OMS",
            "specialty_id": world.programs_a[0].specialty_id,
            "seats": 3,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "The programme ends in 2030." in response.content.decode()


def test_the_ministry_adds_a_member(world, users, joint, client_for):
    response = client_for(users["ministry_admin"]).post(
        f"{BASE}/cohorts/{joint.omsk_cohort.pk}/members",
        {"student_id": world.students_a[1].pk, "joined_on": "2026-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["iin"] == world.students_a[1].iin
