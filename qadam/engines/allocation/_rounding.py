"""Whole seats from the linear relaxation: floor, repair the seat rules, add seats by value."""

from __future__ import annotations

import numpy as np

from qadam.engines.allocation.problem import AllocationProblem, FloatArray, Limits

_EPS = 1e-6  # a relaxed seat count this close to an integer counts as that integer


class Rounder:
    """Integer seats that keep capacity, total, budget, technical share and region minimums.

    Start from the floor of the relaxed seats, restore region minimums and the technical
    share (which flooring can break), then ``improve`` adds seats by marginal value.
    """

    def __init__(self, p: AllocationProblem, lim: Limits, relaxed: FloatArray) -> None:
        self.p, self.lim = p, lim
        self.x = np.minimum(np.floor(relaxed + _EPS), lim.capacity)
        # The relaxation wanted the largest fractions most; technical first among equals.
        frac = np.round(relaxed - self.x, 6)
        self.order = np.lexsort((~p.technical, -frac))
        self.total = float(self.x.sum())
        self.spend = float(p.cost @ self.x)
        self.tech = float(self.x[p.technical].sum())
        self.in_region = np.bincount(p.region, self.x, p.n_regions)
        owner = np.repeat(np.arange(p.n_programs), np.diff(p.serves_indptr))
        # Each program's cells, most valuable first: its graduates fill those first.
        self.cells = p.serves_cell[np.lexsort((-p.weight[p.serves_cell], owner))]
        self.owner = owner

    def share_ok(self, extra_total: float = 0.0, extra_tech: float = 0.0) -> bool:
        need = self.p.min_technical_share * (self.total + extra_total)
        return self.tech + extra_tech >= need - 1e-9

    def can_add(self, i: int) -> bool:
        return bool(
            self.x[i] + 1 <= self.lim.capacity[i]
            and self.total + 1 <= self.lim.total
            and self.spend + self.p.cost[i] <= self.p.budget * (1 + 1e-12)
        )

    def add(self, i: int, k: float = 1.0) -> None:
        self.x[i] += k
        self.total += k
        self.spend += k * float(self.p.cost[i])
        self.tech += k * float(self.p.technical[i])
        self.in_region[self.p.region[i]] += k

    def repair(self) -> bool:
        """Restore region minimums and the technical share; False if the greedy cannot."""
        return self._fix_regions() and self._fix_share()

    def _fix_regions(self) -> bool:
        for r in np.flatnonzero(self.in_region < self.lim.min_region):
            for i in self.order[self.p.region[self.order] == r]:
                while self.in_region[r] < self.lim.min_region[r] and self.can_add(int(i)):
                    self.add(int(i))
            if self.in_region[r] < self.lim.min_region[r]:
                return False
        return True

    def _fix_share(self) -> bool:
        for i in self.order[self.p.technical[self.order]]:
            while not self.share_ok() and self.can_add(int(i)):
                self.add(int(i))
        # Still short: drop non-technical seats the relaxation wanted least, where regions allow.
        least_wanted = self.order[::-1]
        for i in least_wanted[~self.p.technical[least_wanted]]:
            r = self.p.region[i]
            while (
                not self.share_ok()
                and self.x[i] >= 1
                and self.in_region[r] - 1 >= self.lim.min_region[r]
            ):
                self.add(int(i), -1.0)
        return self.share_ok()

    def gains(self, shortfall: FloatArray) -> FloatArray:
        """Objective decrease from one more seat per program, if the flows of the others stay."""
        p = self.p
        short = shortfall[self.cells]
        csum = np.concatenate([[0.0], np.cumsum(short)])
        filled_before = csum[:-1] - csum[p.serves_indptr[self.owner]]
        take = np.clip(p.graduate_yield[self.owner] - filled_before, 0.0, short)
        value = np.bincount(self.owner, p.weight[self.cells] * take, p.n_programs)
        return value - p.cost_weight * p.cost

    def _gain_one(self, i: int, short: FloatArray, consume: bool) -> float:
        left, value = float(self.p.graduate_yield[i]), 0.0
        for c in self.cells[self.p.serves_indptr[i] : self.p.serves_indptr[i + 1]]:
            take = min(left, float(short[c]))
            value += float(self.p.weight[c]) * take
            left -= take
            if consume:
                short[c] -= take
        return value - self.p.cost_weight * float(self.p.cost[i])

    def improve(self, shortfall: FloatArray) -> int:
        """Add seats with positive gain, best per unit of scarce seats and money first.

        Returns how many seats were added; call again with the re-solved shortfall.
        """
        p, short = self.p, shortfall.copy()
        gain = self.gains(short)
        # Price seats and money by how little of each is left, so the scarcer one rules.
        seat_left = max(self.lim.total - self.total, 1e-9)
        money_left = max(p.budget - self.spend, 1e-9)
        key = gain / (1.0 / seat_left + p.cost / money_left)
        added = 0
        for i in np.argsort(-key, kind="stable"):
            if gain[i] <= 1e-12:
                break
            tech = float(p.technical[i])
            ok = self.can_add(int(i)) and self.share_ok(1.0, tech)
            if ok and self._gain_one(int(i), short, consume=False) > 1e-12:
                self._gain_one(int(i), short, consume=True)
                self.add(int(i))
                added += 1
        return added
