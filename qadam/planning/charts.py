"""The figures and tables of a run's results (planning:run_detail and the workspace).

Everything reads `AllocationRun.results` (results.summarise) and the names of its regions and
specialties (selectors.names). Figures are Plotly JSON for `Plotly.newPlot`; Plotly escapes
"<" and "/", so a specialty's name cannot close the page's <script>. Each figure comes with a
table of the same numbers, for screen readers and for exact values.
"""

from typing import Any

import plotly.graph_objects as go
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from qadam.planning.choices import Phase, PlanLevel
from qadam.planning.selectors import SHADOW_EPSILON

BLUE, LIGHT_BLUE, GREEN, GREY, ORANGE, RED = (
    "#1d6fa5",
    "#9cc3e0",
    "#2e8b57",
    "#8a97a5",
    "#d9822b",
    "#b3261e",
)
PHASE_COLOURS = ("#8a97a5", "#1d6fa5", "#6a4c93", "#d9822b", "#2e8b57")
LEVEL_COLOURS = ("#1d6fa5", "#2e8b57", "#d9822b")
DIVERGING = [[0.0, "#2166ac"], [0.5, "#f7f7f7"], [1.0, "#b2182b"]]  # surplus, none, shortage
SEQUENTIAL = [[0.0, "#f7f7f7"], [1.0, "#b2182b"]]
MAX_GAP_ROWS = 60


def num(value: float, places: int = 2) -> str:
    """A number in the page's language, grouped, without trailing zeros: 1 234,5."""
    rounded = round(float(value), places)
    shown: float | int = int(rounded) if rounded.is_integer() else rounded
    return str(number_format(shown, force_grouping=True))


def _phase(value: str) -> str:
    return str(Phase(value).label) if value in Phase.values else value


def _level(value: str) -> str:
    return str(PlanLevel(value).label) if value in PlanLevel.values else value


def _figure(
    traces: list[Any],
    title: str,
    *,
    height: int = 360,
    toggles: list[Any] | None = None,
    **extra: Any,
) -> str:
    """The figure's JSON; `toggles` are (label, visible flags) buttons above the plot."""
    figure = go.Figure(traces)
    layout: dict[str, Any] = {
        "template": "none",
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 80 if toggles else 50, "b": 40},
        "legend": {"orientation": "h", "y": -0.15, "traceorder": "normal"},
        "showlegend": True,
        "xaxis": {"automargin": True, "dtick": 1},
        "yaxis": {"automargin": True, "rangemode": "tozero"},
    }
    figure.update_layout(**{**layout, **extra})
    if toggles:
        buttons = [
            {"label": label, "method": "restyle", "args": [{"visible": visible}]}
            for label, visible in toggles
        ]
        figure.update_layout(
            updatemenus=[
                {
                    "type": "buttons",
                    "direction": "right",
                    "showactive": True,
                    "x": 1,
                    "xanchor": "right",
                    "y": 1.02,
                    "yanchor": "bottom",
                    "buttons": buttons,
                }
            ]
        )
    return str(figure.to_json())


def _groups(sizes: list[int]) -> list[list[bool]]:
    """Visibility flags that show one group of consecutive traces at a time."""
    total, start, flags = sum(sizes), 0, []
    for size in sizes:
        flags.append([start <= i < start + size for i in range(total)])
        start += size
    return flags


def _any(*series: list[float]) -> bool:
    return any(any(value for value in values) for values in series)


# --------------------------------------------------------------------------- labels


def labels(results: dict[str, Any], names: dict[str, dict[int, Any]]) -> dict[str, list[str]]:
    """Row labels (specialty code and name; the last row is higher education), region names
    and megaproject labels, in the results' order."""
    specialties = [names["specialties"].get(pk) for pk in results.get("specialties", [])]
    regions = [names["regions"].get(pk) for pk in results.get("regions", [])]
    return {
        "rows": [f"{s.code} {s.name}" if s else "?" for s in specialties] + [_("higher education")],
        "regions": [r.name if r else "?" for r in regions],
        "megaprojects": [f"{m['code']} {m['name']}" for m in results.get("megaprojects", [])],
    }


# --------------------------------------------------------------------------- 1. demand


