"""The differences between two documents, named as a coordinator reads them: the first is
what `--verify` reports ("application of applicant A-000123, rank 2: score 70.0 now,
71.5 at certification")."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from qadam.placements.certificate.documents import Document
from qadam.placements.identity import applicant_number


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


def _offer_differences(current: Document, certified: Document) -> Iterator[str]:
    now, then = dict(map(tuple, current["offers"])), dict(map(tuple, certified["offers"]))
    for pk in sorted(now.keys() | then.keys()):
        what = _("offer #%(offer)s") % {"offer": pk}
        if pk not in now:
            yield _("%(what)s: no longer in the round") % {"what": what}
        elif pk not in then:
            yield _("%(what)s: not in the certified inputs") % {"what": what}
        elif now[pk] != then[pk]:
            yield _was(what, now[pk], then[pk], field=_("seats"))


def _application_differences(now: list[list[Any]], then: list[list[Any]]) -> Iterator[str]:
    for position in range(max(len(now), len(then))):
        a = now[position] if position < len(now) else None
        b = then[position] if position < len(then) else None
        applicant = applicant_number((a or b)[0])  # type: ignore[index]
        what = _("application of applicant %(applicant)s, rank %(rank)s") % {
            "applicant": applicant,
            "rank": position + 1,
        }
        if a is None:
            yield _("%(what)s: withdrawn since certification") % {"what": what}
        elif b is None:
            yield _("%(what)s: added since certification") % {"what": what}
        else:
            for column, label in ((1, _("offer")), (0, _("applicant")), (3, _("score"))):
                if a[column] != b[column]:
                    yield _was(what, a[column], b[column], field=label)


def _student_differences(current: Document, certified: Document) -> Iterator[str]:
    now = {row[0]: (k, row[1]) for k, row in enumerate(current["students"], start=1)}
    then = {row[0]: (k, row[1]) for k, row in enumerate(certified["students"], start=1)}
    for student in sorted(now.keys() - then.keys()):
        yield _("student %(student)s: applies now, did not at certification") % {"student": student}
    for student in sorted(then.keys() - now.keys()):
        yield _("student %(student)s: applied at certification, not now") % {"student": student}
    for student, (lottery, applications) in sorted(then.items(), key=lambda item: item[1][0]):
        if student not in now:
            continue
        if now[student][0] != lottery:
            what = _("student %(student)s") % {"student": student}
            yield _was(what, now[student][0], lottery, field=_("lottery number"))
        yield from _application_differences(now[student][1], applications)


def input_differences(current: Document, certified: Document) -> Iterator[str]:
    """What differs between the round's inputs now and at certification, most basic first."""
    for key in ("format", "round", "lottery_seed", "constraints"):
        if current.get(key) != certified.get(key):
            yield _was(key.replace("_", " "), current.get(key), certified.get(key))
    yield from _offer_differences(current, certified)
    yield from _student_differences(current, certified)


def result_differences(current: Document, certified: Document) -> Iterator[str]:
    """Whose placement differs between two results (by student id)."""
    now, then = dict(map(tuple, current["placements"])), dict(map(tuple, certified["placements"]))
    for student in sorted(now.keys() | then.keys()):
        if now.get(student, -1) != then.get(student, -1):
            what = _("placement of student %(student)s") % {"student": student}
            yield _was(what, now.get(student), then.get(student))
