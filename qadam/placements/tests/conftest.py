"""A small national round over the shared world (see the root conftest.py).

Offers: `weld` (1 seat, world.enterprise, region A) and `pipe` (2 seats, targeted, a second
enterprise in region B) accept the technical specialty of both colleges' first programs;
`cafe` (1 seat) accepts the services specialty of their second programs.
Grades: students_a[0] 4.50 (the student user), students_a[2] 3.50, students_b[0] 4.00.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from qadam.placements.models import Offer, PlacementRound
from qadam.placements.tests.factories import OfferFactory, RoundFactory
from qadam.registry.tests.factories import EnterpriseFactory


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English here; the language tests ask for kk/ru explicitly."""
    settings.LANGUAGE_CODE = "en"


@dataclass(frozen=True)
class RoundWorld:
    round: PlacementRound
    weld: Offer
    pipe: Offer
    cafe: Offer


@pytest.fixture
def open_round(world) -> RoundWorld:
    for student, grade in (
        (world.students_a[0], "4.50"),
        (world.students_a[2], "3.50"),
        (world.students_b[0], "4.00"),
    ):
        student.grade_average = Decimal(grade)
        student.save()
    technical = [world.programs_a[0].specialty, world.programs_b[0].specialty]
    services = [world.programs_a[1].specialty, world.programs_b[1].specialty]
    placement_round = RoundFactory.create(status=PlacementRound.Status.OPEN)
    return RoundWorld(
        round=placement_round,
        weld=OfferFactory.create(
            round=placement_round, enterprise=world.enterprise, specialties=technical
        ),
        pipe=OfferFactory.create(
            round=placement_round,
            enterprise=EnterpriseFactory.create(region=world.region_b),
            title="Pipeline operator",
            seats=2,
            kind=Offer.Kind.TARGETED,
            position="Operator",
            salary_min=300_000,
            salary_max=450_000,
            work_years=3,
            specialties=technical,
        ),
        cafe=OfferFactory.create(
            round=placement_round, enterprise=world.enterprise, title="Cook", specialties=services
        ),
    )
