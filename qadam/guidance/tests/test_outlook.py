"""Recommendations that look ahead: a pupil's specialties weigh their interest fit with the
openings planning projects in their region the year they could graduate; a switch shows
interest fit alone; the API carries the outlook of every recommendation.

The pupil lives in region A, where oil and gas employs people; mining employs people only
in region B. Drilling fits the pupil's Realistic interests a little less than mining does.
"""

import re
import uuid
from dataclasses import dataclass

import pytest
from django.test import Client

from qadam.guidance import selectors, services
from qadam.guidance.models import DiagnosticSession
from qadam.guidance.services import PupilDetails
from qadam.registry.models import Specialty
from qadam.registry.tests.factories import (
    EnterpriseFactory,
    OccupationFactory,
    ProgramFactory,
    SpecialtyFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/guidance"


@dataclass(frozen=True)
class Trades:
    drilling: Specialty  # oil and gas: openings in the pupil's region
    mining: Specialty  # a slightly better fit, but its openings are in region B


def _profile(r, i, a, s, e, c):
    return dict(riasec_r=r, riasec_i=i, riasec_a=a, riasec_s=s, riasec_e=e, riasec_c=c)


@pytest.fixture
def trades(world, catalogue) -> Trades:
    drilling = SpecialtyFactory.create(
        name_en="Drilling of oil and gas wells",
        sector="oil_gas",
        occupations=[OccupationFactory.create(code="8113", **_profile(6.5, 3.5, 1.5, 2.5, 3, 3.5))],
    )
    mining = SpecialtyFactory.create(
        name_en="Underground mining",
        sector="mining",
        occupations=[OccupationFactory.create(code="8111", **_profile(6.5, 5, 1.2, 1.2, 1.5, 4))],
    )
    for region, sector in ((world.region_a, "oil_gas"), (world.region_b, "mining")):
        for _ in range(3):
            EnterpriseFactory.create(region=region, sector=sector, size="large")
    ProgramFactory.create(
        institution=world.college_a, specialty=drilling, capacity=40, state_funded_seats=30
    )
    ProgramFactory.create(institution=world.college_b, specialty=mining, state_funded_seats=15)
    return Trades(drilling=drilling, mining=mining)


def realistic(instrument) -> dict[str, int]:
    values = {"R": 5, "I": 4, "C": 3}
    return {item.code: values.get(item.scale, 1) for item in instrument.items.all()}


def submit(world, instrument, region=None) -> DiagnosticSession:
    session, _created = services.submission_create(
        client_id=uuid.uuid4(),
        details=PupilDetails(language="en", age=15, region_id=(region or world.region_a).pk),
        consent=True,
        answers=realistic(instrument),
    )
    return session


def order(picks, trades: Trades) -> list[int]:
    """Where drilling and mining stand in a list of picks."""
    ids = [pick.specialty_id for pick in picks]
    return [ids.index(trades.drilling.pk), ids.index(trades.mining.pk)]


def test_the_ranking_moves_toward_specialties_with_openings_in_the_pupils_region(
    world, instrument, trades
):
    session = submit(world, instrument)
    by_interest = selectors.session_picks(session=session, interest_only=True)
    ahead = selectors.session_picks(session=session)
    fits = {pick.specialty_id: pick.fit for pick in by_interest}
    assert fits[trades.mining.pk] > fits[trades.drilling.pk]  # mining fits better
    drilling, mining = order(by_interest, trades)
    assert mining < drilling  # ... and leads on interest alone
    drilling, mining = order(ahead, trades)
    assert drilling < mining  # the pupil's region needs drillers
    stored = {pick["specialty"]: pick for pick in session.recommendations}
    assert stored[trades.drilling.pk]["outlook"]["projected_openings"] > 0
    assert stored[trades.mining.pk]["outlook"]["projected_openings"] == 0
    assert stored[trades.drilling.pk]["outlook"]["state_funded_seats"] == 30


def test_the_outlook_is_the_pupils_own_regions(world, instrument, trades):
    session = submit(world, instrument, region=world.region_b)
    outlook = {pick["specialty"]: pick["outlook"] for pick in session.recommendations}
    assert outlook[trades.mining.pk]["projected_openings"] > 0
    assert outlook[trades.mining.pk]["state_funded_seats"] == 15
    assert outlook[trades.drilling.pk]["projected_openings"] == 0
    assert outlook[trades.drilling.pk]["state_funded_seats"] == 0


def test_the_page_explains_the_weights_and_switches_to_interest_fit_alone(
    world, instrument, trades, client_for
):
    session = submit(world, instrument)
    url = f"/guidance/r/{session.resume_code}/"
    page = client_for(None).get(url).content.decode()
    assert "fits your interests (70%)" in page and "when you could graduate (30%)" in page
    assert 'data-testid="rank-with-outlook" aria-current="page"' in page
    names = re.findall(r'<h3>\d\. ([^<]+?) <span class="fit">', page)
    assert names.index("Drilling of oil and gas wells") < names.index("Underground mining")
    assert "Alpha Region will need about" in page  # the drillers' outlook
    assert "almost no openings for this specialty in Alpha Region" in page  # the miners'

    alone = client_for(None).get(url, {"ranking": "interests"}).content.decode()
    assert "whatever your region needs" in alone and "(70%)" not in alone
    assert 'data-testid="rank-by-interests" aria-current="page"' in alone
    names = re.findall(r'<h3>\d\. ([^<]+?) <span class="fit">', alone)
    assert names.index("Underground mining") < names.index("Drilling of oil and gas wells")


def test_the_api_carries_the_outlook_of_every_one_of_the_five_recommendations(
    world, instrument, trades
):
    body = {
        "client_id": str(uuid.uuid4()),
        "consent": True,
        "language": "en",
        "age": 15,
        "region_id": world.region_a.pk,
        "answers": realistic(instrument),
    }
    created = Client().post(f"{URL}/submissions", body, content_type="application/json")
    assert created.status_code == 201
    picks = created.json()["recommendations"]
    assert len(picks) == 5
    for pick in picks:
        assert set(pick["outlook"]) == {
            "graduation_year",
            "projected_openings",
            "state_funded_seats",
        }
        assert pick["interest_fit"] == pick["fit"]
        assert 0 <= pick["score"] <= 1
    scores = [pick["score"] for pick in picks]
    assert scores == sorted(scores, reverse=True)
    drilling = next(p for p in picks if p["specialty_id"] == trades.drilling.pk)
    assert drilling["outlook"]["state_funded_seats"] == 30
    assert drilling["outlook"]["projected_openings"] > 0
    read = Client().get(f"{URL}/results/{created.json()['resume_code']}")
    assert read.json() == created.json()


def test_results_stored_before_the_outlook_get_todays_outlook(world, instrument, trades):
    session = submit(world, instrument)
    legacy = [{"specialty": p["specialty"], "fit": p["fit"]} for p in session.recommendations]
    DiagnosticSession.objects.filter(pk=session.pk).update(recommendations=legacy)
    read = Client().get(f"{URL}/results/{session.resume_code}").json()
    assert [p["specialty_id"] for p in read["recommendations"]] == [p["specialty"] for p in legacy]
    assert all("graduation_year" in p["outlook"] for p in read["recommendations"])


def test_the_openapi_document_describes_the_outlook(db):
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]
    assert {"interest_fit", "score", "outlook"} <= set(schema["RecommendationOut"]["properties"])
    assert set(schema["OutlookOut"]["properties"]) == {
        "graduation_year",
        "projected_openings",
        "state_funded_seats",
    }
