"""Cohort-flow supply model: students in the pipeline -> graduates entering the labour market.

Timing convention (calendar years; an academic year runs autumn to summer):

* ``enrolled`` counts students in the academic year that *ends* in ``start_year``; column k
  holds year-of-study k + 1.
* ``intake[:, j]`` is admitted in the autumn of ``start_year + j``.
* A graduate of year y receives the diploma in the summer of y and enters the labour market
  in y. Students in year of study s (column s - 1) of a d-year program graduate in
  ``start_year + d - s`` (final-year students in ``start_year``), and a seat funded for the
  intake of year t yields its graduate in ``t + d`` (``graduation_year``): the lead time.

Each academic year, of the students in a year of study a share ``progression`` passes on
(from the final year: graduates), a share ``dropout`` leaves, and the rest repeat the year.
Graduates are then split by ``labour_market_share`` (the rest study further, serve, ...) and
``retention`` (the share of labour-market entrants who stay in the program's region).

Pure numpy: no Django, no other Qadam module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qadam.engines.checks import fail_at

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.integer[Any]]


def _check(name: str, arr: NDArray[Any], shapes: list[tuple[int, ...]], hi: float) -> None:
    if not isinstance(arr, np.ndarray) or arr.shape not in shapes:
        shape = getattr(arr, "shape", type(arr).__name__)
        expected = " or ".join(str(s) for s in shapes)
        raise ValueError(f"{name} has shape {shape}, expected {expected}")
    fail_at(name, arr, ~np.isfinite(arr), "is not a finite number")
    fail_at(name, arr, arr < 0, "is negative")
    if hi < np.inf:
        fail_at(name, arr, arr > hi, f"is outside [0, {hi:g}]")


@dataclass(frozen=True)
class SupplyInputs:
    """The pipeline of every program (P programs, D = longest duration, Y intake years).

    Validated on construction: ValueError names the field and index of a bad value.
    """

    enrolled: FloatArray  # (P, D) students by year of study, see the module docstring
    duration: IntArray  # (P,) years of study, 1..D
    progression: FloatArray  # (P,) or (P, D) share passing to the next year / graduating
    intake: FloatArray  # (P, Y) planned admissions in the autumn of start_year + j
    dropout: FloatArray | None = None  # (P,) or (P, D); None: 1 - progression (no repeaters)
    labour_market_share: FloatArray | None = None  # (P,) graduates taking a job; None: all
    retention: FloatArray | None = None  # (P,) of those, staying in the region; None: all

    def __post_init__(self) -> None:
        if not isinstance(self.enrolled, np.ndarray) or self.enrolled.ndim != 2:
            raise ValueError("enrolled must be a 2-D array (n_programs, max_duration)")
        n, d = self.enrolled.shape
        _check("enrolled", self.enrolled, [(n, d)], np.inf)
        _check("duration", self.duration, [(n,)], d)
        fail_at("duration", self.duration, (self.duration < 1) | (self.duration % 1 != 0),
                 "is not a whole number of years >= 1")  # fmt: skip
        beyond = np.arange(d)[None, :] >= self.duration[:, None]
        fail_at("enrolled", self.enrolled, beyond & (self.enrolled > 0),
                 "counts students beyond the program's duration")  # fmt: skip
        _check("progression", self.progression, [(n,), (n, d)], 1.0)
        if getattr(self.intake, "ndim", 0) != 2 or self.intake.shape[0] != n:
            shape = getattr(self.intake, "shape", type(self.intake).__name__)
            raise ValueError(f"intake has shape {shape}, expected ({n}, n_years)")
        _check("intake", self.intake, [self.intake.shape], np.inf)
        self._check_rates(n, d)

    def _check_rates(self, n: int, d: int) -> None:
        if self.dropout is not None:
            _check("dropout", self.dropout, [(n,), (n, d)], 1.0)
            total = _per_year(self.progression, d) + _per_year(self.dropout, d)
            fail_at("progression + dropout", total, total > 1.0 + 1e-12, "exceeds 1")
        for name in ("labour_market_share", "retention"):
            value = getattr(self, name)
            if value is not None:
                _check(name, value, [(n,)], 1.0)

    @property
    def n_programs(self) -> int:
        return int(self.enrolled.shape[0])

    @property
    def max_duration(self) -> int:
        return int(self.enrolled.shape[1])

    def rates(self) -> tuple[FloatArray, FloatArray]:
        """(progression, repeat) per program and year of study, both (P, D)."""
        d = self.max_duration
        progression = _per_year(self.progression, d)
        dropout = 1.0 - progression if self.dropout is None else _per_year(self.dropout, d)
        return progression, np.clip(1.0 - progression - dropout, 0.0, 1.0)


def _per_year(rate: NDArray[Any], d: int) -> FloatArray:
    """A (P,) rate repeated for every year of study, or a (P, D) rate as floats."""
    rate = np.asarray(rate, np.float64)
    return np.repeat(rate[:, None], d, axis=1) if rate.ndim == 1 else rate


def _share(value: FloatArray | None, n: int) -> FloatArray:
    return np.ones(n) if value is None else np.asarray(value, np.float64)


@dataclass(frozen=True)
class SupplyProjection:
    """Supply per program (rows) and calendar year (columns, ``years``)."""

    years: NDArray[np.int64]  # (H,) start_year .. start_year + H - 1
    graduates: FloatArray  # (P, H) diplomas awarded in the summer of each year
    labour_market: FloatArray  # (P, H) graduates entering the labour market
    retained: FloatArray  # (P, H) labour-market entrants who stay in the program's region
    enrolled_after: FloatArray  # (P, D) students in the academic year ending in the last year


def graduation_year(intake_year: int, duration: IntArray) -> NDArray[np.int64]:
    """Year a seat funded for the intake of ``intake_year`` yields its graduate (no repeats)."""
    return intake_year + np.asarray(duration, np.int64)


def project_supply(inputs: SupplyInputs, *, start_year: int, horizon: int) -> SupplyProjection:
    """Graduates of every program in each of ``horizon`` years from ``start_year``.

    Needs intake for at least the first ``horizon`` years (ValueError otherwise). Every
    student is conserved: graduated, dropped out, or still enrolled in ``enrolled_after``.
    """
    if horizon < 1:
        raise ValueError(f"horizon = {horizon} must be at least 1 year")
    if inputs.intake.shape[1] < horizon:
        raise ValueError(
            f"intake covers {inputs.intake.shape[1]} years from {start_year}, but the horizon "
            f"needs {horizon}"
        )
    n, d = inputs.n_programs, inputs.max_duration
    progression, repeat = inputs.rates()
    rows = np.arange(n)
    last = np.asarray(inputs.duration, np.int64) - 1
    moves = np.arange(d)[None, :] < last[:, None]  # final-year progression means graduating
    state = np.asarray(inputs.enrolled, np.float64).copy()
    graduates = np.zeros((n, horizon))
    for i in range(horizon):
        graduates[:, i] = state[rows, last] * progression[rows, last]
        nxt = state * repeat
        nxt[:, 1:] += (state * progression * moves)[:, :-1]
        nxt[:, 0] += inputs.intake[:, i]
        state = nxt
    labour = graduates * _share(inputs.labour_market_share, n)[:, None]
    return SupplyProjection(
        years=start_year + np.arange(horizon, dtype=np.int64),
        graduates=graduates,
        labour_market=labour,
        retained=labour * _share(inputs.retention, n)[:, None],
        enrolled_after=state,
    )


def seat_yield(inputs: SupplyInputs, *, retained: bool = False) -> FloatArray:
    """Labour-market entrants per first-year seat, eventually (repeaters graduate later).

    This is the allocation engine's ``graduate_yield``; with ``retained`` only the entrants
    who stay in the program's region count.
    """
    progression, repeat = inputs.rates()
    leaving = 1.0 - repeat  # progression + dropout
    passes = np.divide(progression, leaving, out=np.zeros_like(progression), where=leaving > 0)
    in_program = np.arange(inputs.max_duration)[None, :] < inputs.duration[:, None]
    survive: FloatArray = np.prod(np.where(in_program, passes, 1.0), axis=1)
    n = inputs.n_programs
    out = survive * _share(inputs.labour_market_share, n)
    return out * _share(inputs.retention, n) if retained else out


def aggregate(values: FloatArray, index: IntArray, n_groups: int) -> FloatArray:
    """Sum the rows of ``values`` (P, ...) into ``n_groups`` groups given each row's group."""
    index = np.asarray(index)
    if index.shape != (values.shape[0],):
        raise ValueError(f"index has shape {index.shape}, expected ({values.shape[0]},)")
    fail_at("index", index, (index < 0) | (index >= n_groups), f"is outside [0, {n_groups})")
    out = np.zeros((n_groups, *values.shape[1:]))
    np.add.at(out, index, values)
    return out


