"""The programme's edit form, submitted exactly as a browser does in Kazakh, Russian and
English: saved unchanged it changes nothing; one typed change changes that field only; a
field someone else changed since the page was opened is refused, not overwritten."""

import html

import pytest
from django.conf import settings
from django.urls import reverse

from qadam.common.audit import snapshot
from qadam.common.models import AuditEntry
from qadam.common.tests.browser_forms import Form, form_submission
from qadam.joint import services

pytestmark = pytest.mark.django_db
LANGUAGES = ["kk", "ru", "en"]
MEANWHILE = "Someone else changed this while you were editing"


def open_form(client, url: str, language: str) -> Form:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(url)
    assert page.status_code == 200
    return form_submission(page.content.decode(), containing="name_en")


def history(record) -> list[dict]:
    entries = AuditEntry.objects.filter(model=record._meta.label, object_id=str(record.pk))
    return list(entries.values("action", "changes"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_saving_unchanged_changes_nothing_and_one_change_changes_one_field(
    users, joint, client_for, language
):
    programme = joint.programme
    url = reverse("joint:programme_edit", args=[programme.pk])
    client = client_for(users["ministry_admin"])
    before, audited = snapshot(programme), history(programme)
    assert client.post(url, open_form(client, url, language).data()).status_code == 302
    programme.refresh_from_db()
    assert (snapshot(programme), history(programme)) == (before, audited)

    form = open_form(client, url, language)
    form.set("name_en", "Technical personnel for both countries")
    assert client.post(url, form.data()).status_code == 302
    [entry] = [e for e in history(programme) if e["action"] == "update"]
    assert list(entry["changes"]) == ["name_en"]


def test_a_field_changed_meanwhile_is_refused(users, joint, client_for):
    programme = joint.programme
    url = reverse("joint:programme_edit", args=[programme.pk])
    client = client_for(users["ministry_admin"])
    form = open_form(client, url, "en")
    services.programme_update(
        actor=users["ministry_admin"], programme=programme, description="Changed meanwhile"
    )
    form.set("description", "Mine")
    response = client.post(url, form.data())
    assert response.status_code == 200
    assert MEANWHILE in html.unescape(response.content.decode())
    programme.refresh_from_db()
    assert programme.description == "Changed meanwhile"
