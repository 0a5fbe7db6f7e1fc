"""The planning pages: who may open them, and that they save through the services with the
rules' messages beside the fields."""

from decimal import Decimal

import pytest
from django.urls import reverse

from qadam.modernisation.models import EquipmentLine, Investment, Milestone, Project
from qadam.registry.tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_the_ministry_starts_a_project_for_a_college(programme, users, client_for, world):
    college = InstitutionFactory.create(region=world.region_a)
    client = client_for(users["ministry_admin"])
    response = client.post(
        reverse("modernisation:project_create"),
        {
            "college": college.pk,
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    assert Project.objects.filter(college=college).exists()


@pytest.mark.parametrize("role", ["college_admin_a", "analyst", "enterprise_hr"])
def test_only_the_ministry_opens_the_programmes_forms(programme, users, client_for, role):
    client = client_for(users[role])
    assert client.get(reverse("modernisation:project_create")).status_code == 403
    assert client.get(reverse("modernisation:investment_create")).status_code == 403


def test_an_investment_names_an_investment_agreement(programme, users, client_for, world):
    client = client_for(users["ministry_admin"])
    data = {
        "investor": world.enterprise.bin,
        "institution": world.university.pk,
        "agreement": "P-001",
        "amount": "1000000",
        "purpose": "Lab",
        "year": "2024",
        "status": "pledged",
    }
    response = client.post(reverse("modernisation:investment_create"), data)
    assert response.status_code == 200
    assert b"Choose a public-private investment agreement." in response.content
    data["agreement"] = "PPP-001"
    assert client.post(reverse("modernisation:investment_create"), data).status_code == 302
    assert Investment.objects.count() == 2


def test_a_college_adds_a_patron_line_and_the_patron_is_the_obligations(
    programme, users, client_for, world
):
    client = client_for(users["college_admin_a"])
    url = reverse("modernisation:line_add", args=[programme.project_a.pk])
    data = {
        "item": "Press",
        "quantity": "2",
        "unit_cost": "1000000",
        "source": "patron",
        "obligation": programme.equipment.pk,
    }
    assert client.post(url, data).status_code == 302
    line = EquipmentLine.objects.get(item="Press")
    assert line.investor == world.enterprise and line.cost == Decimal(2_000_000)
    # 5,000,000 promised, 5,000,000 now drawn: nothing left
    response = client.post(url, {**data, "item": "Drill", "quantity": "1"})
    assert response.status_code == 200
    assert b"left for lines" in response.content


def test_a_college_adds_a_milestone_and_a_workshop_to_its_own_project_only(
    programme, users, client_for
):
    client = client_for(users["college_admin_a"])
    own = reverse("modernisation:milestone_add", args=[programme.project_a.pk])
    assert client.post(own, {"title": "Пуск", "due_on": "2027-01-01"}).status_code == 302
    assert Milestone.objects.filter(title="Пуск").exists()
    other = reverse("modernisation:facility_add", args=[programme.project_b.pk])
    assert client.post(other, {"kind": "workshop", "name": "X"}).status_code == 404
    own_facility = reverse("modernisation:facility_add", args=[programme.project_a.pk])
    assert client.post(own_facility, {"kind": "workshop", "name": "Сварка"}).status_code == 302
