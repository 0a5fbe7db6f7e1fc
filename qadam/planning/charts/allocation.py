"""The allocation of a run: the seats against their limits, the mandate's two parts (the
seats that close the gap, the rest by the secondary rule), and the shadow prices."""

from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from qadam.planning.charts.figures import (
    BLUE,
    GREY,
    LIGHT_BLUE,
    RED,
    num,
    plotly_json,
)
from qadam.planning.selectors import SHADOW_EPSILON
from qadam.planning.violations import violation_texts
from qadam.registry.choices import Sector

# --------------------------------------------------------------------------- 5. allocation


def allocation(results: dict[str, Any], region_labels: list[str]) -> dict[str, Any]:
    """Seats, money and share against their limits; the mandate's two parts per region and
    sector against last year; Qadam against last year's shares; the shadow prices."""
    a = results["allocation"]
    n = len(region_labels)
    # runs stored before the mandate have no split: all their seats closed the gap
    by_gap = a.get("by_region_gap", a["by_region"])
    by_secondary = a.get("by_region_secondary", [0] * n)
    rows = _region_rows(a, region_labels, by_gap, by_secondary)
    qadam, proportional = float(a["unmet"]), float(a["unmet_proportional"])
    change = round(100 * (proportional - qadam) / proportional) if proportional > 0 else 0
    return {
        **a,
        "cost_millions": a["cost"] / 1e6,
        "budget_millions": a["budget"] / 1e6,
        "technical_percent": 100 * a["technical_share"],
        "min_technical_percent": 100 * a["min_technical_share"],
        "gap_percent": 100 * a["gap"],
        "method_label": _method_labels().get(a["method"], a["method"]),
        "status_label": _status_labels().get(a["status"], a["status"]),
        "mandate": _mandate(a, rows),
        "unmet_people": round(qadam),
        "unmet_proportional_people": round(proportional),
        "comparison": _comparison(round(qadam), round(proportional), change),
        "less_percent": max(change, 0),
        "more_percent": max(-change, 0),
        "rows": rows,
        "sector_rows": _sector_rows(a),
        "figure": _region_figure(a, region_labels, by_gap, by_secondary),
        "shadow_words": shadow_words(a, region_labels),
        "proportional_violations": violation_texts(
            a.get("proportional_violations", []), region_labels
        ),
    }


def _region_rows(
    a: dict[str, Any], region_labels: list[str], by_gap: list[int], by_secondary: list[int]
) -> list[dict[str, Any]]:
    prices = a.get("shadow", {}).get("region_minimums", [])
    at_minimum = a.get("region_at_minimum", [False] * len(region_labels))
    return [
        {
            "label": label,
            "last_year": a["by_region_last_year"][r],
            "proportional": a["by_region_proportional"][r],
            "gap": by_gap[r],
            "secondary": by_secondary[r],
            "seats": a["by_region"][r],
            "change": a["by_region"][r] - a["by_region_last_year"][r],
            "minimum": a["region_minimums"][r],
            "at_minimum": bool(at_minimum[r]) if r < len(at_minimum) else False,
            "price": num(prices[r], 3) if r < len(prices) and prices[r] > SHADOW_EPSILON else "",
        }
        for r, label in enumerate(region_labels)
    ]


def _sector_rows(a: dict[str, Any]) -> list[dict[str, Any]]:
    """Seats per sector: last year, gap-closing, secondary, change; empty sectors left out."""
    if "by_sector_gap" not in a:
        return []
    rows = []
    for k, code in enumerate(a["sectors"]):
        last, gap, secondary = (
            a["by_sector_last_year"][k],
            a["by_sector_gap"][k],
            a["by_sector_secondary"][k],
        )
        if last or gap or secondary:
            label = Sector(code).label if code in Sector.values else code
            seats = gap + secondary
            rows.append(
                {
                    "label": label,
                    "last_year": last,
                    "gap": gap,
                    "secondary": secondary,
                    "seats": seats,
                    "change": seats - last,
                }
            )
    return sorted(rows, key=lambda row: -row["gap"])


