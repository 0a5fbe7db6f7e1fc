"""`qadam seed` builds one national placement round, matched and published: offers every
applicant's specialty fits, ranked lists that obey the round's rules, the same rows for the
same seed, and demo users who have something to look at."""

import hashlib
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from qadam.accounts.models import User
from qadam.placements.models import MAX_CHOICES, Application, Offer, Placement, PlacementRound
from qadam.placements.selectors import placement_explanations
from qadam.registry.models import Student
from qadam.registry.seeding.profiles import PROFILES

pytestmark = pytest.mark.slow


def seed(seed: int = 42, *, reset: bool = False) -> None:
    call_command("seed", profile="small", seed=seed, reset=reset, verbosity=0, stdout=StringIO())


def applications_digest() -> str:
    """The applications by natural keys (IINs, not ids: sequences move on after a reset)."""
    rows = Application.objects.order_by("student__iin", "rank").values_list(
        "student__iin", "offer__enterprise_id", "rank", "test_score", "enterprise_rank"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def offer_specialties() -> dict[int, set[int]]:
    accepted = defaultdict(set)
    for offer_id, specialty_id in Offer.specialties.through.objects.values_list(
        "offer_id", "specialty_id"
    ):
        accepted[offer_id].add(specialty_id)
    return accepted


def test_the_small_seed_builds_one_published_national_round_with_valid_offers(db):
    seed()
    placement_round = PlacementRound.objects.get()
    assert placement_round.institution is None
    assert placement_round.status == PlacementRound.Status.PUBLISHED
    assert placement_round.lottery_seed == 42
    assert placement_round.max_choices == MAX_CHOICES

    offers = list(placement_round.offers.all())
    assert len(offers) == PROFILES["small"].enterprises
    for offer in offers:
        offer.full_clean()  # the model's own rules: targeted fields, weights adding up to 100
        assert offer.region_id == offer.enterprise.region_id
        assert offer.seats >= 1 and offer.mentors
        if offer.kind == Offer.Kind.TARGETED:
            assert offer.work_years and offer.salary_min and offer.salary_max
            assert offer.position and 2 <= offer.work_years <= 3
            assert 250_000 <= offer.salary_min <= offer.salary_max <= 600_000
        else:
            assert (offer.position, offer.salary_min, offer.work_years) == ("", None, None)
        if offer.scoring_rule == Offer.ScoringRule.WEIGHTED:
            assert sum(offer.weights) == 100
        else:
            assert offer.weights == (0, 0, 0, 0)
    assert {offer.kind for offer in offers} == set(Offer.Kind.values)
    assert {offer.scoring_rule for offer in offers} == set(Offer.ScoringRule.values)
    # each offer accepts 1-3 specialties of its enterprise's sector (the catalogue has all)
    accepted = offer_specialties()
    assert {len(accepted[offer.id]) for offer in offers} <= {1, 2, 3}
    links = Offer.specialties.through.objects
    assert not links.exclude(specialty__sector=F("offer__enterprise__sector")).exists()
    # the occupation is the main specialty's first
    for offer in offers:
        if offer.occupation_id:
            assert offer.occupation.specialties.filter(id__in=accepted[offer.id]).exists()

    applicants = Application.objects.values("student").distinct().count()
    assert applicants == PROFILES["small"].placement_applicants
    assert sum(offer.seats for offer in offers) == pytest.approx(1.1 * applicants, rel=0.01)


def test_every_applicant_ranks_compatible_offers_once_in_contiguous_order(db):
    seed()
    accepted = offer_specialties()
    compatible: dict[int, int] = defaultdict(int)
    for specialties in accepted.values():
        for specialty in specialties:
            compatible[specialty] += 1
    ranks, offers = defaultdict(list), defaultdict(list)
    rows = Application.objects.values_list(
        "student_id", "offer_id", "rank", "student__program__specialty_id"
    )
    for student_id, offer_id, rank, specialty_id in rows:
        assert specialty_id in accepted[offer_id]
        ranks[student_id].append(rank)
        offers[student_id].append(offer_id)
    for student_id, student_ranks in ranks.items():
        assert sorted(student_ranks) == list(range(1, len(student_ranks) + 1))
        assert len(set(offers[student_id])) == len(student_ranks)
    specialty_of = dict(Student.objects.values_list("id", "program__specialty_id"))
    for student_id, student_ranks in ranks.items():
        assert len(student_ranks) == min(MAX_CHOICES, compatible[specialty_of[student_id]])
    # the students of the most widely offered specialty rank all its offers, up to the cap
    assert max(len(r) for r in ranks.values()) == min(MAX_CHOICES, max(compatible.values()))
    applicants = Student.objects.filter(applications__isnull=False).distinct()
    assert set(applicants.values_list("status", "institution__kind")) == {("active", "college")}


def test_enterprises_rank_and_test_only_where_their_scoring_rule_asks(db):
    seed()
    by_offer = defaultdict(list)
    rows = Application.objects.values_list(
        "offer_id", "offer__scoring_rule", "offer__weight_test", "test_score", "enterprise_rank"
    )
    for offer_id, rule, weight_test, test_score, enterprise_rank in rows:
        tested = rule == Offer.ScoringRule.WEIGHTED and weight_test > 0
        assert (test_score is not None) == tested
        assert test_score is None or 0 <= test_score <= 100
        assert (enterprise_rank is not None) == (rule == Offer.ScoringRule.RANKING)
        by_offer[offer_id].append(enterprise_rank)
    ranking = Offer.objects.filter(scoring_rule=Offer.ScoringRule.RANKING).values_list(
        "id", flat=True
    )
    ranked = [offer_id for offer_id in ranking if by_offer[offer_id]]
    assert ranked
    for offer_id in ranked:
        assert sorted(r or 0 for r in by_offer[offer_id]) == list(
            range(1, len(by_offer[offer_id]) + 1)
        )


def test_the_same_seed_gives_the_same_round_and_another_seed_does_not(db):
    seed()
    first = applications_digest()
    seed(reset=True)
    assert PlacementRound.objects.count() == 1
    assert applications_digest() == first
    seed(7, reset=True)
    assert applications_digest() != first


def test_the_seeded_round_is_matched_stably_and_the_demo_users_have_something_to_see(db):
    seed()
    placement_round = PlacementRound.objects.get()
    summary = placement_round.summary
    applicants = PROFILES["small"].placement_applicants
    assert summary["applicants"] == applicants == Placement.objects.count()
    assert summary["blocking_pairs"] == 0
    assert summary["placed"] == Placement.objects.filter(offer__isnull=False).count()
    assert 0.5 < summary["placed"] / applicants <= 1
    student = User.objects.get(username="student").student
    placement = Placement.objects.get(student=student)
    assert placement.rank and placement.rank >= 2
    assert len(placement_explanations(placement=placement)) == placement.rank - 1
    enterprise = User.objects.get(username="enterprise").enterprise
    assert Placement.objects.filter(
        offer__enterprise=enterprise, offer__kind=Offer.Kind.TARGETED
    ).exists()
