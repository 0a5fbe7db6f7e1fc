"""Demand, supply, the gaps, the regions and the megaprojects' pipelines of a run."""

from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from qadam.common.localized import localized
from qadam.planning.charts.figures import (
    BLUE,
    DIVERGING,
    GREEN,
    GREY,
    LEVEL_COLOURS,
    LIGHT_BLUE,
    MAX_GAP_ROWS,
    ORANGE,
    PHASE_COLOURS,
    RED,
    SEQUENTIAL,
    any_nonzero,
    groups,
    level_label,
    phase_label,
    plotly_json,
)

# --------------------------------------------------------------------------- labels


def labels(results: dict[str, Any], names: dict[str, dict[int, Any]]) -> dict[str, list[str]]:
    """Row labels (specialty code and name; the last row is higher education), region names
    and megaproject labels, in the results' order."""
    specialties = [names["specialties"].get(pk) for pk in results.get("specialties", [])]
    regions = [names["regions"].get(pk) for pk in results.get("regions", [])]
    return {
        "rows": [f"{s.code} {s.name}" if s else "?" for s in specialties] + [_("higher education")],
        "regions": [r.name if r else "?" for r in regions],
        "megaprojects": [f"{m['code']} {localized(m)}" for m in results.get("megaprojects", [])],
    }


# --------------------------------------------------------------------------- 1. demand


def demand(results: dict[str, Any], megaprojects: list[str]) -> dict[str, Any]:
    """Openings per year (regional and megaprojects), and each megaproject's staff needed
    by phase and by level."""
    years = results["years"]
    regional, hires = results["demand"]["regional"], results["demand"]["megaproject_hires"]
    figure = plotly_json(
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
    phase_cols = [
        (phase_label(p), v) for p, v in zip(phases, by_phase, strict=True) if any_nonzero(v)
    ]
    level_cols = [(level_label(level["level"]), level["headcount"]) for level in levels]
    level_cols = [(name, v) for name, v in level_cols if any_nonzero(v)]
    traces = [
        go.Bar(name=name, x=years, y=v, marker_color=PHASE_COLOURS[i % 5])
        for i, (name, v) in enumerate(phase_cols)
    ] + [
        go.Bar(name=name, x=years, y=v, marker_color=LEVEL_COLOURS[i % 3], visible=False)
        for i, (name, v) in enumerate(level_cols)
    ]
    flags = groups([len(phase_cols), len(level_cols)])
    figure = plotly_json(
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
    figure = plotly_json(
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
    keep = [i for i in range(len(row_labels)) if any_nonzero(baseline[i], allocated[i])]
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
    figure = plotly_json(
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
    figure = plotly_json(
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
            level
            for level in levels
            if any_nonzero(level["headcount"], level["hires"], level["seats"])
        ]
        tables: list[dict[str, Any]] = []
        for level in shown:
            rows = []
            for h, year in enumerate(years):
                row: dict[str, Any] = {
                    key: level[key][h] for key in ("headcount", *PIPELINE_SERIES)
                }
                # runs from before contracted trainees were counted have none
                row["contracted"] = level.get("contracted", [0] * len(years))[h]
                row["year"] = year
                filled = row["contracted"] + row["filled_allocated"]
                row["unfilled"] = max(row["hires"] - filled, 0)
                row["early"] = first_graduation is not None and year < first_graduation
                rows.append(row)
            tables.append({"level": level_label(level["level"]), "rows": rows})
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
    flags = groups([len(PIPELINE_SERIES) + 1] * len(levels))
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
    toggles = [(level_label(level["level"]), flags[i]) for i, level in enumerate(levels)]
    return plotly_json(
        traces,
        _("%(megaproject)s: hires needed and filled") % {"megaproject": label},
        toggles=toggles if len(levels) > 1 else None,
        barmode="group",
        shapes=shapes,
        annotations=notes,
    )