def cell_supply(
    projection: SupplyProjection,
    program_cell: IntArray,
    n_cells: int,
    *,
    foreign_branch_graduates: FloatArray | None = None,
    returning_from_abroad: FloatArray | None = None,
) -> FloatArray:
    """Labour-market supply per cell and year: retained graduates plus the extra flows.

    ``program_cell`` maps each program to its (specialty, region) cell. The extra flows are
    (n_cells, >= H) arrays of people per cell and year from ``start_year``; columns past the
    horizon are ignored.
    """
    horizon = projection.years.shape[0]
    supply = aggregate(projection.retained, program_cell, n_cells)
    extras = {"foreign_branch_graduates": foreign_branch_graduates,
              "returning_from_abroad": returning_from_abroad}  # fmt: skip
    for name, flow in extras.items():
        if flow is None:
            continue
        if flow.ndim != 2 or flow.shape[0] != n_cells or flow.shape[1] < horizon:
            raise ValueError(f"{name} has shape {flow.shape}, expected ({n_cells}, >= {horizon})")
        _check(name, flow, [flow.shape], np.inf)
        supply += flow[:, :horizon]
    return supply


def gap(demand: FloatArray, supply: FloatArray) -> FloatArray:
    """Demand minus supply per cell and year: > 0 is a shortage, < 0 a surplus."""
    if demand.shape != supply.shape:
        raise ValueError(f"demand has shape {demand.shape} but supply has {supply.shape}")
    _check("demand", demand, [demand.shape], np.inf)
    return demand - supply


def shortage(demand: FloatArray, supply: FloatArray) -> FloatArray:
    """Unmet demand per cell and year (the positive part of ``gap``)."""
    return np.maximum(gap(demand, supply), 0.0)