def _mandate(a: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The plain-words recommendation: how much of the state order, which part closes the
    gap, which goes by the secondary rule, and where the regions' minimums bind."""
    seats, total = round(float(a["seats"])), round(float(a["total_seats"]))
    gap = round(float(a.get("gap_seats", a["seats"])))
    grows = sorted((r for r in rows if r["change"] > 0), key=lambda r: -r["change"])[:3]
    shrinks = sorted((r for r in rows if r["change"] < 0), key=lambda r: r["change"])[:3]
    held = [r["label"] for r in rows if r["at_minimum"] and r["price"]]
    return {
        "seats": seats,
        "total": total,
        "gap": gap,
        "secondary": seats - gap,
        "unplaced": max(total - seats, 0),
        "unplaced_reason": _unplaced_words().get(a.get("unplaced_reason", ""), ""),
        "split": "secondary_rule" in a,
        "grows": ", ".join(str(r["label"]) for r in grows),
        "shrinks": ", ".join(str(r["label"]) for r in shrinks),
        "held": ", ".join(str(label) for label in held),
        "held_count": len(held),
    }


def _unplaced_words() -> dict[str, str]:
    return {
        "capacity": _("every program's capacity is taken"),
        "budget": _("the budget pays for no more seats"),
        "technical_share": _("more seats would take the technical share below its least"),
    }


def _region_figure(
    a: dict[str, Any], region_labels: list[str], by_gap: list[int], by_secondary: list[int]
) -> str:
    return plotly_json(
        [
            go.Bar(name=_("closing the gap"), x=region_labels, y=by_gap, marker_color=BLUE),
            go.Bar(
                name=_("by the secondary rule"),
                x=region_labels,
                y=by_secondary,
                marker_color=LIGHT_BLUE,
            ),
            go.Scatter(
                name=_("last year"),
                x=region_labels,
                y=a["by_region_last_year"],
                mode="markers",
                marker={"color": GREY, "symbol": "diamond", "size": 9},
            ),
            go.Scatter(
                name=_("minimum"),
                x=region_labels,
                y=a["region_minimums"],
                mode="markers",
                marker={"color": RED, "symbol": "line-ew-open", "size": 18},
            ),
        ],
        _("New state-funded seats per region"),
        barmode="stack",
        xaxis={"automargin": True},
    )


def _comparison(qadam: int, proportional: int, change: int) -> str:
    """Which sentence compares Qadam with last year's shares (in whole people)."""
    if proportional == 0:
        return "both_met" if qadam == 0 else "only_qadam"
    return "more" if change < 0 else "less"


def _method_labels() -> dict[str, str]:
    return {
        "lp": _("linear relaxation (fractional seats)"),
        "lp-rounding": _("linear relaxation rounded to whole seats"),
        "lp-rounding+mip-bound": _("rounded relaxation; bound raised by the integer solver"),
        "mip": _("integer programme (HiGHS)"),
    }


def _status_labels() -> dict[str, str]:
    return {"optimal": _("optimal"), "time_limit": _("stopped at the time limit")}


def shadow_words(a: dict[str, Any], region_labels: list[str]) -> list[str]:
    """What relaxing each rule by one unit would save, in million tenge of the objective."""
    shadow = a.get("shadow", {})
    total, budget = shadow.get("total_seats", 0.0), shadow.get("budget_per_million", 0.0)
    # the share's row counts technical seats: one point of share is 1% of the seats
    point = shadow.get("technical_share", 0.0) * a.get("seats", 0.0) / 100
    words = [
        _("One more seat in the total would save %(value)s million tenge.")
        % {"value": num(total, 3)}
        if total > SHADOW_EPSILON
        else _("The total of seats does not bind: one more seat would save nothing."),
        _("One more million tenge of budget would save %(value)s million tenge.")
        % {"value": num(budget, 4)}
        if budget > SHADOW_EPSILON
        else _("The budget does not bind: more money would save nothing."),
        _(
            "A least technical share one point lower (%(share)s%% instead of %(minimum)s%%) "
            "would save %(value)s million tenge."
        )
        % {
            "share": num(100 * a["min_technical_share"] - 1),
            "minimum": num(100 * a["min_technical_share"]),
            "value": num(point, 3),
        }
        if point > SHADOW_EPSILON
        else _("The least technical share does not bind: lowering it would save nothing."),
    ]
    binding = [
        (label, price)
        for label, price in zip(region_labels, shadow.get("region_minimums", []), strict=False)
        if price > SHADOW_EPSILON
    ]
    words += [
        _("One seat less in the minimum of %(region)s would save %(value)s million tenge.")
        % {"region": label, "value": num(price, 3)}
        for label, price in binding
    ] or [_("No region's minimum binds: lowering one would save nothing.")]
    return words
