"""Help with a student's rank list while the round is open (issue 16): for each offer they
chose, their own score there beside last round's lowest admitted score, and warnings when
the list is short or every choice admitted only higher scores last time. It changes nothing
in the match: ranking offers in the order one prefers stays the best strategy.

"Last round" for an offer is the offer it carries the seats of (a second round's), else the
same enterprise's offer of the same title in the latest matched or published round, under
the same scoring rule (scores under different rules are not comparable)."""

from dataclasses import dataclass

import numpy as np

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.placements.matching import RoundArrays, _read_offers, build_problem
from qadam.placements.models import Application, Offer, PlacementRound
from qadam.registry.models import Student

# A list this short leaves a student exposed: in New York's high-school match 6% of all
# applicants went unmatched against 3% of those who listed all 12 schools (issue 16).
SHORT_LIST = 5
DONE = (PlacementRound.Status.MATCHED, PlacementRound.Status.PUBLISHED)


@dataclass(frozen=True)
class ChoiceHelp:
    application: Application
    score: float | None  # None: decided by the enterprise's own ranking, not known yet
    score_partial: bool  # the offer weighs a test not uploaded yet (counted as 0 for now)
    last_cutoff: float | None  # None: no comparable offer last round, or it had free seats
    last_had_room: bool  # last round's offer did not fill its seats

    @property
    def above(self) -> bool:
        """Last round admitted only higher scores than this student's."""
        return (
            self.score is not None
            and self.last_cutoff is not None
            and self.last_cutoff > self.score
        )


@dataclass(frozen=True)
class RankingHelp:
    choices: list[ChoiceHelp]
    short: bool
    all_above: bool


def _scores(student: Student, applications: list[Application]) -> np.ndarray:
    """The student's score at each chosen offer, as the match will compute it."""
    round_id = applications[0].round_id
    offer_ids = sorted(a.offer_id for a in applications)
    offers = _read_offers(round_id, offer_ids)
    index = {pk: k for k, pk in enumerate(offers["id"].tolist())}
    k = len(applications)
    grade = np.nan if student.grade_average is None else float(student.grade_average)
    specialty = student.program.specialty_id if student.program else -1
    arrays = RoundArrays(
        inputs_version=0,
        student_id=np.array([student.pk], np.int64),
        student_region=np.array([student.region_id], np.int64),
        student_specialty=np.array([specialty], np.int64),
        student_grade=np.array([grade]),
        student_rural=np.array([student.rural]),
        student_disability=np.array([student.disability]),
        offer_id=offers["id"],
        offer_region=offers["region"],
        offer_kind=offers["kind"],
        offer_occupation=offers["occupation"],
        offer_rule=offers["rule"],
        offer_weights=offers["weights"],
        capacity=offers["seats"],
        pref_indptr=np.array([0, k], np.int64),
        pref_offer=np.array([index[a.offer_id] for a in applications], np.int32),
        pref_rank=np.array([a.rank for a in applications], np.int16),
        pref_test=np.array(
            [np.nan if a.test_score is None else a.test_score for a in applications]
        ),
        pref_enterprise_rank=np.array(
            [np.nan if a.enterprise_rank is None else a.enterprise_rank for a in applications]
        ),
        pref_application=np.array([a.pk for a in applications], np.int64),
        pref_score_corrected=np.array(
            [np.nan if a.score_corrected is None else a.score_corrected for a in applications]
        ),
    )
    return build_problem(arrays).pref_score


def _last_offers(offers: list[Offer]) -> dict[int, Offer]:
    """For each offer, last round's: the offer it carries seats over from when that round is
    done, else the same enterprise's latest offer with the same title and scoring rule in a
    done round. Two queries for the whole list, not three per choice."""
    sources = {
        source.pk: source
        for source in Offer.objects.filter(
            pk__in=[o.source_offer_id for o in offers if o.source_offer_id is not None],
            round__status__in=DONE,
        )
    }
    alike: dict[tuple[int, str, str], Offer] = {}
    candidates = (
        Offer.objects.filter(
            enterprise_id__in={o.enterprise_id for o in offers},
            title__in={o.title for o in offers},
            round__status__in=DONE,
        )
        .exclude(round_id__in={o.round_id for o in offers})
        .order_by("-round_id")
    )
    for candidate in candidates:
        key = (candidate.enterprise_id, candidate.title, candidate.scoring_rule)
        alike.setdefault(key, candidate)  # the latest round first
    found = {}
    for offer in offers:
        source = sources.get(offer.source_offer_id) if offer.source_offer_id else None
        last = source or alike.get((offer.enterprise_id, offer.title, offer.scoring_rule))
        if last is not None:
            found[offer.pk] = last
    return found


def _help(application: Application, score: float, last: Offer | None) -> ChoiceHelp:
    offer = application.offer
    ranking = offer.scoring_rule == Offer.ScoringRule.RANKING
    comparable = last is not None and last.scoring_rule == offer.scoring_rule
    return ChoiceHelp(
        application=application,
        score=None if ranking else score,
        score_partial=offer.weight_test > 0 and application.test_score is None,
        last_cutoff=last.cutoff if comparable and last is not None else None,
        last_had_room=comparable and last is not None and last.cutoff is None,
    )


def ranking_help(*, user: User, placement_round: PlacementRound) -> RankingHelp | None:
    """The signed-in student's help for their list in an open round; None otherwise."""
    student_id = user_scope(user=user).student_id
    if student_id is None or placement_round.status != PlacementRound.Status.OPEN:
        return None
    student = Student.objects.select_related("program").get(pk=student_id)
    applications = list(
        Application.objects.filter(round=placement_round, student_id=student_id)
        .select_related("offer")
        .order_by("rank")
    )
    if not applications:
        return RankingHelp([], short=True, all_above=False)
    scores = _scores(student, applications)
    last = _last_offers([a.offer for a in applications])
    choices = [
        _help(a, float(s), last.get(a.offer_id)) for a, s in zip(applications, scores, strict=True)
    ]
    known = [c for c in choices if c.score is not None and c.last_cutoff is not None]
    return RankingHelp(
        choices=choices,
        short=len(choices) < min(SHORT_LIST, placement_round.max_choices),
        # every offer we can compare admitted only higher scores, and none had room
        all_above=bool(known)
        and all(c.above for c in known)
        and not any(c.last_had_room for c in choices),
    )
