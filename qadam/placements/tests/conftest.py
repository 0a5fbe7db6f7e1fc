"""A small national round over the shared world (see the root conftest.py).

Offers: `weld` (1 seat, world.enterprise, region A) and `pipe` (2 seats, targeted, a second
enterprise in region B) accept the technical specialty of both colleges' first programs;
`cafe` (1 seat) accepts the services specialty of their second programs.
Grades: students_a[0] 4.50 (the student user), students_a[2] 3.50, students_b[0] 4.00.
`published`: the round matched and published; `pipe_hr`: the pipe enterprise's HR.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

import pytest

from qadam.placements import services
from qadam.placements.matching import run_match
from qadam.placements.models import Application, Offer, PlacementRound
from qadam.placements.tests.factories import OfferFactory, RoundFactory
from qadam.registry.tests.factories import (
    EnterpriseFactory,
    ProgramFactory,
    SpecialtyFactory,
    StudentFactory,
    UserFactory,
)


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


@pytest.fixture
def published(world, users, open_round):
    """A published round: students_b[0] (grade 4.90) takes weld's one seat, so the student
    user (4.50, weld then pipe) is placed at pipe, their second choice, with students_a[2]."""
    student_b = world.students_b[0]
    student_b.grade_average = Decimal("4.90")
    student_b.save()
    choices = [
        (users["student"], [open_round.weld, open_round.pipe]),
        (UserFactory.student_user(student_b, username="student_b"), [open_round.weld]),
        (UserFactory.student_user(world.students_a[2], username="student_a2"), [open_round.pipe]),
    ]
    for user, offers in choices:
        services.application_rank_set(
            actor=user, placement_round=open_round.round, offer_ids=[o.pk for o in offers]
        )
    ministry = users["ministry_admin"]
    services.round_close(actor=ministry, placement_round=open_round.round)
    run_match(round_id=open_round.round.pk, actor=ministry)
    services.round_publish(actor=ministry, placement_round=open_round.round)
    open_round.round.refresh_from_db()
    for offer in (open_round.weld, open_round.pipe, open_round.cafe):
        offer.refresh_from_db()
    return open_round


@pytest.fixture
def pipe_hr(open_round):
    return UserFactory.enterprise_hr(open_round.pipe.enterprise, username="pipe_hr")


@pytest.fixture
def random_round(db) -> PlacementRound:
    """40 students of one specialty rank up to 5 of 6 offers in random order; grades and
    seats are random (grades on a coarse grid, so ties happen)."""
    rng = random.Random(11)
    specialty = SpecialtyFactory.create()
    program = ProgramFactory.create(specialty=specialty)
    placement_round = RoundFactory.create(status=PlacementRound.Status.CLOSED, lottery_seed=5)
    offers = [
        OfferFactory.create(round=placement_round, seats=rng.randint(1, 6), specialties=[specialty])
        for _ in range(6)
    ]
    for _ in range(40):
        student = StudentFactory.create(
            program=program,
            institution=program.institution,
            grade_average=Decimal(rng.choice(["3.00", "3.50", "4.00", "4.50", "5.00"])),
        )
        chosen = rng.sample(offers, rng.randint(1, 5))
        Application.objects.bulk_create(
            Application(round=placement_round, student=student, offer=offer, rank=rank)
            for rank, offer in enumerate(chosen, start=1)
        )
    return placement_round
