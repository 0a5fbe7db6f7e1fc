"""Running a round's match: read the round into arrays, score, match, verify, write.

The adapter between the database and the pure engines (`engines.placement_scoring`,
`engines.placement`). Reading and computing happen outside any transaction; the results are
written in one transaction, and only if the round's inputs did not change meanwhile.
"""

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit import audited_update
from qadam.common.bulk import bulk_insert
from qadam.common.errors import ApplicationError
from qadam.engines.placement import PlacementProblem, PlacementResult
from qadam.engines.placement_scoring import (
    Rule,
    ScoringInputs,
    distances_km,
    score_applications,
    specialty_fit,
)
from qadam.placements.certificate.seal import Sealed, seal
from qadam.placements.models import Application, Offer, Placement, PlacementRound
from qadam.placements.quotas import Matched, match_round, quota_figures, read_quotas
from qadam.placements.services.certificates import certificate_create
from qadam.placements.summary import summarise
from qadam.registry.models import Occupation, Program, Region, Specialty, Student

Progress = Callable[[str], None]
STEPS = ("read", "score", "match", "verify", "summarise", "certify", "write")
RULES = {
    Offer.ScoringRule.GRADES: Rule.GRADES,
    Offer.ScoringRule.WEIGHTED: Rule.WEIGHTED,
    Offer.ScoringRule.RANKING: Rule.RANKING,
}


@dataclass(frozen=True, eq=False)
class RoundArrays:
    """A round as the engine sees it. Students are in lottery order: engine index k is the
    student with lottery number k + 1, so ties at an offer go to the lower lottery number."""

    inputs_version: int
    student_id: np.ndarray  # int64 (n_students,)
    student_region: np.ndarray  # int64 region id
    student_specialty: np.ndarray  # int64 specialty id, -1 without a program
    student_grade: np.ndarray  # float64, NaN when unknown
    student_rural: np.ndarray  # bool
    student_disability: np.ndarray  # bool
    offer_id: np.ndarray  # int64 (n_offers,)
    offer_region: np.ndarray  # int64
    offer_kind: np.ndarray  # str
    offer_occupation: np.ndarray  # int64, -1 when none
    offer_rule: np.ndarray  # int8
    offer_weights: np.ndarray  # float64 (n_offers, 4)
    capacity: np.ndarray  # int32
    pref_indptr: np.ndarray  # int64 (n_students + 1,)
    pref_offer: np.ndarray  # int32 offer index
    pref_rank: np.ndarray  # int16 the student's 1-based rank
    pref_test: np.ndarray  # float64
    pref_enterprise_rank: np.ndarray  # float64
    pref_application: np.ndarray  # int64 the application's id (its applicant number)
    pref_score_corrected: np.ndarray  # float64 an upheld appeal's score, NaN when none
    # the round's quotas as plain dicts (quotas.QUOTA_FIELDS), in the published order
    quotas: tuple[dict[str, Any], ...] = ()


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


def _column(
    rows: Sequence[Sequence[Any]], index: int, dtype: type, missing: float = -1
) -> np.ndarray:
    return np.array([missing if row[index] is None else row[index] for row in rows], dtype=dtype)


def _read_applications(round_id: int) -> np.ndarray:
    """(student_id, offer_id, rank, test_score, enterprise_rank, id, score_corrected) as a
    float64 matrix."""
    rows = _fetch(
        f"SELECT student_id, offer_id, rank, test_score, enterprise_rank, id, score_corrected "
        f"FROM {_table(Application)} WHERE round_id = %s",
        [round_id],
    )
    if not rows:
        return np.empty((0, 7))
    # None (no test score, no ranking) becomes NaN in a float matrix
    return np.array(rows, dtype=np.float64)


def _read_students(round_id: int) -> dict[str, np.ndarray]:
    rows = _fetch(
        f"SELECT s.id, s.region_id, p.specialty_id, s.grade_average, s.rural, s.disability "
        f"FROM {_table(Student)} s LEFT JOIN {_table(Program)} p ON p.id = s.program_id "
        f"WHERE s.id IN (SELECT DISTINCT student_id FROM {_table(Application)} "
        f"WHERE round_id = %s) ORDER BY s.id",
        [round_id],
    )
    return {
        "id": _column(rows, 0, np.int64),
        "region": _column(rows, 1, np.int64),
        "specialty": _column(rows, 2, np.int64),
        "grade": _column(rows, 3, np.float64, missing=np.nan),
        "rural": _column(rows, 4, bool, missing=False),
        "disability": _column(rows, 5, bool, missing=False),
    }


