"""A pupil's two screens saved at the same moment (two tabs, a resent form) both keep their
answers: each is merged into the answers as saved, not into what its request read."""

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
