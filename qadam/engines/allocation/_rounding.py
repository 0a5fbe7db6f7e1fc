"""Whole seats from the linear relaxation: floor, repair the seat rules by value, local search.

Every move is priced against the current best flows (re-solved by the caller between rounds):
one more seat in a program fills its cells' shortfall, most valuable first; one seat fewer
takes its graduates out of its least valuable cells, after any it had spare.
"""

from __future__ import annotations

import numpy as np

from qadam.engines.allocation.problem import AllocationProblem, FloatArray, IntArray, Limits

_EPS = 1e-6  # a relaxed seat count this close to an integer counts as that integer
_MIN_GAIN = 1e-9


class Rounder:
    """Integer seats that keep capacity, total, budget, technical share and region minimums.

    Start from the floor of the relaxed seats; ``repair`` restores region minimums and the
    technical share (which flooring can break) with the seats worth most; ``improve`` adds
    seats, drops seats worth less than they cost and moves seats where they are worth more.
    """

    def __init__(self, p: AllocationProblem, lim: Limits, relaxed: FloatArray) -> None:
        self.p, self.lim = p, lim
        self.x = np.minimum(np.floor(relaxed + _EPS), lim.capacity)
        self.frac = np.round(relaxed - self.x, 6)
        self.total = float(self.x.sum())
        self.spend = float(p.cost @ self.x)
        self.tech = float(self.x[p.technical].sum())
        self.in_region = np.bincount(p.region, self.x, p.n_regions)
        self.owner = np.repeat(np.arange(p.n_programs), np.diff(p.serves_indptr))
        w = p.weight[p.serves_cell]
        # Each program's serves entries, most valuable cell first and least valuable first.
        self.desc: IntArray = np.lexsort((-w, self.owner))
        self.asc: IntArray = np.lexsort((w, self.owner))
        self.seat_cost = p.cost_weight * p.cost

    # ----------------------------------------------------------------------- bookkeeping

    def share_ok(self, extra_total: float = 0.0, extra_tech: float = 0.0) -> bool:
        need = self.p.min_technical_share * (self.total + extra_total)
        return self.tech + extra_tech >= need - 1e-9

    def can_add(self, i: int, freed_seats: float = 0.0, freed_money: float = 0.0) -> bool:
        return bool(
            self.x[i] + 1 <= self.lim.capacity[i]
            and self.total - freed_seats + 1 <= self.lim.total
            and self.spend - freed_money + self.p.cost[i] <= self.p.budget * (1 + 1e-12)
        )

    def can_drop(self, i: int) -> bool:
        r = self.p.region[i]
        return bool(self.x[i] >= 1 and self.in_region[r] - 1 >= self.lim.min_region[r] - 1e-9)

    def add(self, i: int, k: float = 1.0) -> None:
        self.x[i] += k
        self.total += k
        self.spend += k * float(self.p.cost[i])
        self.tech += k * float(self.p.technical[i])
        self.in_region[self.p.region[i]] += k

    # ----------------------------------------------------------------------- marginal values

    def gains(self, shortfall: FloatArray) -> FloatArray:
        """Objective decrease from one more seat per program, if the flows of the others stay."""
        p, e = self.p, self.desc
        short = shortfall[p.serves_cell[e]]
        csum = np.concatenate([[0.0], np.cumsum(short)])
        filled_before = csum[:-1] - csum[p.serves_indptr[self.owner[e]]]
        take = np.clip(p.graduate_yield[self.owner[e]] - filled_before, 0.0, short)
        value = np.bincount(self.owner[e], p.weight[p.serves_cell[e]] * take, p.n_programs)
        return value - self.seat_cost

    def losses(self, flow: FloatArray) -> FloatArray:
        """Objective increase from one seat fewer per program, if the flows of the others stay."""
        p, e = self.p, self.asc
        used = np.bincount(self.owner, flow, p.n_programs)
        spare = np.maximum(p.graduate_yield * self.x - used, 0.0)
        cut = np.maximum(np.minimum(p.graduate_yield, p.graduate_yield * self.x) - spare, 0.0)
        f = flow[e]
        csum = np.concatenate([[0.0], np.cumsum(f)])
        before = csum[:-1] - csum[p.serves_indptr[self.owner[e]]]
        take = np.clip(cut[self.owner[e]] - before, 0.0, f)
        value = np.bincount(self.owner[e], p.weight[p.serves_cell[e]] * take, p.n_programs)
        return np.where(self.x >= 1, value - self.seat_cost, np.inf)

    def _gain_one(self, i: int, short: FloatArray, consume: bool) -> float:
        p = self.p
        left, value = float(p.graduate_yield[i]), 0.0
        for k in self.desc[p.serves_indptr[i] : p.serves_indptr[i + 1]]:
            c = p.serves_cell[k]
            take = min(left, float(short[c]))
            value += float(p.weight[c]) * take
            left -= take
            if consume:
                short[c] -= take
        return value - float(self.seat_cost[i])

    # ----------------------------------------------------------------------- repair

    def repair(self, shortfall: FloatArray) -> bool:
        """Restore region minimums and the technical share; False if the greedy cannot."""
        short = shortfall.copy()
        return self._fix_regions(short) and self._fix_share(short)

    def _fill(self, candidates: IntArray, short: FloatArray, done: object) -> None:
        """Add one seat at a time: the programs the relaxation rounded down first (with few of
        them, as after a dive, their ceilings fit the budget the relaxation left), then by
        value, the relaxation's fractions breaking ties."""
        while not done() and candidates.size:  # type: ignore[operator]
            gain = self.gains(short)[candidates]
            frac = self.frac[candidates]
            order = candidates[np.lexsort((-frac, -gain, frac <= 0))]
            added = False
            for i in order:
                if done():  # type: ignore[operator]
                    return
                if self.can_add(int(i)):
                    self._gain_one(int(i), short, consume=True)
                    self.add(int(i))
                    added = True
            if not added:
                return

    def _fix_regions(self, short: FloatArray) -> bool:
        for r in np.flatnonzero(self.in_region < self.lim.min_region):
            mine = np.flatnonzero(self.p.region == r)
            self._fill(mine, short, lambda r=r: self.in_region[r] >= self.lim.min_region[r])
            if self.in_region[r] < self.lim.min_region[r]:
                return False
        return True

    def _fix_share(self, short: FloatArray) -> bool:
        self._fill(np.flatnonzero(self.p.technical), short, self.share_ok)
        # Still short: drop the non-technical seats worth least, where regions allow.
        if not self.share_ok():
            value = self.gains(short)
            nontech = np.flatnonzero(~self.p.technical & (self.x >= 1))
            for i in nontech[np.argsort(value[nontech], kind="stable")]:
                while not self.share_ok() and self.can_drop(int(i)):
                    self.add(int(i), -1.0)
        if not self.share_ok():
            self._swap_for_share(short)
        return self.share_ok()

    def _swap_for_share(self, short: FloatArray) -> None:
        """Trade non-technical seats for technical ones in the same region, which keeps its
        minimum and pays for the technical seat: for when the budget and minimums bind."""
        p, value = self.p, self.gains(short)
        tech = np.flatnonzero(p.technical & (self.x + 1 <= self.lim.capacity))
        tech = tech[np.argsort(-value[tech], kind="stable")]
        nontech = np.flatnonzero(~p.technical & (self.x >= 1))
        nontech = nontech[np.argsort(value[nontech], kind="stable")]
        for d in nontech:
            mine = tech[p.region[tech] == p.region[d]]
            while not self.share_ok() and self.x[d] >= 1:
                fits = [t for t in mine if self.can_add(int(t), 1.0, float(p.cost[d]))]
                if not fits:
                    break
                self.add(int(d), -1.0)
                self.add(int(fits[0]))
            if self.share_ok():
                return

    # ----------------------------------------------------------------------- improve

    def improve(self, shortfall: FloatArray, flow: FloatArray) -> int:
        """Add, drop and move seats by value against the given flows; how many changed.

        Values assume the other programs' flows stay, so call again with re-solved flows.
        """
        return self._add(shortfall) + self._drop(flow) + self._move(shortfall, flow)

    def _add(self, shortfall: FloatArray) -> int:
        """Add seats with positive gain, best per unit of scarce seats and money first."""
        p, short = self.p, shortfall.copy()
        gain = self.gains(short)
        # Price seats and money by how little of each is left, so the scarcer one rules.
        seat_left = max(self.lim.total - self.total, 1e-9)
        money_left = max(p.budget - self.spend, 1e-9)
        key = gain / (1.0 / seat_left + p.cost / money_left)
        added = 0
        for i in np.argsort(-key, kind="stable"):
            if gain[i] <= _MIN_GAIN:
                break
            tech = float(p.technical[i])
            ok = self.can_add(int(i)) and self.share_ok(1.0, tech)
            if ok and self._gain_one(int(i), short, consume=False) > _MIN_GAIN:
                self._gain_one(int(i), short, consume=True)
                self.add(int(i))
                added += 1
        return added

    def _drop(self, flow: FloatArray) -> int:
        """Drop seats whose graduates are worth less than the seat costs."""
        loss = self.losses(flow)
        dropped = 0
        for i in np.flatnonzero(loss < -_MIN_GAIN):
            tech = float(self.p.technical[i])
            if self.can_drop(int(i)) and self.share_ok(-1.0, -tech):
                self.add(int(i), -1.0)
                dropped += 1
        return dropped

    def _move(self, shortfall: FloatArray, flow: FloatArray) -> int:
        """Move single seats from the programs where they are worth least to where most.

        Givers are queued per region and kind (technical or not), so that where a region's
        minimum or the share binds, a taker still meets the best giver it may pair with.
        """
        p, short = self.p, shortfall.copy()
        gain, loss = self.gains(short), self.losses(flow)
        takers = np.argsort(-gain, kind="stable")
        takers = takers[
            (gain[takers] > _MIN_GAIN) & (self.x[takers] + 1 <= self.lim.capacity[takers])
        ]
        group = p.region.astype(np.int64) * 2 + p.technical
        queues = []
        for k in range(2 * p.n_regions):
            mine = np.flatnonzero((group == k) & np.isfinite(loss))
            queues.append(list(mine[np.argsort(loss[mine], kind="stable")][::-1]))
        heads = np.array([loss[q[-1]] if q else np.inf for q in queues])
        moved = 0
        for q in takers:
            for k in np.argsort(heads, kind="stable"):
                if gain[q] - heads[k] <= _MIN_GAIN:
                    break
                d = int(queues[k][-1])
                if d == q or not self._swap_ok(d, int(q)):
                    continue
                if self._gain_one(int(q), short, consume=False) - loss[d] <= _MIN_GAIN:
                    break
                self._gain_one(int(q), short, consume=True)
                self.add(d, -1.0)
                self.add(int(q))
                moved += 1
                queues[k].pop()
                heads[k] = loss[queues[k][-1]] if queues[k] else np.inf
                break
        return moved

    def _swap_ok(self, d: int, q: int) -> bool:
        p = self.p
        same_region = p.region[d] == p.region[q]
        if not (same_region and self.x[d] >= 1) and not self.can_drop(d):
            return False
        if not self.can_add(q, freed_seats=1.0, freed_money=float(p.cost[d])):
            return False
        return self.share_ok(0.0, float(p.technical[q]) - float(p.technical[d]))
