"""A round's quotas as the engine sees them, and what each placed and cost.

The adapter between Quota rows and `engines.placement_quotas` (ADR 0013): classes of
applicants are bits (rural 0, disability 1, each home region a bit of its own), a quota's
group is the round's offers in its region (or all of them). The quotas travel as a list of
plain dicts (`QUOTA_FIELDS`), which is also how a round's canonical inputs carry them.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from qadam.engines import placement, placement_quotas
from qadam.engines.placement import PlacementProblem, PlacementResult
from qadam.engines.placement_quotas import GroupQuota, OfferQuotas
from qadam.placements.choices import QuotaApplicants
from qadam.placements.models import Quota

if TYPE_CHECKING:
    from qadam.placements.matching import RoundArrays

QUOTA_FIELDS = ("id", "applicants", "home_region_id", "offer_region_id", "min_seats", "max_seats")
RURAL_BIT, DISABILITY_BIT, FIRST_REGION_BIT = 0, 1, 2


def read_quotas(round_id: int) -> tuple[dict[str, Any], ...]:
    """The round's quotas in the published order (by id), as plain dicts."""
    return tuple(Quota.objects.filter(round_id=round_id).order_by("id").values(*QUOTA_FIELDS))


def _region_bits(quotas: tuple[dict[str, Any], ...]) -> dict[int, int]:
    homes = sorted({q["home_region_id"] for q in quotas if q["home_region_id"] is not None})
    return {region: FIRST_REGION_BIT + k for k, region in enumerate(homes)}


def _bit(quota: dict[str, Any], region_bits: dict[int, int]) -> int:
    if quota["applicants"] == QuotaApplicants.RURAL:
        return RURAL_BIT
    if quota["applicants"] == QuotaApplicants.DISABILITY:
        return DISABILITY_BIT
    return region_bits[quota["home_region_id"]]


def student_classes(arrays: "RoundArrays", region_bits: dict[int, int]) -> np.ndarray:
    """Each student's classes as bits of an int64."""
    classes = arrays.student_rural.astype(np.int64) << RURAL_BIT
    classes |= arrays.student_disability.astype(np.int64) << DISABILITY_BIT
    for region, bit in region_bits.items():
        classes |= (arrays.student_region == region).astype(np.int64) << bit
    return classes


def group_quotas(arrays: "RoundArrays") -> list[GroupQuota]:
    region_bits = _region_bits(arrays.quotas)
    groups = []
    for quota in arrays.quotas:
        region = quota["offer_region_id"]
        in_group = (
            np.ones(arrays.offer_id.size, bool) if region is None else arrays.offer_region == region
        )
        groups.append(
            GroupQuota(
                offers=tuple(np.flatnonzero(in_group).tolist()),
                klass=_bit(quota, region_bits),
                minimum=quota["min_seats"] or 0,
                maximum=quota["max_seats"],
            )
        )
    return groups


def offer_quotas(arrays: "RoundArrays", groups: list[GroupQuota]) -> OfferQuotas:
    classes = student_classes(arrays, _region_bits(arrays.quotas))
    return placement_quotas.apportion(groups, arrays.capacity, classes)


def _choice(problem: PlacementProblem, assignment: np.ndarray) -> np.ndarray:
    """Each student's 0-based choice they got; their list's length when unplaced."""
    indptr = problem.pref_indptr
    n = indptr.size - 1
    app_student = np.repeat(np.arange(n), np.diff(indptr))
    got = np.diff(indptr).astype(np.int64)
    hit = problem.pref_offer == assignment[app_student]
    got[app_student[hit]] = np.flatnonzero(hit) - indptr[app_student[hit]]
    return got


def quota_match(
    arrays: "RoundArrays", problem: PlacementProblem
) -> tuple[PlacementResult, OfferQuotas, list[GroupQuota]]:
    """The match under every quota of the round, with the offers' shares and the groups."""
    groups = group_quotas(arrays)
    quotas = offer_quotas(arrays, groups)
    return placement_quotas.match(problem, quotas), quotas, groups


@dataclass(frozen=True, eq=False)
class Matched:
    """A round's match: its result, and under quotas the offers' shares and the groups."""

    result: PlacementResult
    quotas: OfferQuotas | None
    groups: list[GroupQuota]
    blocking_pairs: int


def match_round(arrays: "RoundArrays", problem: PlacementProblem) -> Matched:
    """The match as a round runs it (under its quotas when it has any), with how many
    blocking pairs it has: the match, its correction and its verification share it."""
    if arrays.quotas:
        result, quotas, groups = quota_match(arrays, problem)
        blocking = placement_quotas.blocking_pairs(problem, quotas, result.assignment)
        return Matched(result, quotas, groups, len(blocking))
    result = placement.match(problem)
    return Matched(result, None, [], len(placement.blocking_pairs(problem, result.assignment)))


def quota_figures(
    arrays: "RoundArrays",
    problem: PlacementProblem,
    groups: list[GroupQuota],
    result: PlacementResult,
    classes: np.ndarray,
) -> dict[str, Any]:
    """What each quota placed and cost, against the match without any quota (ADR 0013).

    A student placed lower (or not at all) under the quotas was displaced by each quota
    whose group holds the offer they would have had without them; a member of a quota's
    class placed higher, at an offer of its group, was helped by it. A student can count for
    two quotas whose groups share that offer."""
    plain = placement.match(problem).assignment
    got, would = _choice(problem, result.assignment), _choice(problem, plain)
    lower, higher = got > would, got < would
    rows = []
    for quota, group in zip(arrays.quotas, groups, strict=True):
        member = ((classes >> group.klass) & 1).astype(bool)
        in_group, was_in_group = (
            np.isin(result.assignment, group.offers),
            np.isin(plain, group.offers),
        )
        rows.append(
            {
                **quota,
                "offers": len(group.offers),
                "seats": int(arrays.capacity[list(group.offers)].sum()),
                "placed": int((in_group & member).sum()),
                "placed_without": int((was_in_group & member).sum()),
                "displaced": int((lower & was_in_group).sum()),
                "helped": int((higher & in_group & member).sum()),
            }
        )
    return {"each": rows, "all": {"displaced": int(lower.sum()), "helped": int(higher.sum())}}