def demand(results: dict[str, Any], megaprojects: list[str]) -> dict[str, Any]:
    """Openings per year (regional and megaprojects), and each megaproject's staff needed
    by phase and by level."""
    years = results["years"]
    regional, hires = results["demand"]["regional"], results["demand"]["megaproject_hires"]
    figure = _figure(
        [
            go.Bar(name=_("regional openings"), x=years, y=regional, marker_color=BLUE),
            go.Bar(name=_("megaproject hires"), x=years, y=hires, marker_color=ORANGE),
        ],
        _("Openings per year"),
        barmode="stack",
    )
    rows = [
        {"year": y, "regional": r, "megaprojects": h, "total": r + h}
        for y, r, h in zip(years, regional, hires, strict=True)
    ]
    return {
        "figure": figure,
        "rows": rows,
        "unmapped": results["demand"].get("unmapped_headcount", 0),
        "megaprojects": [
            _staff(years, results["phases"], levels, label)
            for levels, label in zip(results["pipeline"], megaprojects, strict=True)
        ],
    }


def _staff(years: list[int], phases: list[str], levels: list[dict], label: str) -> dict:
    by_phase = [
        [sum(level["by_phase"][k][h] for level in levels) for h in range(len(years))]
        for k in range(len(phases))
    ]
    phase_cols = [(_phase(p), v) for p, v in zip(phases, by_phase, strict=True) if _any(v)]
    level_cols = [(_level(level["level"]), level["headcount"]) for level in levels]
    level_cols = [(name, v) for name, v in level_cols if _any(v)]
    traces = [
        go.Bar(name=name, x=years, y=v, marker_color=PHASE_COLOURS[i % 5])
        for i, (name, v) in enumerate(phase_cols)
    ] + [
        go.Bar(name=name, x=years, y=v, marker_color=LEVEL_COLOURS[i % 3], visible=False)
        for i, (name, v) in enumerate(level_cols)
    ]
    flags = _groups([len(phase_cols), len(level_cols)])
    figure = _figure(
        traces,
        _("Staff %(megaproject)s needs per year") % {"megaproject": label},
        toggles=[(_("by phase"), flags[0]), (_("by level"), flags[1])],
        barmode="stack",
    )
    rows = [
        {
            "year": year,
            "phases": [v[h] for _name, v in phase_cols],
            "levels": [v[h] for _name, v in level_cols],
            "total": sum(level["headcount"][h] for level in levels),
        }
        for h, year in enumerate(years)
    ]
    return {
        "label": label,
        "figure": figure if traces else "",
        "phases": [name for name, _v in phase_cols],
        "levels": [name for name, _v in level_cols],
        "rows": rows,
    }


# --------------------------------------------------------------------------- 2. supply


def supply(results: dict[str, Any]) -> dict[str, Any]:
    """Labour-market entrants staying in their region, baseline and allocation, and demand."""
    years = results["years"]
    baseline, allocated = results["supply"]["baseline"], results["supply"]["allocated"]
    total = [
        r + h
        for r, h in zip(
            results["demand"]["regional"], results["demand"]["megaproject_hires"], strict=True
        )
    ]
    figure = _figure(
        [
            go.Scatter(name=_("entrants, last year's seats"), x=years, y=baseline, line_color=GREY),
            go.Scatter(name=_("entrants, this allocation"), x=years, y=allocated, line_color=BLUE),
            go.Scatter(name=_("demand"), x=years, y=total, line={"color": RED, "dash": "dash"}),
        ],
        _("Labour-market entrants per year against demand"),
    )
    rows = [
        {"year": y, "demand": d, "baseline": b, "allocated": a}
        for y, d, b, a in zip(years, total, baseline, allocated, strict=True)
    ]
    return {"figure": figure, "rows": rows}


# --------------------------------------------------------------------------- 3. gaps


def gap(results: dict[str, Any], row_labels: list[str]) -> dict[str, Any]:
    """The signed national gap per specialty and year (demand - supply, > 0: shortage)."""
    years = results["years"]
    baseline, allocated = results["gap"]["baseline"], results["gap"]["allocated"]
    keep = [i for i in range(len(row_labels)) if _any(baseline[i], allocated[i])]
    left_out = 0
    if len(keep) > MAX_GAP_ROWS:  # the largest gaps; the table keeps every row
        largest = sorted(keep, key=lambda i: -max(map(abs, baseline[i] + allocated[i])))
        left_out, shown = len(keep) - MAX_GAP_ROWS, sorted(largest[:MAX_GAP_ROWS])
    else:
        shown = keep
    # colours saturate at the 95th percentile of the specialties' gaps, so neither the
    # higher-education row (universities, returning engineers) nor one huge row washes out
    # the rest
    higher = len(row_labels) - 1
    values = sorted(abs(v) for i in shown if i != higher for v in baseline[i] + allocated[i] if v)
    values = values or sorted(abs(v) for i in shown for v in baseline[i] + allocated[i] if v)
    limit = max(values[int(0.95 * (len(values) - 1))] if values else 1, 1)
    y = [row_labels[i][:60] for i in shown]
    traces = [
        go.Heatmap(
            name=name,
            z=[data[i] for i in shown],
            x=years,
            y=y,
            zmin=-limit,
            zmax=limit,
            colorscale=DIVERGING,
            visible=visible,
            hovertemplate="%{y}<br>%{x}: %{z}<extra></extra>",
        )
        for name, data, visible in (
            (_("last year's seats"), baseline, True),
            (_("this allocation"), allocated, False),
        )
    ]
    figure = _figure(
        traces,
        _("Gap per specialty and year (demand less supply; red: shortage, blue: surplus)"),
        height=max(300, 22 * len(shown) + 140),
        toggles=[(_("last year's seats"), [True, False]), (_("this allocation"), [False, True])],
        yaxis={"automargin": True, "autorange": "reversed", "type": "category"},
    )
    rows = [
        {"label": row_labels[i], "cells": list(zip(baseline[i], allocated[i], strict=True))}
        for i in keep
    ]
    return {
        "figure": figure if shown else "",
        "rows": rows,
        "limit": limit,
        "left_out": left_out,
        "quiet": len(row_labels) - len(keep),
    }