def _read_offers(round_id: int, ids: Sequence[int] | None = None) -> dict[str, np.ndarray]:
    offers = Offer.objects.filter(round_id=round_id)
    if ids is not None:
        offers = offers.filter(pk__in=ids)
    rows = list(
        offers.order_by("id").values_list(
            "id",
            "region_id",
            "kind",
            "occupation_id",
            "scoring_rule",
            "weight_grades",
            "weight_fit",
            "weight_distance",
            "weight_test",
            "seats",
        )
    )
    return {
        "id": _column(rows, 0, np.int64),
        "region": _column(rows, 1, np.int64),
        "kind": np.array([row[2] for row in rows], dtype=object),
        "occupation": _column(rows, 3, np.int64),
        "rule": np.array([RULES[Offer.ScoringRule(row[4])] for row in rows], dtype=np.int8),
        "weights": np.array([row[5:9] for row in rows], dtype=np.float64).reshape(-1, 4),
        "seats": _column(rows, 9, np.int32),
    }


def lottery_order(student_ids: np.ndarray, seed: int) -> np.ndarray:
    """A permutation of the students (sorted by id) drawn from the round's seed."""
    return np.random.default_rng(seed).permutation(student_ids.size)


def read_round(placement_round: PlacementRound) -> RoundArrays:
    apps = _read_applications(placement_round.pk)
    students = _read_students(placement_round.pk)
    offers = _read_offers(placement_round.pk)
    order = lottery_order(students["id"], placement_round.lottery_seed)
    students = {name: values[order] for name, values in students.items()}
    # engine indices of each application's student and offer
    by_id = np.argsort(students["id"])
    student_index = by_id[
        np.searchsorted(students["id"], apps[:, 0].astype(np.int64), sorter=by_id)
    ]
    offer_index = np.searchsorted(offers["id"], apps[:, 1].astype(np.int64))
    sort = np.lexsort((apps[:, 2], student_index))
    counts = np.bincount(student_index, minlength=students["id"].size)
    return RoundArrays(
        inputs_version=placement_round.inputs_version,
        student_id=students["id"],
        student_region=students["region"],
        student_specialty=students["specialty"],
        student_grade=students["grade"],
        student_rural=students["rural"],
        student_disability=students["disability"],
        offer_id=offers["id"],
        offer_region=offers["region"],
        offer_kind=offers["kind"],
        offer_occupation=offers["occupation"],
        offer_rule=offers["rule"],
        offer_weights=offers["weights"],
        capacity=offers["seats"],
        pref_indptr=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        pref_offer=offer_index[sort].astype(np.int32),
        pref_rank=apps[sort, 2].astype(np.int16),
        pref_test=apps[sort, 3],
        pref_enterprise_rank=apps[sort, 4],
        pref_application=apps[sort, 5].astype(np.int64),
        pref_score_corrected=apps[sort, 6],
        quotas=read_quotas(placement_round.pk),
    )


def _region_distances(student_region: np.ndarray, offer_region: np.ndarray) -> np.ndarray:
    regions = list(Region.objects.values_list("id", "latitude", "longitude"))
    ids = np.array([r[0] for r in regions], dtype=np.int64)
    lat = np.array([np.nan if r[1] is None else r[1] for r in regions], dtype=np.float64)
    lon = np.array([np.nan if r[2] is None else r[2] for r in regions], dtype=np.float64)
    sort = np.argsort(ids)
    a = sort[np.searchsorted(ids, student_region, sorter=sort)]
    b = sort[np.searchsorted(ids, offer_region, sorter=sort)]
    return distances_km(lat[a], lon[a], lat[b], lon[b])


