"""The learners' tests run over the placements' small round (qadam/placements/tests/
conftest.py: the student user, students_a[0] of college A, is placed at `pipe`, a targeted
offer, as their second choice) and the real item bank."""

import secrets
import uuid
from datetime import datetime

import pytest
from django.utils import timezone

from qadam.guidance.models import DiagnosticSession, Instrument
from qadam.guidance.tests.conftest import instrument  # noqa: F401  (a fixture)
from qadam.placements.tests.conftest import open_round, pipe_hr, published  # noqa: F401
from qadam.registry.models import Region


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def completed_session(
    bank: Instrument, region: Region, *, completed_at: datetime | None = None, **fields
) -> DiagnosticSession:
    """A pupil's completed diagnostic, as the guidance services leave it."""
    now = timezone.now()
    return DiagnosticSession.objects.create(
        client_id=uuid.uuid4(),
        resume_code=secrets.token_hex(4).upper(),
        instrument=bank,
        language="en",
        age=16,
        region=region,
        consent_at=now,
        share_with_counsellor=False,
        holland_code="RIC",
        completed_at=completed_at or now,
        **fields,
    )
