"""The demo festival of `qadam seed`: its pupils' diagnostics are complete, scored as a live
submission would be, from the festival's region, and the same seed gives the same rows."""

import hashlib

import numpy as np
import pytest

from qadam.engines.guidance import score
from qadam.guidance import selectors
from qadam.guidance.models import SCALES, DiagnosticSession, GuidanceEvent
from qadam.guidance.recommend import recommend
from qadam.guidance.seeding import SESSIONS, seed_guidance_event
from qadam.registry.seeding.profiles import PROFILES
from qadam.registry.tests.factories import InstitutionFactory, UserFactory

DIGEST_FIELDS = (
    "client_id",
    "resume_code",
    "language",
    "age",
    "school_id",
    "share_with_counsellor",
    "answers",
    "skills",
    *(f"score_{scale.lower()}" for scale in SCALES),
    "holland_code",
    "recommendations",
    "top_specialty_id",
    "consent_at",
    "completed_at",
)


@pytest.fixture
def schools(world):
    return [InstitutionFactory.create(school=True, region=world.region_a) for _ in range(3)]


def festival(seed: int = 42) -> GuidanceEvent:
    return seed_guidance_event(
        profile=PROFILES["small"],
        seed=seed,
        organiser=UserFactory.create(),
        progress=lambda step: None,
    )


def digest(event: GuidanceEvent) -> str:
    rows = event.sessions.order_by("resume_code").values_list(*DIGEST_FIELDS)
    return hashlib.sha256(repr((event.join_code, list(rows))).encode()).hexdigest()


def test_the_festival_holds_the_profiles_completed_diagnostics(
    world, instrument, catalogue, schools
):
    event = festival()
    sessions = list(event.sessions.all())
    assert len(sessions) == SESSIONS["small"] == 60
    assert event.region == world.region_a  # the region of the first school
    assert event.instrument == instrument and event.is_open
    scales = np.array([SCALES.index(s) for s in instrument.items.values_list("scale", flat=True)])
    for session in sessions:
        session.full_clean()
        assert session.completed_at is not None and session.region == world.region_a
        assert session.school_id in {None, *(s.pk for s in schools)}
        assert len(session.answers) == 48 and set(session.answers) <= set("12345")
        code = session.holland_code
        assert len(code) == 3 and len(set(code)) == 3 and set(code) <= set(SCALES)
        ratings = np.frombuffer(session.answers.encode(), dtype=np.uint8) - ord("0")
        expected = score(ratings.astype(float), scales)
        assert session.scores == pytest.approx(np.round(expected, 3).tolist())
        picks = recommend(expected)
        assert session.recommendations == [
            {"specialty": r.specialty_id, "fit": r.fit} for r in picks
        ]
        assert session.top_specialty_id == picks[0].specialty_id
    assert len({s.holland_code for s in sessions}) > 5  # interests vary
    assert len({s.resume_code for s in sessions}) == 60


def test_the_organisers_dashboard_and_the_counsellor_see_the_festival(
    world, instrument, catalogue, schools
):
    event = festival()
    dashboard = selectors.event_dashboard(user=event.organiser, event=event)
    assert dashboard.started == dashboard.completed == 60
    assert sum(n for _letter, n in dashboard.first_letters) == 60
    assert all(scale.alpha is not None and scale.alpha > 0.6 for scale in dashboard.reliability)
    counsellor = UserFactory.create(role="school_counsellor", institution=schools[0])
    visible = selectors.sessions_visible(user=counsellor)
    sharing = event.sessions.filter(school=schools[0], share_with_counsellor=True)
    assert set(visible) == set(sharing)


def test_the_same_seed_gives_the_same_rows_and_another_seed_does_not(
    world, instrument, catalogue, schools
):
    first = festival()
    expected = digest(first)
    DiagnosticSession.objects.all().delete()
    GuidanceEvent.objects.all().delete()
    assert digest(festival()) == expected
    assert digest(festival(7)) != expected
