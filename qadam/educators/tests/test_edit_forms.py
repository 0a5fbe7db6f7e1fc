"""The educator's edit page, submitted exactly as a browser does in Kazakh, Russian and
English: saved unchanged it changes nothing; one typed change changes that field only; a
field someone else changed since the page was opened is refused, not overwritten."""

import html

import pytest
from django.conf import settings
from django.urls import reverse

from qadam.common.audit import snapshot
from qadam.common.models import AuditEntry
from qadam.common.tests.browser_forms import Form, form_submission
from qadam.registry import services as registry_services

pytestmark = pytest.mark.django_db
LANGUAGES = ["kk", "ru", "en"]
MEANWHILE = "Someone else changed this while you were editing"


def open_form(client, url: str, language: str) -> Form:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(url)
    assert page.status_code == 200
    return form_submission(page.content.decode(), containing="years_in_industry")


def _educator(world):
    educator = world.educators_a[0]
    educator.specialties.set([world.programs_a[0].specialty])
    type(educator).objects.filter(pk=educator.pk).update(languages="kk,ru", subjects="Физика")
    educator.refresh_from_db()
    return educator


@pytest.mark.parametrize("language", LANGUAGES)
def test_saving_unchanged_changes_nothing(world, users, client_for, language):
    educator = _educator(world)
    url = reverse("educators:educator_edit", args=[educator.pk])
    client = client_for(users["college_admin_a"])
    before = snapshot(educator)
    response = client.post(url, open_form(client, url, language).data())
    assert response.status_code == 302, response.content.decode()[:2000]
    educator.refresh_from_db()
    assert snapshot(educator) == before
    assert not AuditEntry.objects.filter(model="registry.Educator").exists()
    assert list(educator.specialties.all()) == [world.programs_a[0].specialty]


@pytest.mark.parametrize("language", LANGUAGES)
def test_changing_one_field_changes_that_field_only(world, users, client_for, language):
    educator = _educator(world)
    url = reverse("educators:educator_edit", args=[educator.pk])
    client = client_for(users["college_admin_a"])
    before = snapshot(educator)
    form = open_form(client, url, language)
    form.set("years_in_industry", "7")
    assert client.post(url, form.data()).status_code == 302
    educator.refresh_from_db()
    assert snapshot(educator) == {**before, "years_in_industry": 7}
    [entry] = AuditEntry.objects.filter(model="registry.Educator")
    assert list(entry.changes) == ["years_in_industry"]


def test_a_field_changed_meanwhile_is_refused(world, users, client_for):
    educator = _educator(world)
    url = reverse("educators:educator_edit", args=[educator.pk])
    client = client_for(users["college_admin_a"])
    form = open_form(client, url, "en")
    registry_services.educator_update(
        actor=users["ministry_admin"], educator=educator, years_in_industry=3
    )
    form.set("years_in_industry", "9")
    response = client.post(url, form.data())
    assert response.status_code == 200
    assert MEANWHILE in html.unescape(response.content.decode())
    educator.refresh_from_db()
    assert educator.years_in_industry == 3
