"""A pupil's age and an event's dates have realistic ranges: the service, the API and the
pages refuse a value past them with the same message beside the same field, and so does the
database. Events and links to results are audited; a pupil's answers are not."""

import uuid
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from qadam.common.models import AuditEntry
from qadam.guidance import rules, services
from qadam.guidance.forms import EventForm
from qadam.guidance.models import DiagnosticSession, GuidanceEvent
from qadam.guidance.services import PupilDetails
from qadam.registry.models import Region
from qadam.registry.tests.factories import UserFactory

AGE_MESSAGE = "Must be from 10 to 30."


@pytest.mark.parametrize("age", [7, 31, 2_000_000_000])
def test_an_age_out_of_range_is_refused_everywhere_with_one_message(
    world, instrument, client_for, age
):
    assert rules.session_errors({"age": age}) == {"age": [AGE_MESSAGE]}
    with pytest.raises(ValidationError) as refused:
        services.session_start(
            client_id=uuid.uuid4(),
            details=PupilDetails(language="ru", age=age, region_id=world.region_a.pk),
            consent=True,
        )
    assert refused.value.message_dict == {"age": [AGE_MESSAGE]}

    body = {
        "client_id": str(uuid.uuid4()),
        "consent": True,
        "language": "ru",
        "age": age,
        "region_id": world.region_a.pk,
        "answers": {},
    }
    response = Client().post("/api/v1/guidance/submissions", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"detail": f"age: {AGE_MESSAGE}", "errors": {"age": [AGE_MESSAGE]}}

    page = Client().post(
        "/guidance/start/",
        {
            "client_id": str(uuid.uuid4()),
            "language": "en",
            "age": str(age),
            "region": str(world.region_a.pk),
            "consent": "on",
        },
    )
    assert page.status_code == 200 and f"<li>{AGE_MESSAGE}</li>" in page.content.decode()
    assert not DiagnosticSession.objects.exists()


def test_the_database_refuses_an_age_out_of_range(world, instrument):
    session = services.session_start(
        client_id=uuid.uuid4(),
        details=PupilDetails(language="kk", age=15, region_id=world.region_a.pk),
        consent=True,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DiagnosticSession.objects.filter(pk=session.pk).update(age=200)


def event_fields(**changes):
    return {
        "name": "Atom Fest",
        "kind": "festival",
        "starts_on": date(2026, 11, 20),
        "ends_on": date(2026, 11, 22),
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"starts_on": date(1900, 1, 1)}, "starts_on", "Must be a date from 2020-01-01 to"),
        ({"ends_on": date(9999, 12, 31)}, "ends_on", "Must be a date from 2020-01-01 to"),
        ({"ends_on": date(2026, 11, 19)}, "ends_on", "An event ends on or after the day it"),
        ({"ends_on": date(2028, 1, 1)}, "ends_on", "An event lasts at most 366 days."),
    ],
)
def test_event_dates_out_of_range_are_refused_by_the_service_and_the_page(
    world, users, instrument, client_for, changes, field, message
):
    organiser = users["guidance_organiser"]
    with pytest.raises(ValidationError) as refused:
        services.event_create(actor=organiser, **event_fields(**changes))
    [said] = refused.value.message_dict[field]
    assert said.startswith(message)
    data = {
        k: v.isoformat() if isinstance(v, date) else v for k, v in event_fields(**changes).items()
    }
    page = client_for(organiser).post("/guidance/events/new/", {**data, "region": ""})
    assert page.status_code == 200 and f"<li>{said}</li>" in page.content.decode()
    assert not GuidanceEvent.objects.exists()


def test_the_database_refuses_an_event_date_out_of_range(world, users, instrument):
    event = services.event_create(actor=users["guidance_organiser"], **event_fields())
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidanceEvent.objects.filter(pk=event.pk).update(ends_on=date(9999, 1, 1))


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_event_dates_are_iso_in_every_language(db, language):
    """A browser empties a date input holding "20.11.2026"."""
    form = EventForm(
        initial={"starts_on": date(2026, 11, 20), "ends_on": date(2026, 11, 22)},
        regions=Region.objects.none(),
    )
    with translation.override(language):
        page = str(form)
    assert 'type="date" name="starts_on" value="2026-11-20"' in page
    assert 'name="ends_on" value="2026-11-22"' in page


def test_events_and_links_are_audited_and_answers_are_not(world, users, instrument):
    organiser = users["guidance_organiser"]
    event = services.event_create(actor=organiser, **event_fields())
    services.event_set_open(actor=organiser, event=event, is_open=False)
    services.event_set_open(actor=organiser, event=event, is_open=False)  # no change
    entries = AuditEntry.objects.filter(model="guidance.GuidanceEvent", object_id=str(event.pk))
    assert [e.action for e in entries.order_by("id")] == ["create", "update"]
    assert entries.order_by("id").last().changes == {"is_open": [True, False]}

    session = services.session_start(
        client_id=uuid.uuid4(),
        details=PupilDetails(language="en", age=16, region_id=world.region_a.pk),
        consent=True,
    )
    services.session_answer(session=session, answers={"R1": 5})
    pupil = UserFactory.student_user()
    services.session_link_account(user=pupil, resume_code=session.resume_code)
    parent = UserFactory.parent()
    services.parent_link_create(parent=parent, resume_code=session.resume_code)
    services.parent_link_create(parent=parent, resume_code=session.resume_code)  # once

    [linked] = AuditEntry.objects.filter(model="guidance.DiagnosticSession")
    assert (linked.actor, linked.changes) == (pupil, {"user_id": [None, pupil.pk]})
    [followed] = AuditEntry.objects.filter(model="guidance.ParentLink")
    assert (followed.actor, followed.changes["session_id"]) == (parent, [None, session.pk])
    everything = str(list(AuditEntry.objects.values_list("summary", "changes")))
    assert session.resume_code not in everything and session.answers not in everything


def test_settings_offer_the_languages_the_rules_accept():
    assert {code for code, _name in settings.LANGUAGES} == set(rules.LANGUAGES)