def regions(results: dict[str, Any], region_labels: list[str]) -> dict[str, Any]:
    """Regional demand left unmet per region and year, baseline and allocation."""
    years = results["years"]
    baseline = results["shortfall"]["baseline"]["by_region_year"]
    allocated = results["shortfall"]["allocated"]["by_region_year"]
    limit = max([1, *(v for row in baseline + allocated for v in row)])
    traces = [
        go.Heatmap(
            name=name,
            z=data,
            x=years,
            y=region_labels,
            zmin=0,
            zmax=limit,
            colorscale=SEQUENTIAL,
            visible=visible,
            hovertemplate="%{y}<br>%{x}: %{z}<extra></extra>",
        )
        for name, data, visible in (
            (_("last year's seats"), baseline, True),
            (_("this allocation"), allocated, False),
        )
    ]
    figure = _figure(
        traces,
        _("Regional demand left unmet per region and year"),
        height=max(300, 24 * len(region_labels) + 140),
        toggles=[(_("last year's seats"), [True, False]), (_("this allocation"), [False, True])],
        yaxis={"automargin": True, "autorange": "reversed", "type": "category"},
    )
    totals_b = results["shortfall"]["baseline"]["regional"]
    totals_a = results["shortfall"]["allocated"]["regional"]
    rows = [
        {
            "label": label,
            "baseline": totals_b[r],
            "allocated": totals_a[r],
            "cells": list(zip(baseline[r], allocated[r], strict=True)),
        }
        for r, label in enumerate(region_labels)
    ]
    return {
        "figure": figure,
        "rows": rows,
        "total_baseline": results["shortfall"]["baseline"]["total"],
        "total_allocated": results["shortfall"]["allocated"]["total"],
    }


# --------------------------------------------------------------------------- 4. pipeline


PIPELINE_SERIES = ("hires", "filled_baseline", "filled_allocated", "seats")


def pipeline(
    results: dict[str, Any], megaprojects: list[str], first_graduation: int | None
) -> list[dict[str, Any]]:
    """Per megaproject and level: hires needed against those filled, the staff curve, the
    new seats sent there, and the years before new seats can graduate (lead time)."""
    years = results["years"]
    out = []
    for levels, label in zip(results["pipeline"], megaprojects, strict=True):
        shown = [
            level for level in levels if _any(level["headcount"], level["hires"], level["seats"])
        ]
        tables: list[dict[str, Any]] = []
        for level in shown:
            rows = []
            for h, year in enumerate(years):
                row: dict[str, Any] = {
                    key: level[key][h] for key in ("headcount", *PIPELINE_SERIES)
                }
                row["year"] = year
                row["unfilled"] = max(row["hires"] - row["filled_allocated"], 0)
                row["early"] = first_graduation is not None and year < first_graduation
                rows.append(row)
            tables.append({"level": _level(level["level"]), "rows": rows})
        early = [r for t in tables for r in t["rows"] if r["early"]]
        out.append(
            {
                "label": label,
                "tables": tables,
                "figure": _pipeline_figure(years, shown, label, first_graduation),
                "early_unfilled": sum(r["unfilled"] for r in early),
                "early_hires": sum(r["hires"] for r in early),
            }
        )
    return out


