from datetime import date

import pytest

from qadam.agreements.models import Mobility

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


def test_a_student_withdraws_and_no_longer_fills_a_seat(users, joint, client_for):
    client = client_for(users["ministry_admin"])
    member = joint.members[0]
    response = client.patch(
        f"{BASE}/cohorts/{joint.cohort.pk}/members/{member.pk}",
        {"status": "withdrawn"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    progress = client.get(f"{BASE}/programmes/{joint.programme.pk}/progress").json()
    assert progress["enrolled"] == 1


def test_an_exchange_of_a_participant_belongs_to_the_programme(world, users, joint, client_for):
    outside = Mobility.objects.create(
        person_kind="student",
        direction="outgoing",
        full_name="Б",
        home_institution=world.college_b,
        host_country="RU",
        starts_on=date(2026, 9, 1),
        funding="self",
    )
    inside = Mobility.objects.create(
        person_kind="student",
        direction="outgoing",
        full_name="А",
        home_institution=world.college_a,
        host_institution=joint.russian,
        host_country="RU",
        starts_on=date(2026, 9, 1),
        funding="self",
    )
    client = client_for(users["ministry_admin"])
    url = f"{BASE}/programmes/{joint.programme.pk}/exchanges"
    refused = client.post(url, {"mobility_id": outside.pk}, content_type="application/json")
    assert refused.status_code == 422
    assert "Neither the sending nor the host institution" in refused.content.decode()
    added = client.post(url, {"mobility_id": inside.pk}, content_type="application/json")
    assert added.status_code == 201
