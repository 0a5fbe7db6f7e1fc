"""A pupil's two screens saved at the same moment (two tabs, a resent form) both keep their
answers: each is merged into the answers as saved, not into what its request read. A whole
form sent twice at the same moment is stored once."""

import uuid

import pytest

from qadam.common.tests.concurrency import postgres_only, race
from qadam.guidance import services
from qadam.guidance.instruments import instrument_load
from qadam.guidance.models import DiagnosticSession
from qadam.guidance.services import PupilDetails
from qadam.registry.tests.factories import RegionFactory

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]
ROUNDS = 15


def screen(session_id, answers):
    def read():
        return DiagnosticSession.objects.select_related("instrument").get(pk=session_id)

    def write(session):
        services.session_answer(session=session, answers=answers)

    return read, write


def test_two_screens_saved_at_once_both_keep_their_answers():
    instrument_load()
    region = RegionFactory()
    for attempt in range(ROUNDS):
        session = services.session_start(
            client_id=uuid.uuid4(),
            details=PupilDetails(language="kk", age=15, region_id=region.pk),
            consent=True,
        )
        failures = race(screen(session.pk, {"R1": 5, "I1": 4}), screen(session.pk, {"C8": 3}))
        assert failures == [], attempt
        session.refresh_from_db()
        assert (session.answers[0], session.answers[8], session.answers[47]) == ("5", "4", "3")


def sender(client_id, region, answers, outcomes):
    def send(_nothing):
        session, created = services.submission_create(
            client_id=client_id,
            details=PupilDetails(language="kk", age=15, region_id=region.pk),
            consent=True,
            answers=answers,
        )
        outcomes.append((session.pk, created))

    return (lambda: None), send


def test_the_same_form_sent_twice_at_once_is_stored_once():
    instrument = instrument_load()
    region = RegionFactory()
    answers = {item.code: 4 for item in instrument.items.all()}
    for attempt in range(ROUNDS):
        client_id = uuid.uuid4()
        outcomes: list[tuple[int, bool]] = []
        failures = race(*(sender(client_id, region, answers, outcomes) for _phone in range(2)))
        assert failures == [], attempt
        assert sorted(created for _pk, created in outcomes) == [False, True], attempt
        assert len({pk for pk, _created in outcomes}) == 1, attempt
        assert DiagnosticSession.objects.filter(client_id=client_id).count() == 1
