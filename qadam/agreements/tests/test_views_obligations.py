"""Obligation pages per role: the agreement's obligations partial, adding obligations,
recording deliveries (errors beside the field, nothing written), partner and college
profiles, the overdue list, 404 out of scope and 403 for forbidden writes, in kk and ru."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from qadam.agreements.models import Delivery, Obligation
from qadam.agreements.selectors_obligations import agreement_obligations
from qadam.agreements.tests.conftest import TODAY
from qadam.registry.tests.factories import ROLES

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def html(response):
    return response.content.decode()


def field_errors(page, field):
    found = re.search(rf'data-field="{field}">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


def delivery_data(**overrides):
    data = {
        "quantity": "2",
        "delivered_on": "2026-11-10",
        "description": "Two more interns",
        "evidence": "order 41/2026",
    }
    return {**data, **overrides}


# --------------------------------------------------------------------------- the partial


def render_partial(user, agreement):
    context = {"obligations": agreement_obligations(user=user, agreement=agreement)}
    return render_to_string("agreements/partials/obligations.html", context)


def test_the_partial_shows_progress_overdue_flags_and_the_timeline(partnerships, users):
    page = render_partial(users["enterprise_hr"], partnerships.patronage)
    mentors = re.search(
        rf'<tr data-obligation="{partnerships.mentors.pk}"[^>]*>(.*?)</tr>', page, re.S
    )
    assert 'data-overdue="true"' in mentors.group(0)
    assert 'data-testid="overdue-flag"' in mentors.group(1)
    places = re.search(
        rf'<tr data-obligation="{partnerships.places.pk}"[^>]*>(.*?)</tr>', page, re.S
    )
    assert "data-overdue" not in places.group(0)
    assert re.search(r'data-testid="percent">40%', places.group(1))
    assert 'style="width:40%"' in places.group(1)
    assert "Spring internships" in page  # the delivery timeline
    assert 'data-percent="13"' in page  # the agreement's progress
    assert page.count('data-testid="record-delivery"') == 3
    assert f"/partnerships/{partnerships.patronage.pk}/obligations/new/" in page


@pytest.mark.parametrize(
    ("role", "writes"), [("enterprise_hr", True), ("analyst", False), ("college_admin_a", True)]
)
def test_the_agreement_page_includes_the_obligations(partnerships, users, client_for, role, writes):
    url = reverse("agreements:agreement_detail", args=[partnerships.patronage.pk])
    page = html(client_for(users[role]).get(url))
    section = re.search(r'<section data-testid="obligations".*?</section>', page, re.S).group(0)
    assert 'data-testid="overdue-flag"' in section
    assert ('data-testid="add-obligation"' in section) is writes


@pytest.mark.parametrize("role", ["analyst", "ministry_admin", "college_admin_a"])
def test_the_partial_offers_writes_only_to_those_allowed(partnerships, users, role):
    page = render_partial(users[role], partnerships.patronage)
    allowed = role != "analyst"
    assert ('data-testid="add-obligation"' in page) is allowed
    assert ('data-testid="record-delivery"' in page) is allowed


def test_the_partial_of_an_agreement_without_obligations(partnerships, users):
    page = render_partial(users["ministry_admin"], partnerships.double_diploma)
    assert 'data-testid="obligation-table"' not in page
    assert 'data-testid="add-obligation"' in page


# --------------------------------------------------------------------------- obligations


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("enterprise_hr", 200),
        ("college_admin_a", 200),
        ("analyst", 403),
        ("college_admin_b", 404),
        ("university_admin", 404),
        ("student", 404),
        ("guidance_organiser", 404),
    ],
)
def test_the_add_obligation_page_per_role(partnerships, users, client_for, role, status):
    url = f"/partnerships/{partnerships.patronage.pk}/obligations/new/"
    assert client_for(users[role]).get(url).status_code == status


def test_adding_an_obligation(world, partnerships, users, client_for):
    client = client_for(users["enterprise_hr"])
    url = f"/partnerships/{partnerships.patronage.pk}/obligations/new/"
    data = {
        "kind": "jobs",
        "party": partnerships.places.party_id,
        "beneficiary": world.college_a.pk,
        "target": "4",
        "due_on": "2027-07-01",
        "description": "Jobs for graduates",
        "items": "",
    }
    response = client.post(url, data)
    created = Obligation.objects.get(kind="jobs")
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/obligations/{created.pk}/"
    assert created.target == Decimal(4)


def test_a_zero_target_is_shown_beside_the_field(world, partnerships, users, client_for):
    client = client_for(users["ministry_admin"])
    url = f"/partnerships/{partnerships.patronage.pk}/obligations/new/"
    response = client.post(url, {"kind": "jobs", "target": "0", "due_on": "2027-07-01"})
    assert response.status_code == 200
    assert field_errors(html(response), "target")
    assert not Obligation.objects.filter(kind="jobs").exists()


def test_editing_an_obligation(partnerships, users, client_for):
    client = client_for(users["college_admin_a"])
    url = f"/partnerships/obligations/{partnerships.mentors.pk}/edit/"
    assert client.get(url).status_code == 200
    data = {
        "kind": "mentors",
        "party": partnerships.mentors.party_id,
        "beneficiary": partnerships.mentors.beneficiary_id,
        "target": "5",
        "due_on": "2027-02-01",
        "description": "",
        "items": "",
    }
    assert client.post(url, data).status_code == 302
    partnerships.mentors.refresh_from_db()
    assert (partnerships.mentors.target, str(partnerships.mentors.due_on)) == (5, "2027-02-01")
    assert client_for(users["analyst"]).get(url).status_code == 403


@pytest.mark.parametrize(
    ("role", "status", "form"),
    [
        ("ministry_admin", 200, True),
        ("analyst", 200, False),
        ("enterprise_hr", 200, True),
        ("college_admin_a", 200, True),
        ("college_admin_b", 404, False),
        ("university_admin", 404, False),
        ("student", 404, False),
    ],
)
def test_the_obligation_page_per_role(partnerships, users, client_for, role, status, form):
    response = client_for(users[role]).get(f"/partnerships/obligations/{partnerships.places.pk}/")
    assert response.status_code == status
    if status == 200:
        page = html(response)
        assert ('data-testid="delivery-form"' in page) is form
        assert "Spring internships" in page
        assert ('data-testid="remove-delivery"' in page) is form


# --------------------------------------------------------------------------- deliveries


def test_recording_a_delivery_updates_the_progress(partnerships, users, client_for):
    client = client_for(users["college_admin_a"])
    url = f"/partnerships/obligations/{partnerships.places.pk}/deliveries/new/"
    upload = SimpleUploadedFile("act.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {**delivery_data(), "evidence_file": upload})
    assert response.status_code == 302
    partnerships.places.refresh_from_db()
    assert partnerships.places.delivered == Decimal(6)
    page = html(client.get(response["Location"]))
    assert re.search(r'data-testid="percent">60%', page)
    delivery = Delivery.objects.get(description="Two more interns")
    assert f"/partnerships/deliveries/{delivery.pk}/evidence/" in page
    download = client.get(f"/partnerships/deliveries/{delivery.pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    outsider = client_for(users["college_admin_b"])
    assert outsider.get(f"/partnerships/deliveries/{delivery.pk}/evidence/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity": "0"}, "quantity"),
        ({"delivered_on": str(TODAY + timedelta(days=1))}, "delivered_on"),
        ({"description": ""}, "description"),
        (
            {"evidence_file": SimpleUploadedFile("x.pdf", b"<html></html>", "application/pdf")},
            "evidence_file",
        ),
    ],
)
def test_a_refused_delivery_is_shown_beside_its_field_and_nothing_is_written(
    partnerships, users, client_for, overrides, field
):
    client = client_for(users["enterprise_hr"])
    url = f"/partnerships/obligations/{partnerships.places.pk}/deliveries/new/"
    response = client.post(url, delivery_data(**overrides))
    assert response.status_code == 200
    assert field_errors(html(response), field)
    partnerships.places.refresh_from_db()
    assert partnerships.places.delivered == Decimal(4)
    assert Delivery.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("analyst", 403), ("college_admin_b", 404), ("student", 404), ("university_admin", 404)],
)
def test_those_who_may_not_record_are_refused(partnerships, users, client_for, role, status):
    url = f"/partnerships/obligations/{partnerships.places.pk}/deliveries/new/"
    assert client_for(users[role]).post(url, delivery_data()).status_code == status
    assert Delivery.objects.count() == 1


def test_removing_a_delivery(partnerships, users, client_for):
    delivery = partnerships.places.deliveries.get()
    url = f"/partnerships/deliveries/{delivery.pk}/remove/"
    assert client_for(users["analyst"]).post(url).status_code == 403
    assert client_for(users["college_admin_b"]).post(url).status_code == 404
    client = client_for(users["enterprise_hr"])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == f"/partnerships/obligations/{partnerships.places.pk}/"
    partnerships.places.refresh_from_db()
    assert partnerships.places.delivered == 0


# --------------------------------------------------------------------------- profiles


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("analyst", 200),
        ("enterprise_hr", 200),
        ("college_admin_a", 404),
        ("university_admin", 404),
        ("student", 404),
        ("guidance_organiser", 404),
    ],
)
def test_the_partner_profile_per_role(world, partnerships, users, client_for, role, status):
    response = client_for(users[role]).get(f"/partnerships/partners/{world.enterprise.pk}/")
    assert response.status_code == status
    if status == 200:
        page = html(response)
        places = re.search(r'<tr data-kind="internship_places">(.*?)</tr>', page, re.S).group(1)
        assert re.search(r'data-testid="promised">10 ', places)
        assert re.search(r'data-testid="delivered">4 ', places)
        assert world.college_a.name in page
        assert "P-001" in page and "M-001" in page


def test_an_unknown_partner_is_not_found(partnerships, users, client_for):
    assert (
        client_for(users["ministry_admin"]).get("/partnerships/partners/999999/").status_code == 404
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("analyst", 200),
        ("college_admin_a", 200),
        ("college_admin_b", 404),
        ("university_admin", 404),
        ("enterprise_hr", 404),
        ("student", 404),
    ],
)
def test_the_college_profile_per_role(world, partnerships, users, client_for, role, status):
    response = client_for(users[role]).get(f"/partnerships/colleges/{world.college_a.pk}/")
    assert response.status_code == status
    if status == 200:
        page = html(response)
        assert world.enterprise.name in re.search(
            r'data-testid="patrons">(.*?)</table>', page, re.S
        ).group(1)
        assert 'data-testid="patron-count">1<' in page
        assert 'data-overdue="true"' in page
        # national roles may follow the patron to its profile; the college's admin may not
        partner_link = f"/partnerships/partners/{world.enterprise.pk}/" in page
        assert partner_link is (role != "college_admin_a")


# --------------------------------------------------------------------------- overdue


@pytest.mark.parametrize(
    ("role", "overdue", "expiring"),
    [
        ("ministry_admin", True, True),
        ("analyst", True, True),
        ("enterprise_hr", True, True),
        ("college_admin_a", True, False),
        ("college_admin_b", False, True),
        ("university_admin", False, False),
        ("student", False, False),
    ],
)
def test_the_overdue_page_per_role(partnerships, users, client_for, role, overdue, expiring):
    response = client_for(users[role]).get("/partnerships/overdue/")
    assert response.status_code == 200
    page = html(response)
    assert (f'data-obligation="{partnerships.mentors.pk}"' in page) is overdue
    assert f'data-obligation="{partnerships.places.pk}"' not in page
    assert (f'data-agreement="{partnerships.memorandum.pk}"' in page) is expiring
    if expiring:
        assert 'data-testid="days-left">55<' in page  # 2026-11-21 to 2027-01-15


def test_the_overdue_list_pages_with_htmx(partnerships, users, client_for):
    response = client_for(users["ministry_admin"]).get(
        "/partnerships/overdue/", HTTP_HX_REQUEST="true"
    )
    page = html(response)
    assert "<html" not in page
    assert f'data-obligation="{partnerships.mentors.pk}"' in page


@pytest.mark.parametrize(
    "path",
    ["/partnerships/overdue/", "/partnerships/obligations/1/", "/partnerships/partners/1/"],
)
def test_anonymous_visitors_are_sent_to_sign_in(db, client_for, path):
    response = client_for(None).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(("language", "mentors"), [("kk", "тәлімгерлер"), ("ru", "наставники")])
def test_the_obligation_page_renders_in_kazakh_and_russian(
    partnerships, users, client_for, language, mentors
):
    client = client_for(users["ministry_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = html(client.get(f"/partnerships/obligations/{partnerships.mentors.pk}/"))
    assert f'<html lang="{language}">' in page
    assert mentors in page
    assert "01.09.2026" in page  # the due date in the language's format


@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_for_every_role_that_sees_it(
    world, partnerships, users, client_for, role
):
    client = client_for(users[role])
    for path in [
        "/partnerships/overdue/",
        f"/partnerships/obligations/{partnerships.equipment.pk}/",
        f"/partnerships/partners/{world.enterprise.pk}/",
        f"/partnerships/colleges/{world.college_a.pk}/",
        f"/partnerships/colleges/{world.college_b.pk}/",
    ]:
        assert client.get(path).status_code in (200, 404)