def _fit(student_specialty: np.ndarray, offer_occupation: np.ndarray) -> np.ndarray:
    """Specialty fit per application from the specialty-to-occupation catalogue."""
    links = np.array(
        list(Specialty.occupations.through.objects.values_list("specialty_id", "occupation_id")),
        dtype=np.int64,
    ).reshape(-1, 2)
    # ISCO-08 minor group (first three digits) by occupation id; -1 for "no occupation"
    occupations = list(Occupation.objects.values_list("id", "code"))
    largest = max((pk for pk, _code in occupations), default=0)
    minor_by_id = np.full(largest + 2, -1, dtype=np.int64)  # the last slot answers id -1
    for pk, code in occupations:
        minor_by_id[pk] = int(code[:3])
    span = np.int64(1 << 32)
    exact = np.isin(student_specialty * span + offer_occupation, links[:, 0] * span + links[:, 1])
    group_links = links[:, 0] * span + minor_by_id[links[:, 1]]
    occupation_group = minor_by_id[offer_occupation]
    same_group = np.isin(student_specialty * span + occupation_group, group_links)
    return specialty_fit(exact, same_group, offer_occupation >= 0)


def build_problem(arrays: RoundArrays) -> PlacementProblem:
    """Score every application under its offer's rule and pack the engine's problem."""
    n_students = arrays.student_id.size
    app_student = np.repeat(np.arange(n_students), np.diff(arrays.pref_indptr))
    offer = arrays.pref_offer
    scores = score_applications(
        ScoringInputs(
            rule=arrays.offer_rule[offer],
            grade=arrays.student_grade[app_student],
            fit=_fit(arrays.student_specialty[app_student], arrays.offer_occupation[offer]),
            distance_km=_region_distances(
                arrays.student_region[app_student], arrays.offer_region[offer]
            ),
            test=arrays.pref_test,
            enterprise_rank=arrays.pref_enterprise_rank,
            weights=arrays.offer_weights[offer],
        )
    )
    corrected = ~np.isnan(arrays.pref_score_corrected)
    scores[corrected] = arrays.pref_score_corrected[corrected]  # an upheld appeal's score
    return PlacementProblem(
        pref_indptr=arrays.pref_indptr,
        pref_offer=arrays.pref_offer,
        pref_score=scores,
        capacity=arrays.capacity,
    )


def placement_rows(
    round_id: int, arrays: RoundArrays, problem: PlacementProblem, result: PlacementResult
) -> list[tuple[Any, ...]]:
    indptr, stamp = arrays.pref_indptr, connection.ops.adapt_datetimefield_value(timezone.now())
    placed_app = _placed_application(arrays, result)
    rows = []
    scores = problem.pref_score.tolist()
    for k in range(arrays.student_id.size):
        lo, hi, app = int(indptr[k]), int(indptr[k + 1]), int(placed_app[k])
        placed = app >= 0
        rows.append(
            (
                round_id,
                int(arrays.student_id[k]),
                int(arrays.offer_id[arrays.pref_offer[app]]) if placed else None,
                int(arrays.pref_rank[app]) if placed else None,
                k + 1,
                json.dumps(scores[lo:hi]),
                Placement.Status.PENDING if placed else Placement.Status.UNPLACED,
                "",
                stamp,
                stamp,
            )
        )
    return rows


def _placed_application(arrays: RoundArrays, result: PlacementResult) -> np.ndarray:
    """Each student's application index at their assigned offer, -1 when unplaced."""
    n_students = arrays.student_id.size
    app_student = np.repeat(np.arange(n_students), np.diff(arrays.pref_indptr))
    hit = arrays.pref_offer == result.assignment[app_student]
    placed = np.full(n_students, -1, dtype=np.int64)
    placed[app_student[hit]] = np.flatnonzero(hit)
    return placed


PLACEMENT_COLUMNS = (
    "round_id",
    "student_id",
    "offer_id",
    "rank",
    "lottery",
    "scores",
    "status",
    "decline_reason",
    "created_at",
    "updated_at",
)


