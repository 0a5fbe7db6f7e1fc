"""Obligations and their deliveries: who kept which promise, by how much and when.

Each obligation is delivered in full, in part or not at all, more often in full when it is
already due. Then, per kind, the partial deliveries are scaled so that the delivered volume is
DELIVERED_SHARE of the promised one (70%: the brief gives no figure; this one leaves both
kept and unkept promises to show). Obligations of agreements not yet started have nothing
delivered, and some already due have nothing either: the overdue ones the reminders show.
Every delivered quantity is split into one to three deliveries, so an obligation's
`delivered` is their sum.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np

from qadam.agreements.seeding.common import AS_OF, Register, iso

DELIVERED_SHARE = 0.70
FULL, PARTIAL, NONE = 0, 1, 2
# (full, partial, none) for obligations already due and those due later
STATE_SHARES_DUE = (0.65, 0.20, 0.15)
STATE_SHARES_LATER = (0.30, 0.50, 0.20)
LATE_SHARE = 0.15  # of fully delivered obligations, delivered up to 60 days after the due date
DELIVERY_TEXT = {
    "internship_places": ("Приняты на практику студенты колледжа", "Приказ о практике №{}"),
    "mentors": ("Закреплены наставники от предприятия", "Приказ о наставничестве №{}"),
    "equipment": ("Поставлено оборудование", "Акт приёма-передачи №{}"),
    "funding": ("Перечислены средства", "Платёжное поручение №{}"),
    "jobs": ("Трудоустроены выпускники", "Трудовые договоры, реестр №{}"),
    "seats": ("Выделены места", "Приказ №{}"),
}


@dataclass
class Promises:
    """Obligations to write, as parallel lists; targets in units of `unit`."""

    agreement: list[int] = field(default_factory=list)
    party: list[int | None] = field(default_factory=list)
    beneficiary: list[int | None] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    target: list[int] = field(default_factory=list)
    unit: list[int] = field(default_factory=list)
    due: list[np.datetime64] = field(default_factory=list)
    starts: list[np.datetime64] = field(default_factory=list)  # the agreement's start
    started: list[bool] = field(default_factory=list)  # whether anything can be delivered yet
    stamp: list[Any] = field(default_factory=list)  # created_at: the agreement's

    def add(self, **values: Any) -> None:
        for name, value in values.items():
            getattr(self, name).append(value)


def _states(rng: np.random.Generator, due: np.ndarray, started: np.ndarray) -> np.ndarray:
    already_due = due < np.datetime64(AS_OF)
    u = rng.random(due.size)
    states = np.where(
        already_due,
        np.searchsorted(np.cumsum(STATE_SHARES_DUE), u, side="right"),
        np.searchsorted(np.cumsum(STATE_SHARES_LATER), u, side="right"),
    )
    return np.where(started, np.minimum(states, NONE), NONE)


def _scale(fractions: np.ndarray, target: np.ndarray, goal: float) -> np.ndarray:
    """Fractions scaled by one factor (each kept within 5-95%) so that their volume over
    `target` comes as close to `goal` as they can (bisection on the factor)."""
    low, high = 0.0, 50.0
    for _ in range(60):
        middle = (low + high) / 2
        volume = (np.clip(fractions * middle, 0.05, 0.95) * target).sum()
        low, high = (middle, high) if volume < goal else (low, middle)
    return np.clip(fractions * low, 0.05, 0.95)


def _settle(delivered: np.ndarray, target: np.ndarray, partial: np.ndarray, gap: int) -> None:
    """Moves partial deliveries a unit at a time (staying partial) to close `gap` units."""
    step = 1 if gap > 0 else -1
    for _ in range(3):
        for i in np.flatnonzero(partial):
            if gap == 0:
                return
            if 1 <= delivered[i] + step <= target[i] - 1:
                delivered[i] += step
                gap -= step


def _top_up(delivered: np.ndarray, target: np.ndarray, candidates: np.ndarray, gap: int) -> None:
    """When partial deliveries cannot close `gap` (small targets cannot be delivered in part),
    the candidates get more (up to their target), in order."""
    for i in candidates.tolist():
        if gap <= 0:
            return
        more = min(int(target[i] - delivered[i]), gap)
        delivered[i] += more
        gap -= more


def delivered_units(rng: np.random.Generator, promises: Promises) -> np.ndarray:
    """How many units of each obligation have been delivered (see the module's docstring)."""
    target = np.array(promises.target, dtype=np.int64)
    kind = np.array(promises.kind)
    due = np.array(promises.due)
    started = np.array(promises.started, dtype=bool)
    states = _states(rng, due, started)
    fractions = rng.uniform(0.25, 0.85, size=target.size)
    delivered = np.zeros(target.size, dtype=np.int64)
    not_yet_due_first = np.argsort(due < np.datetime64(AS_OF), kind="stable")
    for name in np.unique(kind):
        mine = kind == name
        goal = DELIVERED_SHARE * target[mine].sum()
        full = np.flatnonzero(mine & (states == FULL))
        while target[full].sum() > goal and full.size:  # too much in full: some only in part
            states[full[-1]], full = PARTIAL, full[:-1]
        delivered[full] = target[full]
        partial = mine & (states == PARTIAL) & (target >= 2)
        if partial.any():
            rest = goal - target[full].sum()
            share = _scale(fractions[partial], target[partial], rest)
            delivered[partial] = np.clip(np.rint(share * target[partial]), 1, target[partial] - 1)
            _settle(delivered, target, partial, round(goal) - int(delivered[mine].sum()))
        # never the overdue ones with nothing delivered: the reminders' list
        overdue_none = (states == NONE) & (due < np.datetime64(AS_OF))
        for room in (~overdue_none, overdue_none):  # the latter only if a few are too few
            room = mine & started & room & (delivered < target)
            _top_up(
                delivered,
                target,
                not_yet_due_first[room[not_yet_due_first]],
                round(goal) - int(delivered[mine].sum()),
            )
    return delivered


def _keep_one_open(delivered: np.ndarray, promises: Promises, parties: frozenset[int]) -> None:
    """A party of `parties` whose every started promise is kept gets its last one short by a
    unit, so its page has a delivery to record."""
    target = np.array(promises.target, dtype=np.int64)
    started = np.array(promises.started, dtype=bool)
    for party in parties:
        mine = np.flatnonzero((np.array(promises.party) == party) & started)
        if mine.size and (delivered[mine] >= target[mine]).all():
            delivered[mine[-1]] = target[mine[-1]] - 1


def _splits(rng: np.random.Generator, units: np.ndarray) -> np.ndarray:
    """Each of `units` as one to three deliveries of at least one unit each: (n, 3), zeros
    where there are fewer."""
    n = units.size
    parts = np.minimum(units, 1 + (rng.random(n) < 0.5) + (rng.random(n) < 0.2))
    # two distinct cut points in 1..units-1 (the second skips over the first)
    first = 1 + (rng.random(n) * np.maximum(units - 1, 1)).astype(np.int64)
    second = 1 + (rng.random(n) * np.maximum(units - 2, 1)).astype(np.int64)
    second = second + (second >= first)
    low, high = np.minimum(first, second), np.maximum(first, second)
    none = np.zeros(n, np.int64)
    return np.select(
        [parts[:, None] == 0, parts[:, None] == 1, parts[:, None] == 2],
        [
            np.zeros((n, 3), np.int64),
            np.c_[units, none, none],
            np.c_[first, units - first, none],
        ],
        default=np.c_[low, high - low, units - high],
    )


def _days(rng: np.random.Generator, promises: Promises, late: np.ndarray) -> np.ndarray:
    """Three sorted delivery days per obligation: from the agreement's start (at most 11 months
    before the due date) until the due date (60 days later if late), never after AS_OF."""
    due = np.array(promises.due)
    last = np.minimum(due + np.where(late, 60, 0), np.datetime64(AS_OF - timedelta(days=1)))
    first = np.minimum(np.maximum(np.array(promises.starts), due - 330), last)
    span = (last - first).astype(np.int64) + 1
    offsets = np.sort((rng.random((due.size, 3)) * span[:, None]).astype(np.int64), axis=1)
    return first[:, None] + offsets


def deliveries_write(
    rng: np.random.Generator,
    register: Register,
    promises: Promises,
    keep_open: frozenset[int] = frozenset(),
) -> None:
    """Adds the obligations (with `delivered`) and their deliveries to `register`; each party
    of `keep_open` (the demo patron) keeps a promise still to deliver."""
    delivered = delivered_units(rng, promises)
    _keep_one_open(delivered, promises, keep_open)
    target = np.array(promises.target, dtype=np.int64)
    late = (delivered == target) & (rng.random(target.size) < LATE_SHARE)
    parts = _splits(rng, delivered)
    days = _days(rng, promises, late).astype(str)
    evidence_numbers = 100 + np.cumsum(1 + rng.integers(0, 7, size=parts.shape), axis=None)
    for i, units in enumerate(delivered.tolist()):
        unit = promises.unit[i]
        obligation = register.obligation(
            (
                promises.agreement[i],
                promises.kind[i],
                promises.party[i],
                promises.beneficiary[i],
                promises.description[i],
                promises.items[i],
                promises.target[i] * unit,
                iso(promises.due[i]),
                units * unit,
                promises.stamp[i],
            )
        )
        text, evidence = DELIVERY_TEXT[promises.kind[i]]
        for k, part in enumerate(parts[i].tolist()):
            if part:
                number = evidence.format(evidence_numbers[3 * i + k])
                register.delivery(obligation, part * unit, str(days[i, k]), text, number)
