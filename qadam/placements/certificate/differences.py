"""The differences between two documents, named as a coordinator reads them: the first is
what `--verify` reports ("application of applicant A-000123, rank 2: score 70.0 now,
71.5 at certification"). Columns are compared as arrays; only a difference is spelled out."""

from collections.abc import Iterator
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from qadam.placements.certificate.documents import Document
from qadam.placements.identity import applicant_number

APPLICATION_FIELDS = ("offer", "applicant", "score")


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


def _was(what: str, now: Any, then: Any, field: str = "") -> str:
    values = {"what": what, "field": field, "now": _text(now), "then": _text(then)}
    if field:
        return _("%(what)s: %(field)s %(now)s now, %(then)s at certification") % values
    return _("%(what)s: %(now)s now, %(then)s at certification") % values


def _labels() -> dict[str, str]:
    return {"offer": _("offer"), "applicant": _("applicant"), "score": _("score")}


def _offer_differences(current: Document, certified: Document) -> Iterator[str]:
    if current["offers"] == certified["offers"]:
        return
    now = dict(zip(current["offers"]["offer"], current["offers"]["seats"], strict=True))
    then = dict(zip(certified["offers"]["offer"], certified["offers"]["seats"], strict=True))
    for pk in sorted(now.keys() | then.keys()):
        what = _("offer #%(offer)s") % {"offer": pk}
        if pk not in now:
            yield _("%(what)s: no longer in the round") % {"what": what}
        elif pk not in then:
            yield _("%(what)s: not in the certified inputs") % {"what": what}
        elif now[pk] != then[pk]:
            yield _was(what, now[pk], then[pk], field=_("seats"))


def _application(document: Document, index: int) -> dict[str, Any]:
    columns = document["applications"]
    return {name: columns[name][index] for name in ("applicant", "offer", "rank", "score")}


def _one_student(
    current: Document, certified: Document, start_now: int, start_then: int, n_now: int, n_then: int
) -> Iterator[str]:
    """One student's applications compared in rank order."""
    for position in range(max(n_now, n_then)):
        a = _application(current, start_now + position) if position < n_now else None
        b = _application(certified, start_then + position) if position < n_then else None
        applicant = applicant_number((a or b or {}).get("applicant"))
        what = _("application of applicant %(applicant)s, rank %(rank)s") % {
            "applicant": applicant,
            "rank": position + 1,
        }
        if a is None:
            yield _("%(what)s: withdrawn since certification") % {"what": what}
        elif b is None:
            yield _("%(what)s: added since certification") % {"what": what}
        else:
            for name in APPLICATION_FIELDS:
                if a[name] != b[name]:
                    yield _was(what, a[name], b[name], field=_labels()[name])


def _mismatch(current: Document, certified: Document, end: int) -> np.ndarray:
    """Indices below `end` where any application column differs."""
    differs = np.zeros(end, dtype=bool)
    for name in ("applicant", "offer", "rank", "score"):
        now = np.asarray(current["applications"][name][:end])
        then = np.asarray(certified["applications"][name][:end])
        differs |= now != then
    return np.flatnonzero(differs)


def _application_differences(current: Document, certified: Document) -> Iterator[str]:
    """Students are the same, in the same order: the first application that differs."""
    counts_now = np.asarray(current["students"]["applications"], dtype=np.int64)
    counts_then = np.asarray(certified["students"]["applications"], dtype=np.int64)
    indptr = np.concatenate(([0], np.cumsum(counts_then)))
    other = np.flatnonzero(counts_now != counts_then)
    # before the first student whose count changed, both documents align application by
    # application; compare that stretch at once
    stop = int(other[0]) if other.size else counts_then.size
    starts_now = np.concatenate(([0], np.cumsum(counts_now)))
    for index in _mismatch(current, certified, int(indptr[stop]))[:1]:
        k = int(np.searchsorted(indptr, index, side="right") - 1)
        yield from _one_student(
            current,
            certified,
            int(starts_now[k]),
            int(indptr[k]),
            int(counts_now[k]),
            int(counts_then[k]),
        )
    for k in other[:1].tolist():
        yield from _one_student(
            current,
            certified,
            int(starts_now[k]),
            int(indptr[k]),
            int(counts_now[k]),
            int(counts_then[k]),
        )


def _student_differences(current: Document, certified: Document) -> Iterator[str]:
    now, then = current["students"]["student"], certified["students"]["student"]
    if now != then:
        added, gone = sorted(set(now) - set(then)), sorted(set(then) - set(now))
        for student in added:
            yield _("student %(student)s: applies now, did not at certification") % {
                "student": student
            }
        for student in gone:
            yield _("student %(student)s: applied at certification, not now") % {"student": student}
        if added or gone:
            return
        lottery_now = {s: k for k, s in enumerate(now, start=1)}
        for k, student in enumerate(then, start=1):
            if lottery_now[student] != k:
                what = _("student %(student)s") % {"student": student}
                yield _was(what, lottery_now[student], k, field=_("lottery number"))
                return
    yield from _application_differences(current, certified)


def input_differences(current: Document, certified: Document) -> Iterator[str]:
    """What differs between the round's inputs now and at certification, most basic first."""
    for key in ("format", "round", "lottery_seed", "constraints"):
        if current.get(key) != certified.get(key):
            yield _was(key.replace("_", " "), current.get(key), certified.get(key))
    yield from _offer_differences(current, certified)
    yield from _student_differences(current, certified)


def result_differences(current: Document, certified: Document) -> Iterator[str]:
    """Whose placement differs between two results (by student id)."""
    now = dict(zip(current["placements"]["student"], current["placements"]["offer"], strict=True))
    then = dict(
        zip(certified["placements"]["student"], certified["placements"]["offer"], strict=True)
    )
    if now == then:
        return
    for student in sorted(now.keys() | then.keys()):
        if now.get(student, -1) != then.get(student, -1):
            what = _("placement of student %(student)s") % {"student": student}
            yield _was(what, now.get(student), then.get(student))
