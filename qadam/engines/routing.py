"""Where the graduates of one year go: national megaprojects first, then regional openings.

Per specialty s and year h, ``supply[s, r, h]`` graduates enter the labour market and stay in
region r. They can fill the openings of their own region (``regional_demand[s, r, h]``) or
the new hires of any megaproject (``megaproject_demand[s, m, h]``, recruiting nationally).
A filled megaproject cell is worth ``w_mp`` per person, a filled regional cell ``w_reg`` with
``w_mp > w_reg > 0`` (the same for every megaproject and every region). Specialties and years
are independent, so the flow LP "minimise weighted unmet demand" splits into one small LP per
(s, h), solved here in closed form:

* The megaprojects take ``T = min(total megaproject demand, national supply)``. Taking fewer
  leaves a graduate either unused (placing them gains ``w_mp``) or in a regional cell
  (moving them gains ``w_mp - w_reg > 0``, since regional shortfall rises by at most one).
* Given T, only the regional shortfall depends on which regions the T graduates come from.
  A region's shortfall does not move while its surplus (supply above regional demand) is
  taken, and then rises by one per graduate taken. So the regional shortfall is at least
  ``max(T - total surplus, 0)``, and taking surplus first reaches that bound; after that every
  graduate taken costs one unit of regional shortfall wherever it comes from.
* Within those rules the optimum is not unique; the proportional splits (megaprojects by
  demand, regions by surplus, then by the supply they keep for themselves) are a fair choice.

With ``reach`` (R, M), megaproject m can recruit only the share ``reach[r, m]`` of region r's
graduates (few move across the country for a job). The same argument holds for one
megaproject with its reachable supply in place of the national one; several megaprojects are
then served one after another in index order (a greedy choice, exact for M = 1).

Pure numpy: no Django, no other Qadam module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qadam.engines.checks import fail_at

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Routing:
    """Graduates per cell once routed (S specialties, R regions, M megaprojects, H years).

    Per (s, r, h): ``supply = to_megaprojects + regional_filled + surplus`` and
    ``regional_demand = regional_filled + regional_shortfall``; per (s, m, h):
    ``megaproject_demand = megaproject_filled + megaproject_shortfall``.
    """

    to_megaprojects: FloatArray  # (S, R, H) graduates a region sends to the megaprojects
    megaproject_filled: FloatArray  # (S, M, H)
    megaproject_shortfall: FloatArray  # (S, M, H)
    regional_filled: FloatArray  # (S, R, H)
    regional_shortfall: FloatArray  # (S, R, H)
    surplus: FloatArray  # (S, R, H) graduates left without an opening

    @property
    def to_megaprojects_total(self) -> FloatArray:
        """(S, H) graduates the megaprojects take nationally."""
        return _sum_over_cells(self.to_megaprojects)

    @property
    def megaproject_shortfall_total(self) -> FloatArray:
        """(S, H) megaproject hires left unfilled."""
        return _sum_over_cells(self.megaproject_shortfall)

    @property
    def regional_shortfall_total(self) -> FloatArray:
        """(S, H) regional openings left unfilled, all regions together."""
        return _sum_over_cells(self.regional_shortfall)

    @property
    def surplus_total(self) -> FloatArray:
        """(S, H) graduates without an opening, all regions together."""
        return _sum_over_cells(self.surplus)

    def weighted_shortfall(self, regional_weight: float, megaproject_weight: float) -> float:
        """The flow LP's objective: unmet demand weighted by the kind of cell."""
        return float(
            regional_weight * self.regional_shortfall.sum()
            + megaproject_weight * self.megaproject_shortfall.sum()
        )


def _sum_over_cells(values: FloatArray) -> FloatArray:
    total: FloatArray = values.sum(axis=1)
    return total


