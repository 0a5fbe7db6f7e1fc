"""Career-guidance events in aggregate: the list, one event, its live figures.

Organisers see their own events, the ministry and analysts every event. An analyst sees a
count of pupils from 1 to 4 as "<5" and a total that would give one away (the total less the
cells shown beside it) as "≥ N", on the list, its export and the live figures alike
(qadam.common.disclosure); the scales' reliability of fewer than 5 finished pupils is not
shown to them.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Q, QuerySet

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.common.disclosure import (
    MIN_CELL,
    cell,
    masks_small_counts,
    total_shown_across,
)
from qadam.engines.guidance import cronbach_alpha
from qadam.guidance.models import SCALES, DiagnosticSession, GuidanceEvent
from qadam.registry.models import Specialty

TOP = 10  # the most frequent codes and specialties shown


def _events(user: User) -> QuerySet[GuidanceEvent]:
    events = GuidanceEvent.objects.select_related("region", "organiser")
    if user.is_superuser or user.role in {Role.MINISTRY_ADMIN, Role.ANALYST}:
        return events
    if user.role == Role.GUIDANCE_ORGANISER:
        return events.filter(organiser=user)
    return events.none()


def masks_event_counts(user: User) -> bool:
    return masks_small_counts(user_scope(user=user).role)


@dataclass(frozen=True)
class Tallies:
    """One event's exact counts of pupils: the page shows them through `_totals_shown`."""

    started: int
    completed: int
    codes: dict[str, int]  # every Holland code of a finished diagnostic
    specialties: dict[int | None, int]  # every best-fitting specialty (None: none)

    def first_letters(self) -> dict[str, int]:
        letters = Counter({letter: 0 for letter in SCALES})
        for code, n in self.codes.items():
            if code:
                letters[code[0]] += n
        return {letter: letters[letter] for letter in SCALES}


def _totals_shown(tallies: Tallies, *, masked: bool) -> tuple[Any, Any]:
    """(started, finished) as shown: each total beside every breakdown of it the pages
    show (first letters, codes, specialties), and `started` beside the finished and the
    pupils still answering (started - finished)."""
    breakdowns = [
        list(tallies.first_letters().values()),
        list(tallies.codes.values()),
        list(tallies.specialties.values()),
    ]
    answering = tallies.started - tallies.completed
    completed = total_shown_across(tallies.completed, breakdowns, masked=masked)
    started = total_shown_across(
        tallies.started,
        [[tallies.completed, answering], *([*counts, answering] for counts in breakdowns)],
        masked=masked,
    )
    return started, completed


def _tallies(event_ids: list[int]) -> dict[int, Tallies]:
    """Each event's tallies in three grouped queries."""
    sessions = DiagnosticSession.objects.filter(event_id__in=event_ids).order_by()
    done = sessions.filter(completed_at__isnull=False)
    started = Counter(dict(sessions.values_list("event_id").annotate(n=Count("id"))))
    codes: dict[int, dict[str, int]] = {pk: {} for pk in event_ids}
    for pk, code, n in done.values_list("event_id", "holland_code").annotate(n=Count("id")):
        codes[pk][code] = n
    specialties: dict[int, dict[int | None, int]] = {pk: {} for pk in event_ids}
    for pk, specialty, n in done.values_list("event_id", "top_specialty").annotate(n=Count("id")):
        specialties[pk][specialty] = n
    return {
        pk: Tallies(started[pk], sum(codes[pk].values()), codes[pk], specialties[pk])
        for pk in event_ids
    }


def event_list(*, user: User) -> list[GuidanceEvent]:
    """The events `user` may see, newest first as stored, each with `started` and `completed`
    (pupils) as shown to the user; one list for the page and its export."""
    events: list[GuidanceEvent] = list(
        _events(user).annotate(
            started=Count("sessions"),
            completed=Count("sessions", filter=Q(sessions__completed_at__isnull=False)),
        )
    )
    if masks_event_counts(user):
        tallies = _tallies([event.pk for event in events])
        for event in events:
            event.started, event.completed = _totals_shown(  # type: ignore[attr-defined]
                tallies[event.pk], masked=True
            )
    return events


def event_get(*, user: User, event_id: int) -> GuidanceEvent:
    return _events(user).get(pk=event_id)


