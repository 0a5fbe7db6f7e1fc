"""The pages and the API as each role meets them."""

import json
from datetime import date

from django.core import mail
from django.urls import reverse

from qadam.agreements.reminders import reminders_send
from qadam.educators.models import Upskilling

COURSE = {
    "kind": "course",
    "title": "Welding practice",
    "provider": "Centre of excellence",
    "form": "centre",
    "hours": "80",
    "started_on": "2026-02-01",
    "completed_on": "2026-02-20",
}


def test_a_college_lists_its_own_educators_and_sees_who_is_overdue(
    setting, world, users, client_for
):
    page = client_for(users["college_admin_a"]).get(reverse("educators:educator_list"))
    body = page.content.decode()
    assert page.status_code == 200
    assert all(f'data-educator="{e.pk}"' in body for e in world.educators_a)
    assert not any(f'data-educator="{e.pk}"' in body for e in world.educators_b)
    assert body.count('data-testid="overdue"') == 1


def test_another_colleges_educator_is_not_found(world, users, client_for):
    client = client_for(users["college_admin_b"])
    educator = world.educators_a[0]
    for name in ("educator_detail", "educator_edit", "upskilling_create"):
        assert client.get(reverse(f"educators:{name}", args=[educator.pk])).status_code == 404
    assert client.get(f"/api/v1/educators/{educator.pk}").status_code == 404


def test_analysts_get_the_shares_and_no_names(setting, users, client_for):
    client = client_for(users["analyst"])
    response = client.get(reverse("educators:educator_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("educators:shares")
    shares = client.get(reverse("educators:shares"))
    assert shares.status_code == 200
    assert setting.upskilled.last_name not in shares.content.decode()
    assert client.get("/api/v1/educators/").status_code == 403
    figures = client.get("/api/v1/educators/shares").json()
    assert figures["educators"] == "<5" and figures["share"] is None


def test_roles_without_educators_are_refused(users, client_for):
    for role in ("enterprise_hr", "student", "guidance_organiser"):
        client = client_for(users[role])
        assert client.get(reverse("educators:educator_list")).status_code == 403
        assert client.get(reverse("educators:shares")).status_code == 403


def test_the_page_records_a_course_with_a_certificate(setting, users, client_for):
    client = client_for(users["college_admin_a"])
    url = reverse("educators:upskilling_create", args=[setting.overdue.pk])
    with open(__file__, "rb") as not_a_pdf:
        refused = client.post(url, {**COURSE, "certificate_file": not_a_pdf})
    assert refused.status_code == 200
    assert "The evidence file must be a PDF, JPEG or PNG." in refused.content.decode()
    assert not Upskilling.objects.filter(educator=setting.overdue).exists()
    response = client.post(url, {**COURSE, "hours": "0"})
    assert "Must be from 1 to 2000." in response.content.decode()
    assert client.post(url, COURSE).status_code == 302
    assert Upskilling.objects.filter(educator=setting.overdue).count() == 1


def test_the_api_records_and_reads_an_upskilling_with_the_same_rules(setting, users, client_for):
    client = client_for(users["college_admin_a"])
    url = f"/api/v1/educators/{setting.overdue.pk}/upskilling"
    refused = client.post(url, {**COURSE, "hours": "0"})
    assert refused.status_code == 422
    assert "Must be from 1 to 2000." in json.dumps(refused.json())
    created = client.post(url, COURSE)
    assert created.status_code == 201, created.content
    detail = client.get(f"/api/v1/educators/{setting.overdue.pk}").json()
    assert detail["is_overdue"] is False
    assert [u["title"] for u in detail["upskilling"]] == ["Welding practice"]
    assert client.delete(f"/api/v1/educators/upskilling/{created.json()['id']}").status_code == 204


def test_the_api_changes_an_educators_record(world, users, client_for):
    client = client_for(users["college_admin_a"])
    educator = world.educators_a[0]
    specialty = world.programs_a[0].specialty
    response = client.patch(
        f"/api/v1/educators/{educator.pk}",
        {"category": "master", "specialties": [specialty.pk], "is_foreign_manager": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["category"] == "master"
    assert response.json()["specialties"] == [specialty.pk]
    for bad in ({"years_in_industry": 60}, {"specialties": [999_999]}, {"category": "guru"}):
        refused = client.patch(
            f"/api/v1/educators/{educator.pk}", bad, content_type="application/json"
        )
        assert refused.status_code == 422, bad


def test_overdue_educators_are_on_the_home_page_and_in_the_daily_email(setting, users, client_for):
    college = users["college_admin_a"]
    home = client_for(college).get("/").content.decode()
    assert 'data-testid="upskilling-overdue-count" data-count="1"' in home
    assert reverse("educators:educator_detail", args=[setting.overdue.pk]) in home
    college.email = "college@example.kz"
    college.save()
    reminders_send(today=date(2026, 11, 21), base_url="https://qadam.example")
    [message] = mail.outbox
    # (the e-mail is in Russian: its wording is the translators')
    assert f"https://qadam.example/educators/{setting.overdue.pk}/" in message.body
