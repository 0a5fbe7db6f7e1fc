"""The partnerships' edit forms (an agreement, an obligation, a mobility record), submitted
exactly as a browser does in Kazakh, Russian and English: saved unchanged they change
nothing; one typed change changes that field only; a field someone else changed since the
page was opened is refused, not overwritten, while a change to another field survives."""

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.db import models
from django.urls import reverse

from qadam.agreements import services
from qadam.common.audit import snapshot
from qadam.common.models import AuditEntry
from qadam.common.tests.browser_forms import Form, form_submission

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru", "en"]
MEANWHILE = "Someone else changed this while you were editing"


@dataclass(frozen=True)
class EditForm:
    """An edit page: who opens it, the record, a field a user types into (control, value,
    attname), and a field another writer changes meanwhile (attname, its n-th new value,
    and what the user types into it)."""

    role: str
    record: Callable[[Any], models.Model]
    url: str
    change: tuple[str, str, str]
    other: str
    other_value: Callable[[Any, int], Any]
    other_typed: str


EDIT_FORMS = {
    "an active agreement": EditForm(
        role="enterprise_hr",
        record=lambda p: p.patronage,
        url="agreements:agreement_edit",
        change=("title", "Шефство над колледжем", "title"),
        other="description",
        other_value=lambda p, n: f"Уточнено министерством ({n})",
        other_typed="Наше описание",
    ),
    "a signed agreement": EditForm(
        role="college_admin_b",
        record=lambda p: p.memorandum,
        url="agreements:agreement_edit",
        change=("ends_on", "2027-06-30", "ends_on"),
        other="title",
        other_value=lambda p, n: f"Меморандум о сварке ({n})",
        other_typed="Наш меморандум",
    ),
    "an obligation": EditForm(
        role="enterprise_hr",
        record=lambda p: p.places,
        url="agreements:obligation_update",
        change=("target", "12", "target"),
        other="due_on",
        other_value=lambda p, n: date(2027, 7, n),
        other_typed="2027-08-31",
    ),
    "a mobility record": EditForm(
        role="college_admin_a",
        record=lambda p: p.incoming,
        url="agreements:mobility_edit",
        change=("program", "Сварочное производство", "program"),
        other="ends_on",
        other_value=lambda p, n: date(2026, 7, n),
        other_typed="2026-08-31",
    ),
}


def another_writer(users, record: models.Model, changes: dict[str, Any]) -> None:
    """Someone else (the ministry) saves `changes` through the record's own service."""
    ministry = users["ministry_admin"]
    fresh = type(record)._default_manager.get(pk=record.pk)
    if type(record).__name__ == "Agreement":
        services.agreement_update(actor=ministry, agreement=fresh, **changes)
    elif type(record).__name__ == "Obligation":
        services.obligation_update(actor=ministry, obligation=fresh, **changes)
    else:
        services.mobility_update(actor=ministry, mobility=fresh, **changes)


def open_form(client, url: str, language: str, control: str) -> Form:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    assert page.headers["Content-Language"] == language
    return form_submission(page.content.decode(), containing=control)


def history(record: models.Model) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(model=record._meta.label, object_id=str(record.pk))
    return list(entries.values("action", "changes"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_saving_an_edit_form_unchanged_changes_nothing(
    partnerships, users, client_for, name, language
):
    edit = EDIT_FORMS[name]
    record = edit.record(partnerships)
    url = reverse(edit.url, args=[record.pk])
    client = client_for(users[edit.role])
    record.refresh_from_db()  # as stored (a decimal with its cents)
    before, audited = snapshot(record), history(record)

    response = client.post(url, open_form(client, url, language, edit.change[0]).data())

    assert response.status_code == 302, response.content.decode()[:3000]
    record.refresh_from_db()
    assert (snapshot(record), history(record)) == (before, audited)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_changing_one_field_changes_that_field_only(
    partnerships, users, client_for, name, language
):
    edit = EDIT_FORMS[name]
    record = edit.record(partnerships)
    url = reverse(edit.url, args=[record.pk])
    client = client_for(users[edit.role])
    control, typed, field = edit.change
    record.refresh_from_db()
    before = snapshot(record)

    form = open_form(client, url, language, control)
    form.set(control, typed)
    response = client.post(url, form.data())

    assert response.status_code == 302, response.content.decode()[:3000]
    record.refresh_from_db()
    after = snapshot(record)
    assert {k: v for k, v in after.items() if k != field} == {
        k: v for k, v in before.items() if k != field
    }
    assert str(after[field]) in (typed, f"{typed}.00")
    [entry] = [e for e in history(record) if e["action"] == "update"]
    assert list(entry["changes"]) == [field]


@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_a_field_changed_meanwhile_is_refused_and_another_field_survives(
    partnerships, users, client_for, name
):
    edit = EDIT_FORMS[name]
    record = edit.record(partnerships)
    url = reverse(edit.url, args=[record.pk])
    client = client_for(users[edit.role])
    control, typed, field = edit.change

    # another field changed meanwhile: both changes stay
    form = open_form(client, url, "en", control)
    another_writer(users, record, {edit.other: edit.other_value(partnerships, 1)})
    form.set(control, typed)
    assert client.post(url, form.data()).status_code == 302
    record.refresh_from_db()
    assert getattr(record, edit.other) == edit.other_value(partnerships, 1)
    assert str(getattr(record, field)) in (typed, f"{typed}.00")

    # the same field changed meanwhile: refused, the other writer's value stays
    form = open_form(client, url, "en", control)
    another_writer(users, record, {edit.other: edit.other_value(partnerships, 2)})
    form.set(edit.other, edit.other_typed)
    response = client.post(url, form.data())
    assert response.status_code == 200
    assert MEANWHILE in html.unescape(response.content.decode())
    record.refresh_from_db()
    assert getattr(record, edit.other) == edit.other_value(partnerships, 2)
