"""The match as written to the database: stable, within capacity, explained, reproducible."""

import random
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from qadam.placements.matching import run_match
from qadam.placements.models import Application, Offer, Placement, PlacementRound
from qadam.placements.selectors import placement_explanations
from qadam.placements.tests.factories import OfferFactory, RoundFactory
from qadam.registry.tests.factories import ProgramFactory, SpecialtyFactory, StudentFactory


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


def test_written_result_has_no_blocking_pair_and_respects_seats(random_round):
    summary = run_match(round_id=random_round.pk)
    placements = {p.student_id: p for p in Placement.objects.filter(round=random_round)}
    offers = {o.pk: o for o in Offer.objects.filter(round=random_round)}
    admitted: dict[int, list[tuple[float, int]]] = {pk: [] for pk in offers}
    for p in placements.values():
        if p.offer_id and p.rank:
            admitted[p.offer_id].append((p.scores[p.rank - 1], p.lottery))
    for pk, holders in admitted.items():
        assert len(holders) == offers[pk].filled <= offers[pk].seats
    for application in Application.objects.filter(round=random_round):
        placement = placements[application.student_id]
        if placement.rank is not None and application.rank >= placement.rank:
            continue  # the student does not prefer this offer to their own
        mine = (placement.scores[application.rank - 1], placement.lottery)
        holders = admitted[application.offer_id]
        full = len(holders) == offers[application.offer_id].seats
        # an offer the student prefers must be full of applicants it prefers to them
        assert full and all(h[0] > mine[0] or (h[0] == mine[0] and h[1] < mine[1]) for h in holders)
    assert summary["placed"] == sum(1 for p in placements.values() if p.offer_id)
    assert summary["seats"] == sum(o.seats for o in offers.values())


def test_every_unplaced_or_lower_choice_student_gets_an_explanation(random_round):
    run_match(round_id=random_round.pk)
    for placement in Placement.objects.filter(round=random_round):
        reasons = placement_explanations(placement=placement)
        expected = (placement.rank or len(placement.scores) + 1) - 1
        assert [r.explanation.rank for r in reasons] == list(range(1, expected + 1))
        assert all(r.explanation.reason in {"full", "tie"} for r in reasons)


def test_match_command_reports_the_outcome(random_round, capsys):
    call_command("match", "--round", str(random_round.pk), verbosity=1)
    out = capsys.readouterr().out
    placed = Placement.objects.filter(round=random_round, offer__isnull=False).count()
    assert f"{placed} of 40 applicants placed" in out
    random_round.refresh_from_db()
    assert random_round.status == PlacementRound.Status.MATCHED


def test_match_command_names_a_missing_round_or_a_wrong_status(db):
    with pytest.raises(CommandError, match="no round 404"):
        call_command("match", "--round", "404")
    draft = RoundFactory.create()
    with pytest.raises(CommandError, match="Only a closed round"):
        call_command("match", "--round", str(draft.pk))