def route_supply(
    supply: FloatArray,
    regional_demand: FloatArray,
    megaproject_demand: FloatArray,
    reach: FloatArray | None = None,
) -> Routing:
    """Route ``supply`` (S, R, H) to ``megaproject_demand`` (S, M, H), then to
    ``regional_demand`` (S, R, H); M may be 0. ``reach`` (R, M) in [0, 1] limits the share of
    each region's graduates a megaproject can recruit (None: all). See the module docstring
    for why it is optimal.

    Raises ValueError naming the array and index of a negative or non-finite value, or the
    array whose shape does not match ``supply``.
    """
    supply, regional, mega = _validate(supply, regional_demand, megaproject_demand)
    if reach is not None:
        reach = _counts("reach", reach, (supply.shape[1], mega.shape[1]))
        fail_at("reach", reach, reach > 1.0, "is above 1")
        return _route_with_reach(supply, regional, mega, reach)
    mega_total = mega.sum(axis=1)  # (S, H)
    taken = np.minimum(mega_total, supply.sum(axis=1))
    kept = np.minimum(supply, regional)  # what a region needs for itself
    spare = supply - kept  # its surplus: given away first, at no cost
    spare_total = spare.sum(axis=1)
    from_spare = spare * _fraction(taken, spare_total)[:, None, :]
    rest = np.maximum(taken - spare_total, 0.0)  # each of these costs a regional opening
    from_kept = kept * _fraction(rest, kept.sum(axis=1))[:, None, :]
    filled_mega = mega * _fraction(taken, mega_total)[:, None, :]
    filled_regional = kept - from_kept
    return Routing(
        to_megaprojects=from_spare + from_kept,
        megaproject_filled=filled_mega,
        megaproject_shortfall=mega - filled_mega,
        regional_filled=filled_regional,
        regional_shortfall=regional - filled_regional,
        surplus=spare - from_spare,
    )


def _route_with_reach(
    supply: FloatArray, regional: FloatArray, mega: FloatArray, reach: FloatArray
) -> Routing:
    """Megaprojects one by one, each from the reachable share of every region's graduates:
    surplus first, then what regions keep for themselves."""
    kept = np.minimum(supply, regional)
    spare = supply - kept
    sent = np.zeros_like(supply)
    filled_mega = np.zeros_like(mega)
    for m in range(mega.shape[1]):
        reachable = (spare + kept) * reach[None, :, m, None]
        spare_part = np.minimum(spare, reachable)
        kept_part = reachable - spare_part
        taken = np.minimum(mega[:, m], reachable.sum(axis=1))  # (S, H)
        from_spare = spare_part * _fraction(taken, spare_part.sum(axis=1))[:, None, :]
        rest = np.maximum(taken - spare_part.sum(axis=1), 0.0)
        from_kept = kept_part * _fraction(rest, kept_part.sum(axis=1))[:, None, :]
        spare, kept = spare - from_spare, kept - from_kept
        sent += from_spare + from_kept
        filled_mega[:, m] = taken
    return Routing(
        to_megaprojects=sent,
        megaproject_filled=filled_mega,
        megaproject_shortfall=mega - filled_mega,
        regional_filled=kept,
        regional_shortfall=regional - kept,
        surplus=spare,
    )


def _fraction(part: FloatArray, whole: FloatArray) -> FloatArray:
    """part / whole capped at 1, so no region gives more than it has; 0 where whole is 0.

    Capping before dividing keeps a tiny ``whole`` from overflowing.
    """
    capped = np.minimum(part, whole)
    ratio: FloatArray = np.divide(capped, whole, out=np.zeros_like(capped), where=whole > 0)
    return ratio


def _validate(
    supply: Any, regional_demand: Any, megaproject_demand: Any
) -> tuple[FloatArray, FloatArray, FloatArray]:
    supply = _counts("supply", supply, ("n_specialties", "n_regions", "n_years"))
    s, r, h = supply.shape
    regional = _counts("regional_demand", regional_demand, (s, r, h))
    mega = _counts("megaproject_demand", megaproject_demand, (s, "n_megaprojects", h))
    return supply, regional, mega


def _counts(name: str, arr: Any, expected: tuple[int | str, ...]) -> FloatArray:
    """``arr`` as floats once it is a finite, non-negative numeric array of the expected
    shape (a str names an axis of any size)."""
    if not isinstance(arr, np.ndarray) or not _fits(arr.shape, expected):
        want = "(" + ", ".join(str(e) for e in expected) + ")"
        raise ValueError(f"{name} has shape {getattr(arr, 'shape', type(arr).__name__)}, "
                         f"expected {want}")  # fmt: skip
    if not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise ValueError(f"{name} must be a numeric array, got dtype {arr.dtype}")
    fail_at(name, arr, ~np.isfinite(arr), "is not a finite number")
    fail_at(name, arr, arr < 0, "is negative")
    return arr.astype(np.float64, copy=False)


def _fits(shape: tuple[int, ...], expected: tuple[int | str, ...]) -> bool:
    if len(shape) != len(expected):
        return False
    return all(isinstance(e, str) or n == e for n, e in zip(shape, expected, strict=True))
