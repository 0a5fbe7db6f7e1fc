"""The match as written to the database: stable, within capacity, explained, reproducible."""

import pytest
from django.core.management import CommandError, call_command

from qadam.placements.matching import run_match
from qadam.placements.models import Application, Offer, Placement, PlacementRound
from qadam.placements.selectors import placement_explanations
from qadam.placements.tests.factories import OfferFactory, RoundFactory
from qadam.registry.tests.factories import ProgramFactory, SpecialtyFactory, StudentFactory


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


def test_the_weighted_rule_scores_specialty_fit_and_distance_from_the_catalogue(db):
    """Equal grades; fit 100 for the specialty that trains for the offer's occupation, 50 for
    one in the same ISCO-08 minor group, 0 otherwise; proximity by region centroids."""
    from qadam.registry.tests.factories import OccupationFactory, RegionFactory

    near = RegionFactory.create(latitude=51.13, longitude=71.45)  # Astana
    far = RegionFactory.create(latitude=43.22, longitude=76.94)  # Almaty, ~970 km
    welder = OccupationFactory.create(code="7212")
    exact = SpecialtyFactory.create(occupations=[welder])
    sibling = SpecialtyFactory.create(occupations=[OccupationFactory.create(code="7213")])
    other = SpecialtyFactory.create(occupations=[OccupationFactory.create(code="2512")])
    placement_round = RoundFactory.create(status=PlacementRound.Status.CLOSED)
    offer = OfferFactory.create(
        round=placement_round,
        region=near,
        occupation=welder,
        scoring_rule=Offer.ScoringRule.WEIGHTED,
        weight_fit=50,
        weight_distance=50,
        specialties=[exact, sibling, other],
    )
    students = {}
    for name, specialty, region in (
        ("exact", exact, near),
        ("sibling", sibling, near),
        ("other_far", other, far),
    ):
        program = ProgramFactory.create(specialty=specialty)
        student = StudentFactory.create(
            program=program, institution=program.institution, region=region
        )
        Application.objects.create(round=placement_round, student=student, offer=offer, rank=1)
        students[name] = student
    run_match(round_id=placement_round.pk)
    scores = {
        name: Placement.objects.get(student=student).scores[0] for name, student in students.items()
    }
    proximity_far = 100 * (1 - 970 / 1500)
    assert scores["exact"] == 100.0  # 0.5 * 100 fit + 0.5 * 100 proximity
    assert scores["sibling"] == 75.0
    assert scores["other_far"] == pytest.approx(0.5 * proximity_far, abs=1.0)