def event_by_code(*, join_code: str) -> GuidanceEvent:
    """The event a pupil joins (public: the code is printed on the festival's posters)."""
    return GuidanceEvent.objects.select_related("region").get(
        join_code=join_code.strip().upper(), is_open=True
    )


@dataclass(frozen=True)
class ScaleReliability:
    code: str
    alpha: float | None  # Cronbach's alpha at this event
    norm_alpha: float | None  # the approximation given with the norms
    mean: float | None  # the event's mean scale score
    norm_mean: float | None


@dataclass(frozen=True)
class EventDashboard:
    """An event's figures as shown to its reader: a count is an int, "<5" or "≥ N"."""

    started: Any
    completed: Any
    codes: list[tuple[str, Any]]  # the most frequent Holland codes
    first_letters: list[tuple[str, Any]]  # in the order of SCALES
    specialties: list[tuple[Specialty, Any]]  # most often recommended first
    reliability: list[ScaleReliability]
    reliability_withheld: bool = False  # an analyst's, of fewer than MIN_CELL finished


def _answer_matrix(answers: list[str]) -> np.ndarray:
    """(n, n_items) float ratings from the stored digit strings, NaN where unanswered."""
    if not answers:
        return np.empty((0, 0))
    raw = np.frombuffer("".join(answers).encode("ascii"), dtype=np.uint8).reshape(len(answers), -1)
    ratings = (raw - ord("0")).astype(np.float64)
    ratings[ratings == 0] = np.nan
    return ratings


def _top(counts: dict[Any, int], *, masked: bool) -> list[tuple[Any, Any]]:
    """The TOP most frequent, through `cell`; masked ones last, among themselves by key, so
    that their order ranks no masked count."""
    top = sorted(
        ((key, n) for key, n in counts.items() if key is not None and key != ""),
        key=lambda item: (-item[1], item[0]),
    )[:TOP]
    if masked:
        top.sort(key=lambda item: (-(item[1] if item[1] >= MIN_CELL else 0), item[0]))
    return [(key, cell(n, masked=masked)) for key, n in top]


def event_dashboard(*, user: User, event: GuidanceEvent) -> EventDashboard:
    """Live figures of one event (the caller got it from `event_get`) as `user` sees them."""
    masked = masks_event_counts(user)
    tallies = _tallies([event.pk])[event.pk]
    started, completed = _totals_shown(tallies, masked=masked)
    codes = _top(tallies.codes, masked=masked)
    top = _top(tallies.specialties, masked=masked)
    specialties = Specialty.objects.in_bulk([pk for pk, _n in top])
    withheld = masked and tallies.completed < MIN_CELL
    answers: list[str] = []
    if not withheld:
        done = event.sessions.filter(completed_at__isnull=False)
        answers = list(done.values_list("answers", flat=True))
    return EventDashboard(
        started=started,
        completed=completed,
        codes=codes,
        first_letters=[
            (letter, cell(n, masked=masked)) for letter, n in tallies.first_letters().items()
        ],
        specialties=[(specialties[pk], n) for pk, n in top if pk in specialties],
        reliability=_reliability(event, answers),
        reliability_withheld=withheld,
    )


def _reliability(event: GuidanceEvent, answers: list[str]) -> list[ScaleReliability]:
    scales = np.array(
        [
            SCALES.index(s)
            for s in event.instrument.items.order_by("position").values_list("scale", flat=True)
        ]
    )
    norms: dict[str, Any] = event.instrument.metadata.get("norms", {})
    estimates = norms.get("alpha_estimate", {}).get("by_scale", {})
    published = norms.get("by_scale", {})
    matrix = _answer_matrix(answers)
    enough = matrix.shape[0] >= 2
    alphas = cronbach_alpha(matrix, scales) if enough else np.full(6, np.nan)
    means = [float(np.nanmean(matrix[:, scales == i])) if matrix.size else np.nan for i in range(6)]
    return [
        ScaleReliability(
            code=code,
            alpha=None if np.isnan(alphas[i]) else round(float(alphas[i]), 2),
            norm_alpha=estimates.get(code, {}).get("alpha_if_item_rest"),
            mean=None if np.isnan(means[i]) else round(means[i], 2),
            norm_mean=published.get(code, {}).get("mean"),
        )
        for i, code in enumerate(SCALES)
    ]
