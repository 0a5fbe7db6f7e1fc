"""Every edit form, opened and saved unchanged in Kazakh, Russian and English exactly as a
browser submits it, leaves the record and the audit log as they were; changing one field
changes that field only."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import models

from qadam.common.audit import snapshot
from qadam.common.models import AuditEntry
from qadam.common.tests.browser_forms import Form, form_submission
from qadam.placements.models import PlacementRound
from qadam.placements.tests.factories import OfferFactory, RoundFactory

LANGUAGES = ["kk", "ru", "en"]


@dataclass(frozen=True)
class EditForm:
    """An edit page: who opens it, the record it edits, a control that identifies its form,
    and one field a user might change with the value they type."""

    role: str
    record: Callable[[Any], models.Model]
    url: Callable[[models.Model], str]
    control: str
    change: tuple[str, str, str]  # form control, typed value, the model attname it sets


def targeted_offer(world: Any) -> models.Model:
    return OfferFactory.create(
        round=RoundFactory.create(status=PlacementRound.Status.OPEN),
        enterprise=world.enterprise,
        specialties=[world.programs_a[0].specialty],
        kind="targeted",
        title="Сварщик: целевая подготовка",
        title_kk="Дәнекерлеуші: мақсатты даярлау",
        title_en="",  # blank: the page falls back to the Russian title, the form keeps it blank
        position="Сварщик",
        salary_min=250_000,
        salary_max=400_000,
        work_years=3,
        mentors="Сейткали Нурлан\nАйгерим Бекова",
    )


EDIT_FORMS = {
    "placements.offer": EditForm(
        role="enterprise_hr",
        record=targeted_offer,
        url=lambda offer: f"/placements/offers/{offer.pk}/edit/",
        control="starts_on",
        change=("mentors", "Сейткали Нурлан\nАйгерим Бекова\nАсан Ержанов", "mentors"),
    ),
    "placements.offer_title": EditForm(
        role="enterprise_hr",
        record=targeted_offer,
        url=lambda offer: f"/placements/offers/{offer.pk}/edit/",
        control="starts_on",
        change=("title_en", "Welder: targeted training", "title_en"),
    ),
    "registry.student": EditForm(
        role="college_admin_a",
        record=lambda world: world.students_a[0],
        url=lambda student: f"/registry/students/{student.pk}/edit/",
        control="enrolled_on",
        change=("grade_average", "4.75", "grade_average"),
    ),
    "registry.program": EditForm(
        role="college_admin_a",
        record=lambda world: world.programs_a[0],
        url=lambda program: f"/registry/programs/{program.pk}/edit/",
        control="duration_months",
        change=("capacity", "45", "capacity"),
    ),
}


def open_form(client, edit: EditForm, record: models.Model, language: str) -> Form:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(edit.url(record))
    assert page.status_code == 200, page.status_code
    assert page.headers["Content-Language"] == language
    return form_submission(page.content.decode(), containing=edit.control)


def audit_entries(record: models.Model) -> list[dict[str, Any]]:
    return list(
        AuditEntry.objects.filter(model=record._meta.label, object_id=str(record.pk)).values(
            "action", "changes"
        )
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_saving_an_edit_form_unchanged_changes_nothing(world, users, client_for, name, language):
    edit = EDIT_FORMS[name]
    record = edit.record(world)
    client = client_for(users[edit.role])
    before, history = snapshot(record), audit_entries(record)

    form = open_form(client, edit, record, language)
    response = client.post(edit.url(record), form.data())

    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert snapshot(record) == before
    assert audit_entries(record) == history


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_changing_one_field_changes_that_field_only(world, users, client_for, name, language):
    edit = EDIT_FORMS[name]
    record = edit.record(world)
    client = client_for(users[edit.role])
    before = snapshot(record)
    control, typed, field = edit.change

    form = open_form(client, edit, record, language)
    form.set(control, typed)
    response = client.post(edit.url(record), form.data())

    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    after = snapshot(record)
    assert {k: v for k, v in after.items() if k != field} == {
        k: v for k, v in before.items() if k != field
    }
    assert str(after[field]) == typed
    [entry] = [e for e in audit_entries(record) if e["action"] == "update"]
    assert list(entry["changes"]) == [field]


def test_a_field_changed_meanwhile_is_shown_and_a_second_save_applies_it(world, users, client_for):
    student = world.students_a[0]
    client = client_for(users["college_admin_a"])
    url = f"/registry/students/{student.pk}/edit/"
    form = form_submission(client.get(url).content.decode(), containing="last_name")
    type(student).objects.filter(pk=student.pk).update(last_name="Абаева")  # someone else

    form.set("last_name", "Абай")
    refused = client.post(url, form.data())

    assert refused.status_code == 200
    assert "Абаева" in refused.content.decode()  # the value someone else saved, beside the field
    student.refresh_from_db()
    assert student.last_name == "Абаева"

    again = form_submission(refused.content.decode(), containing="last_name")
    assert client.post(url, again.data()).status_code == 302
    student.refresh_from_db()
    assert student.last_name == "Абай"
    [entry] = [e for e in audit_entries(student) if e["action"] == "update"]
    assert entry["changes"] == {"last_name": ["Абаева", "Абай"]}


def test_a_client_that_sends_no_seen_values_can_still_clear_a_field(world, users, client_for):
    student = world.students_a[0]
    client = client_for(users["college_admin_a"])
    url = f"/registry/students/{student.pk}/edit/"
    form = form_submission(client.get(url).content.decode(), containing="middle_name")
    data = {name: values for name, values in form.data().items() if not name.startswith("initial-")}
    data["middle_name"] = [""]

    assert client.post(url, data).status_code == 302
    student.refresh_from_db()
    assert student.middle_name == ""
    [entry] = [e for e in audit_entries(student) if e["action"] == "update"]
    assert list(entry["changes"]) == ["middle_name"]
