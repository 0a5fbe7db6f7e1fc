"""The pages per role: what each may open, and the national-scale page costs no N+1."""

from datetime import date

import pytest
from django.urls import reverse

from qadam.modernisation.models import EquipmentLine, Milestone

pytestmark = pytest.mark.django_db


def test_the_ministry_sees_the_programme_against_its_target(programme, users, client_for):
    response = client_for(users["ministry_admin"]).get(reverse("modernisation:programme"))
    assert response.status_code == 200
    assert b"2 / 270" in response.content


def test_a_college_has_no_national_view_but_its_own_project(programme, users, client_for):
    client = client_for(users["college_admin_a"])
    assert client.get(reverse("modernisation:programme")).status_code == 403
    own = reverse("modernisation:project_detail", args=[programme.project_a.pk])
    other = reverse("modernisation:project_detail", args=[programme.project_b.pk])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404


def test_an_enterprise_lists_and_delivers_the_lines_it_pays_for(programme, users, client_for):
    client = client_for(users["enterprise_hr"])
    page = client.get(reverse("modernisation:line_list"))
    assert page.status_code == 200
    assert f'data-line="{programme.patron_line.pk}"'.encode() in page.content
    assert f'data-line="{programme.line_b.pk}"'.encode() not in page.content
    foreign = reverse("modernisation:line_deliver", args=[programme.line_b.pk])
    assert client.get(foreign).status_code == 404
    own = reverse("modernisation:line_deliver", args=[programme.patron_line.pk])
    response = client.post(own, {"delivered_on": "2026-11-01", "evidence": "act 7"})
    assert response.status_code == 302
    assert EquipmentLine.objects.get(pk=programme.patron_line.pk).delivered_on


def test_a_college_records_a_milestone_done(programme, users, client_for):
    client = client_for(users["college_admin_a"])
    url = reverse("modernisation:milestone_complete", args=[programme.overdue_a.pk])
    response = client.post(url, {"done_on": date(2026, 11, 1).isoformat()})
    assert response.status_code == 302
    assert Milestone.objects.get(pk=programme.overdue_a.pk).done_on == date(2026, 11, 1)
    other = reverse("modernisation:milestone_complete", args=[programme.overdue_b.pk])
    assert client.post(other, {"done_on": "2026-11-01"}).status_code == 404


def test_a_refused_delivery_shows_the_reason_beside_the_field(programme, users, client_for):
    client = client_for(users["ministry_admin"])
    url = reverse("modernisation:line_deliver", args=[programme.line_b.pk])
    response = client.post(url, {"delivered_on": "2099-01-01"})
    assert response.status_code == 200
    assert b"cannot be dated in the future" in response.content


@pytest.mark.parametrize(
    "name", ["project_list", "line_list", "overdue", "investment_list", "programme"]
)
def test_list_pages_cost_the_same_queries_for_more_rows(
    programme, users, client_for, django_assert_max_num_queries, name
):
    client = client_for(users["ministry_admin"])
    url = reverse(f"modernisation:{name}")
    client.get(url)
    for _k in range(5):  # more rows on the same page
        EquipmentLine.objects.create(
            project=programme.project_b,
            item="Drill",
            quantity=1,
            unit_cost=1,
            cost=1,
            source="own",
        )
        Milestone.objects.create(project=programme.project_b, title="M", due_on=date(2026, 1, 1))
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_the_overdue_milestones_join_the_reminders(programme, users, client_for):
    from qadam.agreements.reminders import reminder_message, reminders_for

    today = date(2026, 11, 21)
    reminders = reminders_for(users["college_admin_a"], today)
    [section] = [s for s in reminders.sections if s.key == "modernisation-overdue"]
    assert section.count == 1
    _subject, body = reminder_message(
        user=users["college_admin_a"], reminders=reminders, today=today, base_url="http://q"
    )
    assert "Equipment purchased" in body
    assert (
        reverse("modernisation:overdue")
        in client_for(users["ministry_admin"]).get(reverse("agreements:overdue")).content.decode()
    )


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("ministry_admin", "modernisation:programme"),
        ("analyst", "modernisation:programme"),
        ("college_admin_a", "modernisation:project_list"),
        ("enterprise_hr", "modernisation:line_list"),
        ("university_admin", "modernisation:investment_list"),
    ],
)
def test_each_role_finds_its_modernisation_page_in_the_menu(
    programme, users, client_for, role, page
):
    home = client_for(users[role]).get(reverse("dashboard:home"))
    assert f'href="{reverse(page)}"'.encode() in home.content


def test_a_student_has_no_modernisation_in_the_menu(programme, users, client_for):
    home = client_for(users["student"]).get(reverse("dashboard:home"))
    assert b"/modernisation/" not in home.content
