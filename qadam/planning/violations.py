"""The allocation engine's refusals and broken constraints, worded in the reader's language
with region names (the engine itself knows codes, numbers and region positions only)."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from qadam.engines.allocation import AllocationInfeasible


def _n(value: float) -> str:
    """Seats and money as the reader's language writes them."""
    rounded = round(value)
    if abs(value - rounded) < 1e-9:
        return str(intcomma(rounded))
    return number_format(round(value, 2), 2)


def _percent(share: float, digits: int = 0) -> str:
    # number_format cuts digits off; the page rounds (as floatformat does)
    return number_format(round(100 * share, digits), digits)


def _region(values: Mapping[str, float], regions: Sequence[str]) -> str:
    position = int(values["region"])
    return str(regions[position]) if 0 <= position < len(regions) else str(position + 1)


VIOLATIONS: dict[str, Callable[[Mapping[str, float], Sequence[str]], str]] = {
    "capacity": lambda v, r: (
        _("%(programs)s programs above their capacity") % {"programs": _n(v["programs"])}
    ),
    "negative": lambda v, r: _("negative seats"),
    "total_seats": lambda v, r: (
        _("%(seats)s seats, above the total of %(total)s")
        % {"seats": _n(v["seats"]), "total": _n(v["total"])}
    ),
    "budget": lambda v, r: (
        _("cost %(cost)s, above the budget of %(budget)s")
        % {"cost": _n(v["cost"]), "budget": _n(v["budget"])}
    ),
    "technical_share": lambda v, r: (
        _("technical share %(share)s%%, below %(minimum)s%%")
        % {"share": _percent(v["share"], 1), "minimum": _percent(v["minimum"])}
    ),
    "region_minimum": lambda v, r: (
        _("%(region)s has %(seats)s seats, below its minimum of %(minimum)s")
        % {"region": _region(v, r), "seats": _n(v["seats"]), "minimum": _n(v["minimum"])}
    ),
}

INFEASIBLE: dict[str, Callable[[Mapping[str, float], Sequence[str]], str]] = {
    "minimums_above_total": lambda v, r: (
        _("The regions' minimums sum to %(minimums)s seats, above the total of %(total)s.")
        % {"minimums": _n(v["minimums"]), "total": _n(v["total"])}
    ),
    "minimum_above_capacity": lambda v, r: (
        _(
            "The minimum of %(region)s, %(minimum)s seats, is above the region's total capacity "
            "of %(capacity)s."
        )
        % {"region": _region(v, r), "minimum": _n(v["minimum"]), "capacity": _n(v["capacity"])}
    ),
    "minimums_above_budget": lambda v, r: (
        _(
            "The regions' minimums cost at least %(cost)s at the cheapest seats, above the budget "
            "of %(budget)s."
        )
        % {"cost": _n(v["cost"]), "budget": _n(v["budget"])}
    ),
    "technical_share_whole": lambda v, r: (
        _(
            "A technical share of 100%% is impossible: the regions' minimums need %(forced)s "
            "non-technical seats."
        )
        % {"forced": _n(v["forced"])}
    ),
    "technical_share_room": lambda v, r: (
        _(
            "A technical share of %(share)s%% needs at least %(need)s technical seats (the "
            "regions' minimums force %(forced)s non-technical seats), but at most %(room)s fit "
            "within the technical capacity of %(capacity)s and the total of %(total)s."
        )
        % {
            "share": _percent(v["share"]),
            "need": _n(v["need"]),
            "forced": _n(v["forced"]),
            "room": _n(v["room"]),
            "capacity": _n(v["capacity"]),
            "total": _n(v["total"]),
        }
    ),
    "jointly": lambda v, r: _(
        "The total of seats, the budget, the technical share, the regions' minimums and the "
        "programs' capacities cannot all hold at once."
    ),
}


def violation_texts(stored: Sequence[Any], regions: Sequence[str]) -> list[str]:
    """A run's broken constraints as stored ({"code", "values"}; a run from before they were
    stored so holds English text, shown as it is)."""
    texts = []
    for item in stored:
        if isinstance(item, dict) and item.get("code") in VIOLATIONS:
            texts.append(VIOLATIONS[item["code"]](item.get("values", {}), regions))
        else:
            texts.append(str(item))
    return texts


def infeasible_text(error: AllocationInfeasible, regions: Sequence[str]) -> str:
    wording = INFEASIBLE.get(error.code)
    return wording(error.values, regions) if wording else str(error)
