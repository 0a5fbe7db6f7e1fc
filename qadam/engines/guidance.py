"""RIASEC interest scoring, occupation fit and scale reliability (pure numpy).

This engine knows nothing about Django, the database or the item bank on disk:
callers pass plain arrays. It is on the request path (a pupil finishes the
questionnaire and sees results), so every function is vectorised and scoring one
person plus fitting them against ~450 occupation profiles takes tens of
microseconds.

Conventions (decided here, relied upon by the platform):

* Answers are Likert ratings 1..5 (1 = Dislike .. 5 = Enjoy). ``NaN`` means
  "not answered". Any other value -- below 1, above 5, infinite, or not a whole
  number -- is refused with a ``ValueError`` that names the item index and, for
  2-D input, the person row: ``"item 7 (person 0): 6 is outside 1..5"``.
* ``item_scale[j]`` is the scale of item ``j``: an integer 0..5 indexing
  :data:`SCALES`, or the letter itself (``"R"`` .. ``"C"``).
* A scale score is the mean of the answered items of that scale; a scale with
  no answered item (or no item at all) scores ``NaN``. Use :func:`answered_counts`
  to apply a minimum-coverage rule before showing a result.
* Fits are Pearson correlations between profiles, as O*NET's Interest Profiler
  matches interest profiles to occupations. Correlation ignores the level and
  spread of a profile, so a 1..5 pupil profile can be compared directly with
  O*NET's 1..7 occupational interest scores. A flat profile (zero variance) has
  no defined correlation: its fit is ``NaN``; so is any fit involving ``NaN``.
* Ties are broken by a fixed order: the order of :data:`SCALES` for Holland
  codes, the lower occupation index for :func:`top_fits`. Values that differ by
  less than about 1e-9 (Holland codes) or 1e-12 (fits) count as ties, so that
  floating-point noise never decides an order.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "SCALES",
    "answered_counts",
    "blend",
    "cronbach_alpha",
    "holland_code",
    "occupation_fit",
    "outlook_index",
    "score",
    "top_fits",
    "top_values",
    "z_scores",
]

SCALES: tuple[str, ...] = ("R", "I", "A", "S", "E", "C")
N_SCALES = len(SCALES)
LIKERT_MIN = 1
LIKERT_MAX = 5

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

# Scores closer than this count as tied in Holland codes (decimals kept).
_CODE_DECIMALS = 9
# Fits closer than this count as tied in top_fits (decimals kept).
_FIT_DECIMALS = 12
# A profile whose range is below this fraction of its magnitude is flat.
_FLAT_RTOL = 1e-12
_MEAN_WEIGHTS = np.full(N_SCALES, 1.0 / N_SCALES)


# --------------------------------------------------------------------------- inputs


def _as_scale_index(item_scale: ArrayLike, n_items: int) -> IntArray:
    """Validate ``item_scale`` and return it as integer indices 0..5."""
    raw = np.asarray(item_scale)
    if raw.ndim != 1 or raw.shape[0] != n_items:
        raise ValueError(
            f"item_scale must have shape ({n_items},) to match the answers, got {raw.shape}"
        )
    if raw.dtype.kind in "USO":
        letters = [str(v) for v in raw.tolist()]
        unknown = [f"item {j}: {v!r}" for j, v in enumerate(letters) if v not in SCALES]
        if unknown:
            raise ValueError(f"unknown scale letter ({unknown[0]}); expected one of {SCALES}")
        return np.array([SCALES.index(v) for v in letters], dtype=np.intp)
    if raw.dtype.kind not in "iu" and not (
        raw.dtype.kind == "f" and bool(np.all(np.isfinite(raw) & (raw == np.round(raw))))
    ):
        raise ValueError(f"item_scale must hold integers 0..{N_SCALES - 1} or scale letters")
    idx = raw.astype(np.intp)
    outside = np.flatnonzero((idx < 0) | (idx >= N_SCALES))
    if outside.size:
        j = int(outside[0])
        raise ValueError(f"item {j}: scale index {idx[j]} is outside 0..{N_SCALES - 1}")
    return idx


def _answers_2d(answers: ArrayLike) -> tuple[FloatArray, bool]:
    """Return answers as a float (n_people, n_items) array and whether input was 1-D."""
    arr = np.asarray(answers, dtype=np.float64)
    if arr.ndim == 1:
        return arr[np.newaxis, :], True
    if arr.ndim == 2:
        return arr, False
    raise ValueError(f"answers must be 1-D (one person) or 2-D (people x items), got {arr.ndim}-D")


def _check_likert(values: FloatArray, one_person: bool) -> None:
    """Raise ValueError naming the first answer that is not NaN or a whole number 1..5."""
    answered = ~np.isnan(values)
    out_of_range = answered & ((values < LIKERT_MIN) | (values > LIKERT_MAX))
    fractional = answered & ~out_of_range & (values != np.round(values))
    bad = out_of_range | fractional
    if not bad.any():
        return
    rows, cols = np.nonzero(bad)
    i, j = int(rows[0]), int(cols[0])
    where = f"item {j}" if one_person else f"item {j} (person {i})"
    value = float(values[i, j])
    problem = f"outside {LIKERT_MIN}..{LIKERT_MAX}" if out_of_range[i, j] else "not a whole number"
    more = int(bad.sum()) - 1
    suffix = f" ({more} more invalid answer{'s' if more != 1 else ''})" if more else ""
    raise ValueError(f"{where}: {value:g} is {problem}{suffix}")


def _one_hot(scale_idx: IntArray) -> FloatArray:
    """(n_items, 6) matrix with a 1 where item j belongs to scale s."""
    onehot = np.zeros((scale_idx.shape[0], N_SCALES), dtype=np.float64)
    onehot[np.arange(scale_idx.shape[0]), scale_idx] = 1.0
    return onehot


# --------------------------------------------------------------------------- scoring


def score(answers: ArrayLike, item_scale: ArrayLike) -> FloatArray:
    """Mean rating per RIASEC scale.

    ``answers`` is (n_people, n_items) with ratings 1..5 and ``NaN`` for
    unanswered items; a 1-D vector is accepted as one person and gives a (6,)
    result instead of (n_people, 6). Each scale score is the mean over that
    scale's answered items, so it lies in [1, 5]; it is ``NaN`` when none of the
    scale's items was answered. Raises ``ValueError`` naming the item (and the
    person row for 2-D input) when an answer is outside 1..5 or not a whole
    number.
    """
    values, one_person = _answers_2d(answers)
    scale_idx = _as_scale_index(item_scale, values.shape[1])
    _check_likert(values, one_person)
    onehot = _one_hot(scale_idx)
    answered = ~np.isnan(values)
    sums = np.where(answered, values, 0.0) @ onehot
    counts = answered.astype(np.float64) @ onehot
    means = np.full(sums.shape, np.nan)
    np.divide(sums, counts, out=means, where=counts > 0)
    return means[0] if one_person else means


def answered_counts(answers: ArrayLike, item_scale: ArrayLike) -> IntArray:
    """Number of answered (non-NaN) items per scale: (n_people, 6), or (6,) for 1-D input.

    Lets the platform refuse to show a scale (or a Holland code) that rests on
    too few answers. Values are not validated here; :func:`score` does that.
    """
    values, one_person = _answers_2d(answers)
    scale_idx = _as_scale_index(item_scale, values.shape[1])
    answered = (~np.isnan(values)).astype(np.intp)
    counts: IntArray = answered @ _one_hot(scale_idx).astype(np.intp)
    return counts[0] if one_person else counts


def holland_code(scores: ArrayLike) -> list[str]:
    """Three-letter Holland code per person, highest scale first.

    ``scores`` is (n_people, 6) in the order of :data:`SCALES`; the result is a
    list with one code per row. A single (6,) profile is treated as one row, so
    it also returns a list (of length 1) -- take ``[0]`` for the string.

    Ties are broken by the order of :data:`SCALES` (R before I before A ...);
    scores that differ by less than 1e-9 count as tied. ``NaN`` scales are never
    part of a code: with fewer than three scored scales the code is shorter, and
    a row of ``NaN`` gives ``""``.
    """
    arr = np.asarray(scores, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2 or arr.shape[1] != N_SCALES:
        raise ValueError(
            f"scores must have shape (n, {N_SCALES}) or ({N_SCALES},), got {arr.shape}"
        )
    key = np.where(np.isnan(arr), np.inf, -np.round(arr, _CODE_DECIMALS))
    order = np.argsort(key, axis=1, kind="stable")[:, :3]
    usable = ~np.isnan(np.take_along_axis(arr, order, axis=1))
    return [
        "".join(SCALES[s] for s, ok in zip(row, oks, strict=True) if ok)
        for row, oks in zip(order.tolist(), usable.tolist(), strict=True)
    ]


def z_scores(scores: ArrayLike, mean: ArrayLike, sd: ArrayLike) -> FloatArray:
    """Standardise scale scores against norms: ``(scores - mean) / sd`` per scale.

    ``mean`` and ``sd`` are (6,) in the order of :data:`SCALES` (e.g. from
    ``riasec48_norms.csv``). A non-positive or NaN ``sd`` gives ``NaN`` for
    that scale. Shape follows ``scores``: (6,) or (n, 6).
    """
    arr = np.asarray(scores, dtype=np.float64)
    mu = np.asarray(mean, dtype=np.float64)
    sigma = np.asarray(sd, dtype=np.float64)
    if arr.shape[-1:] != (N_SCALES,) or mu.shape != (N_SCALES,) or sigma.shape != (N_SCALES,):
        raise ValueError(f"scores, mean and sd must end in {N_SCALES} scales")
    valid = sigma > 0
    safe_sigma = np.where(valid, sigma, 1.0)
    return np.where(valid, (arr - mu) / safe_sigma, np.nan)


# --------------------------------------------------------------------------- fit


def occupation_fit(person: ArrayLike, profiles: ArrayLike) -> FloatArray:
    """Pearson correlation of one interest profile with each occupation profile.

    ``person`` is (6,), ``profiles`` is (n_occupations, 6), both in the order of
    :data:`SCALES`; returns (n_occupations,) values in [-1, 1]. The fit is
    ``NaN`` for a profile row containing ``NaN``, for every row if ``person``
    contains ``NaN``, and wherever either profile is flat (all six values
    equal), since a correlation is undefined there -- O*NET treats such profiles
    as unmatchable rather than as a zero fit.
    """
    p = np.asarray(person, dtype=np.float64)
    occ = np.asarray(profiles, dtype=np.float64)
    if occ.ndim == 1:
        occ = occ[np.newaxis, :]
    if p.shape != (N_SCALES,) or occ.ndim != 2 or occ.shape[1] != N_SCALES:
        raise ValueError(
            f"person must be ({N_SCALES},) and profiles (n, {N_SCALES}); "
            f"got {p.shape} and {occ.shape}"
        )
    pc, ss_p, flat_p = _centre(p[np.newaxis, :])
    oc, ss_o, flat_o = _centre(occ)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (oc @ pc[0]) / np.sqrt(ss_o * ss_p[0])
    r[flat_o | flat_p[0]] = np.nan
    fit: FloatArray = np.clip(r, -1.0, 1.0)
    return fit


def _centre(rows: FloatArray) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """Centred rows, their sums of squares, and whether each row is flat.

    A row is flat when its spread is negligible (about 1e-12) relative to its
    magnitude, so that rounding noise in a constant profile is not read as a
    shape. Written with matrix products: on (450, 6) arrays they are several
    times faster than ``mean``/``max`` reductions along the short axis.
    """
    means = rows @ _MEAN_WEIGHTS
    centred = rows - means[:, np.newaxis]
    sum_sq = np.einsum("ij,ij->i", centred, centred)
    magnitude = np.maximum(np.abs(means), 1.0)
    flat: NDArray[np.bool_] = sum_sq <= N_SCALES * (_FLAT_RTOL * magnitude) ** 2
    return centred, sum_sq, flat


def top_fits(person: ArrayLike, profiles: ArrayLike, k: int) -> IntArray:
    """Indices of the ``k`` best-fitting occupations, best first.

    Sorted by :func:`occupation_fit` descending; equal fits (within 1e-12) keep
    the lower index first, so the list is deterministic. Occupations whose fit
    is ``NaN`` are never returned, so the result can be shorter than ``k``.
    """
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    fit = occupation_fit(person, profiles)
    candidates = np.flatnonzero(~np.isnan(fit))
    key = -np.round(fit[candidates], _FIT_DECIMALS)
    order = np.argsort(key, kind="stable")[:k]
    result: IntArray = candidates[order].astype(np.intp)
    return result


# --------------------------------------------------------------------------- outlook


def outlook_index(openings: ArrayLike) -> FloatArray:
    """Projected openings as 0..1: the square root of each over the largest.

    The square root keeps a trade with a tenth of the leader's openings at about a third
    rather than a tenth, so a large sector does not crowd every other out. Zero (or
    negative, or ``NaN``) openings give 0; with no openings anywhere every index is 0.
    """
    values = np.asarray(openings, dtype=np.float64)
    clean = np.where(np.isfinite(values) & (values > 0), values, 0.0)
    top = clean.max(initial=0.0)
    if top <= 0:
        return np.zeros_like(clean)
    index: FloatArray = np.sqrt(clean / top)
    return index


def blend(fit: ArrayLike, outlook: ArrayLike, weight: float) -> FloatArray:
    """A specialty's score, 0..1: ``(1 - weight)`` of the fit rescaled from -1..1 to 0..1
    plus ``weight`` of its :func:`outlook_index`. A ``NaN`` fit stays ``NaN``; a weight
    of 0 ranks by fit alone."""
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be within 0..1, got {weight}")
    f = np.asarray(fit, dtype=np.float64)
    o = np.asarray(outlook, dtype=np.float64)
    if f.shape != o.shape:
        raise ValueError(f"fit and outlook must have the same shape; got {f.shape} and {o.shape}")
    combined: FloatArray = (1.0 - weight) * (f + 1.0) / 2.0 + weight * o
    return combined


def top_values(values: ArrayLike, k: int) -> IntArray:
    """Indices of the ``k`` largest values, largest first; ties (within 1e-12) keep the
    lower index first and ``NaN`` is never returned, as in :func:`top_fits`."""
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    v = np.asarray(values, dtype=np.float64)
    candidates = np.flatnonzero(~np.isnan(v))
    order = np.argsort(-np.round(v[candidates], _FIT_DECIMALS), kind="stable")[:k]
    result: IntArray = candidates[order].astype(np.intp)
    return result


# --------------------------------------------------------------------------- reliability


def cronbach_alpha(answers: ArrayLike, item_scale: ArrayLike) -> FloatArray:
    """Cronbach's alpha per RIASEC scale, shape (6,).

    ``alpha = k / (k - 1) * (1 - sum(item variances) / variance(total))`` with
    sample variances (ddof=1), computed per scale on complete cases: a person
    with any unanswered item of that scale is left out of that scale only.
    Answers are validated as in :func:`score` (2-D input required).

    ``NaN`` for a scale with fewer than 2 items, fewer than 2 complete persons,
    or zero variance of the total. Alpha is at most 1 (values above 1 by
    rounding are clipped); it can be negative for items that disagree.
    """
    values, one_person = _answers_2d(answers)
    if one_person:
        raise ValueError("cronbach_alpha needs answers from several people (a 2-D array)")
    scale_idx = _as_scale_index(item_scale, values.shape[1])
    _check_likert(values, one_person=False)
    alpha = np.full(N_SCALES, np.nan)
    for s in range(N_SCALES):
        alpha[s] = _alpha_one_scale(values[:, scale_idx == s])
    return alpha


def _alpha_one_scale(items: FloatArray) -> float:
    k = items.shape[1]
    complete = items[~np.isnan(items).any(axis=1)]
    if k < 2 or complete.shape[0] < 2:
        return float("nan")
    total_var = float(complete.sum(axis=1).var(ddof=1))
    if total_var <= 0.0:
        return float("nan")
    item_var = float(complete.var(axis=0, ddof=1).sum())
    return min(float(k / (k - 1) * (1.0 - item_var / total_var)), 1.0)