def _pipeline_figure(
    years: list[int], levels: list[dict[str, Any]], label: str, first: int | None
) -> str:
    if not levels:
        return ""
    names = {
        "hires": (_("hires needed"), GREY),
        "filled_baseline": (_("filled, last year's seats"), LIGHT_BLUE),
        "filled_allocated": (_("filled, this allocation"), BLUE),
        "seats": (_("new seats whose graduates go there"), GREEN),
    }
    traces: list[Any] = []
    for i, level in enumerate(levels):
        visible = i == 0
        traces += [
            go.Bar(
                name=names[key][0], x=years, y=level[key], marker_color=names[key][1],
                visible=visible, legendgroup=key,
            )
            for key in PIPELINE_SERIES
        ]  # fmt: skip
        traces.append(
            go.Scatter(
                name=_("staff needed"),
                x=years,
                y=level["headcount"],
                line={"color": ORANGE},
                visible=visible,
            )
        )
    flags = _groups([len(PIPELINE_SERIES) + 1] * len(levels))
    shapes, notes = [], []
    if first is not None and first > years[0]:
        shapes = [
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": years[0] - 0.5,
                "x1": min(first, years[-1] + 1) - 0.5,
                "y0": 0,
                "y1": 1,
                "fillcolor": "#e5eaf0",
                "opacity": 0.5,
                "line": {"width": 0},
                "layer": "below",
            }
        ]
        notes = [
            {
                "xref": "x",
                "yref": "paper",
                "x": years[0] - 0.4,
                "y": 1,
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "text": _("lead time: no new graduates yet"),
                "font": {"size": 11, "color": GREY},
            }
        ]
    toggles = [(_level(level["level"]), flags[i]) for i, level in enumerate(levels)]
    return _figure(
        traces,
        _("%(megaproject)s: hires needed and filled") % {"megaproject": label},
        toggles=toggles if len(levels) > 1 else None,
        barmode="group",
        shapes=shapes,
        annotations=notes,
    )


# --------------------------------------------------------------------------- 5. allocation


def allocation(results: dict[str, Any], region_labels: list[str]) -> dict[str, Any]:
    """Seats, money and share against their limits; Qadam against last year's shares; the
    seats per region with their minimums; the shadow prices."""
    a = results["allocation"]
    shadow = a.get("shadow", {})
    prices = shadow.get("region_minimums", [])
    rows = [
        {
            "label": label,
            "last_year": a["by_region_last_year"][r],
            "proportional": a["by_region_proportional"][r],
            "seats": a["by_region"][r],
            "minimum": a["region_minimums"][r],
            "price": num(prices[r], 3) if r < len(prices) and prices[r] > SHADOW_EPSILON else "",
        }
        for r, label in enumerate(region_labels)
    ]
    figure = _figure(
        [
            go.Bar(
                name=_("last year"), x=region_labels, y=a["by_region_last_year"], marker_color=GREY
            ),
            go.Bar(
                name=_("last year's shares"),
                x=region_labels,
                y=a["by_region_proportional"],
                marker_color=LIGHT_BLUE,
            ),
            go.Bar(name=_("Qadam"), x=region_labels, y=a["by_region"], marker_color=BLUE),
            go.Scatter(
                name=_("minimum"),
                x=region_labels,
                y=a["region_minimums"],
                mode="markers",
                marker={"color": RED, "symbol": "line-ew-open", "size": 18},
            ),
        ],
        _("New state-funded seats per region"),
        barmode="group",
        xaxis={"automargin": True},
    )
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
        "unallocated": max(round(float(a["total_seats"]) - float(a["seats"])), 0),
        "unmet_people": round(qadam),
        "unmet_proportional_people": round(proportional),
        "comparison": _comparison(round(qadam), round(proportional), change),
        "less_percent": max(change, 0),
        "more_percent": max(-change, 0),
        "rows": rows,
        "figure": figure,
        "shadow_words": shadow_words(a, region_labels),
    }


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


# --------------------------------------------------------------------------- 6. cells


def top_cells(results: dict[str, Any], names: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The demand cells the allocation leaves most unmet, labelled."""
    return [
        {
            **cell,
            "specialty": names["rows"][cell["row"]] if cell["row"] < len(names["rows"]) else "?",
            "place": (names["megaprojects"] if cell["kind"] == 1 else names["regions"])[
                cell["place"]
            ],
        }
        for cell in results.get("top_cells", [])
    ]


def results_context(
    results: dict[str, Any],
    names: dict[str, dict[int, Any]],
    *,
    first_graduation: int | None,
) -> dict[str, Any]:
    """Every section of a finished run's results page."""
    named = labels(results, names)
    return {
        "years": results["years"],
        "demand": demand(results, named["megaprojects"]),
        "supply": supply(results),
        "gap": gap(results, named["rows"]),
        "regions": regions(results, named["regions"]),
        "pipeline": pipeline(results, named["megaprojects"], first_graduation),
        "allocation": allocation(results, named["regions"]),
        "top_cells": top_cells(results, named),
        "first_graduation": first_graduation,
        "lead_years": first_graduation - results["years"][0] if first_graduation else None,
        "seconds": results.get("seconds"),
    }
