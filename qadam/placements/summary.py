"""A matched round in figures: placed share, first-choice share, unfilled seats, by region,
specialty and kind of offer. Computed from the match's arrays, stored on the round."""

from typing import TYPE_CHECKING, Any

import numpy as np

from qadam.engines.placement import PlacementResult

if TYPE_CHECKING:
    from qadam.placements.matching import RoundArrays


def _groups(
    keys: np.ndarray, columns: dict[str, np.ndarray], key_name: str
) -> list[dict[str, Any]]:
    """Sum each column per distinct key: [{key_name: key, column: total, ...}, ...]."""
    values, inverse = np.unique(keys, return_inverse=True)
    sums = {
        name: np.bincount(inverse, weights=column, minlength=values.size)
        for name, column in columns.items()
    }
    return [
        {key_name: values[i].item(), **{name: int(sums[name][i]) for name in columns}}
        for i in range(values.size)
    ]


def summarise(arrays: "RoundArrays", result: PlacementResult) -> dict[str, Any]:
    n_students = arrays.student_id.size
    placed = result.assignment >= 0
    first = arrays.pref_indptr[:-1]
    has_choice = np.diff(arrays.pref_indptr) > 0
    first_choice = np.zeros(n_students, dtype=bool)
    first_choice[has_choice] = arrays.pref_offer[first[has_choice]] == result.assignment[has_choice]
    filled = np.bincount(result.assignment[placed], minlength=arrays.offer_id.size)
    seats = arrays.capacity.astype(np.int64)
    students = {
        "applicants": np.ones(n_students),
        "placed": placed.astype(float),
        "first_choice": first_choice.astype(float),
    }
    offers = {"offers": np.ones(seats.size), "seats": seats, "filled": filled}
    by_region = {
        row["region_id"]: row for row in _groups(arrays.student_region, students, "region_id")
    }
    for row in _groups(arrays.offer_region, offers, "region_id"):
        by_region.setdefault(row["region_id"], {"region_id": row["region_id"]}).update(row)
    return {
        "applicants": int(n_students),
        "applications": int(arrays.pref_offer.size),
        "placed": int(placed.sum()),
        "first_choice": int(first_choice.sum()),
        "offers": int(seats.size),
        "seats": int(seats.sum()),
        "filled": int(filled.sum()),
        "proposals": int(result.proposals),
        "by_region": sorted(by_region.values(), key=lambda row: row["region_id"]),
        "by_specialty": _groups(arrays.student_specialty, students, "specialty_id"),
        "by_kind": _groups(arrays.offer_kind.astype(str), offers, "kind"),
    }