def write_offers(arrays: RoundArrays, result: PlacementResult) -> None:
    filled = np.bincount(result.assignment[result.assignment >= 0], minlength=arrays.offer_id.size)
    rows = [
        (int(f), None if not np.isfinite(c) else float(c), int(pk))
        for pk, f, c in zip(arrays.offer_id, filled, result.cutoff, strict=True)
    ]
    table = _table(Offer)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} o SET filled = v.filled, cutoff = v.cutoff "
                f"FROM unnest(%s::int[], %s::float8[], %s::bigint[]) AS v(filled, cutoff, id) "
                f"WHERE o.id = v.id",
                [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
            )
        else:
            cursor.executemany(f"UPDATE {table} SET filled = %s, cutoff = %s WHERE id = %s", rows)


def _write(
    placement_round: PlacementRound,
    arrays: RoundArrays,
    problem: PlacementProblem,
    result: PlacementResult,
    summary: dict[str, object],
    sealed: Sealed,
    actor: User | None,
) -> None:
    with transaction.atomic():
        current = PlacementRound.objects.select_for_update().get(pk=placement_round.pk)
        if current.status not in (PlacementRound.Status.CLOSED, PlacementRound.Status.MATCHED):
            raise ApplicationError(
                _("The round is %(status)s; not matched.")
                % {"status": current.get_status_display()}
            )
        if current.inputs_version != arrays.inputs_version:
            raise ApplicationError(
                _("Applications or assessments changed during the run; run the match again.")
            )
        Placement.objects.filter(round=current)._raw_delete(using=connection.alias)
        bulk_insert(
            Placement,
            PLACEMENT_COLUMNS,
            placement_rows(current.pk, arrays, problem, result),
        )
        write_offers(arrays, result)
        certificate_create(actor=actor, placement_round=current, sealed=sealed)
        # the figures, like the offers' filled seats and cutoffs, are the match's output
        # (recomputed by every run), not a change anyone makes: kept out of the audit
        PlacementRound.objects.filter(pk=current.pk).update(summary=summary)
        audited_update(
            actor=actor,
            instance=current,
            changes={"status": PlacementRound.Status.MATCHED, "matched_at": timezone.now()},
            summary=(
                f"matched: {summary['placed']} of {summary['applicants']} placed, "
                f"{summary['proposals']} proposals"
            ),
        )


def unstable(matched: Matched) -> None:
    """Refuse a match with a blocking pair (the engines' own check, never expected)."""
    if matched.blocking_pairs:
        raise ApplicationError(
            _("The match is not stable (%(n)s blocking pairs).") % {"n": matched.blocking_pairs}
        )


def round_summary(
    arrays: RoundArrays, problem: PlacementProblem, matched: Matched
) -> dict[str, Any]:
    """The round's figures; under quotas, what each quota placed and cost (ADR 0013)."""
    summary = {**summarise(arrays, matched.result), "blocking_pairs": matched.blocking_pairs}
    if matched.quotas is not None:
        summary["quotas"] = quota_figures(
            arrays, problem, matched.groups, matched.result, matched.quotas.student_classes
        )
    return summary


def run_match(
    *, round_id: int, actor: User | None = None, progress: Progress = lambda step: None
) -> dict[str, object]:
    """Match a closed (or re-match a matched) round; returns the round's summary.

    The same applications, assessments and lottery seed give the same placements."""
    placement_round = PlacementRound.objects.get(pk=round_id)
    if placement_round.status not in (PlacementRound.Status.CLOSED, PlacementRound.Status.MATCHED):
        raise ApplicationError(
            _("Only a closed round can be matched; this one is %(status)s.")
            % {"status": placement_round.get_status_display()}
        )
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(now - clock, 3)
        clock = now

    progress("read")
    arrays = read_round(placement_round)
    lap("read")
    progress("score")
    problem = build_problem(arrays)
    lap("score")
    progress("match")
    matched = match_round(arrays, problem)
    result = matched.result
    lap("match")
    progress("verify")
    unstable(matched)
    lap("verify")
    progress("summarise")
    summary = round_summary(arrays, problem, matched)
    lap("summarise")
    progress("certify")
    sealed = seal(
        round_id=placement_round.pk,
        lottery_seed=placement_round.lottery_seed,
        arrays=arrays,
        problem=problem,
        result=result,
        quotas=matched.quotas,
    )
    lap("certify")
    progress("write")
    _write(placement_round, arrays, problem, result, {**summary, "seconds": timings}, sealed, actor)
    lap("write")
    summary["seconds"] = timings
    return summary
