"""The state order is a mandate: whole seats beyond the gap-closing ones, by a secondary rule.

``allocate`` funds the seats that close the projected gap and stops when no further seat
fills demand. The rest of the state order still has to be placed: ``distribute_remainder``
spreads it in proportion to a secondary weight per program (for example a region's school
leavers and last year's shares), within each program's capacity, the total, the budget and
the least technical share. Region minimums cannot break, as seats are only added.
"""

from __future__ import annotations

import math

import numpy as np

from qadam.engines.allocation.problem import AllocationProblem, FloatArray, check_vector


def distribute_remainder(
    problem: AllocationProblem, seats: FloatArray, weight: FloatArray
) -> FloatArray:
    """Whole extra seats per program so that ``seats + extra`` uses the whole total.

    Programs are filled in proportion to ``weight``; once those with a weight are full, the
    rest goes in proportion to the room left anywhere ("as far as capacity allows"). The
    result keeps ``seats``' technical share at least ``min_technical_share`` and the cost
    within the budget; it may place fewer seats than the total when capacity, the share or
    the budget allow no more.
    """
    n = problem.n_programs
    check_vector("seats", seats, n)
    check_vector("weight", weight, n)
    room = np.maximum(np.floor(problem.capacity + 1e-9) - np.rint(seats), 0.0)
    left = math.floor(problem.total_seats + 1e-9) - int(np.rint(seats).sum())
    if left <= 0 or room.sum() <= 0:
        return np.zeros(n)
    tech = problem.technical
    technical_target, other_target = _split(problem, seats, room, weight, left)
    extra = np.zeros(n)
    extra[tech] = _fill(weight[tech], room[tech], technical_target)
    extra[~tech] = _fill(weight[~tech], room[~tech], other_target)
    return _within_budget(problem, seats, extra)


def _split(
    problem: AllocationProblem, seats: FloatArray, room: FloatArray, weight: FloatArray, left: int
) -> tuple[int, int]:
    """Technical and other extra seats: the weight's own mix, more technical if the share
    needs it, and the other group's overflow to whichever group has room."""
    tech, share = problem.technical, problem.min_technical_share
    seats = np.rint(seats)
    # technical seats beyond what the share asks of the seats already there
    slack = float(seats[tech].sum()) - share * float(seats.sum())
    natural = _fill(weight, room, left)
    technical = int(natural[tech].sum())
    technical = max(technical, math.ceil(share * left - slack - 1e-9))
    technical_room, other_room = int(room[tech].sum()), int(room[~tech].sum())
    technical = min(max(technical, 0), technical_room, left)
    other = min(left - technical, other_room, _others_allowed(technical, slack, share))
    # other seats that found no room (or that the share forbids) go to technical programs
    technical = min(technical_room, left - other)
    other = min(other, _others_allowed(technical, slack, share))
    return technical, other


def _others_allowed(technical: int, slack: float, share: float) -> int:
    """Most non-technical seats that keep the share with ``technical`` more technical ones:
    technical * (1 - share) + slack >= share * other."""
    allowed = (technical * (1.0 - share) + slack) / share if share > 0 else math.inf
    return max(math.floor(allowed + 1e-9), 0) if allowed < 2**62 else 2**62


def _fill(weight: FloatArray, room: FloatArray, count: int) -> FloatArray:
    """``count`` whole seats in proportion to ``weight``, none above ``room``; when the
    weighted programs are full, the rest in proportion to the room left."""
    out = np.zeros(room.shape[0])
    left = _water_fill(out, weight, room, count)
    if left > 0:
        _water_fill(out, room - out, room, left)
    return out


def _water_fill(out: FloatArray, weight: FloatArray, room: FloatArray, count: int) -> int:
    """Add up to ``count`` seats to ``out`` in place; return how many found no room."""
    left = count
    while left > 0:
        open_ = (weight > 0) & (out < room)
        if not open_.any():
            break
        share = np.where(open_, weight, 0.0) / float(weight[open_].sum()) * left
        add = np.minimum(np.floor(share), room - out)
        if add.sum() == 0:  # fewer seats than open programs: the largest remainders get one
            order = np.argsort(-(share - np.floor(share)), kind="stable")
            add[order[: min(left, int(open_.sum()))]] = 1.0
            add *= open_
        out += add
        left -= int(add.sum())
    return left


def _within_budget(problem: AllocationProblem, seats: FloatArray, extra: FloatArray) -> FloatArray:
    """Shrink the extra seats alike until the budget pays for them (flooring can only spend
    less), then drop the dearest non-technical ones the flooring left above the share."""
    money_left = problem.budget - float(problem.cost @ np.rint(seats))
    spend = float(problem.cost @ extra)
    if spend <= money_left * (1 + 1e-12):
        return extra
    scaled = np.floor(extra * (max(money_left, 0.0) / spend) + 1e-9)
    tech, share = problem.technical, problem.min_technical_share
    slack = float(np.rint(seats)[tech].sum()) - share * float(np.rint(seats).sum())
    excess = int(scaled[~tech].sum()) - _others_allowed(int(scaled[tech].sum()), slack, share)
    for i in np.argsort(-problem.cost, kind="stable"):
        if excess <= 0:
            break
        if not tech[i]:
            drop = min(int(scaled[i]), excess)
            scaled[i] -= drop
            excess -= drop
    return scaled
