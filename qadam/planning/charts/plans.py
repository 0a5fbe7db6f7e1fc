"""Plotly figures and tables of a staffing plan, built server-side as JSON for `Plotly.newPlot`.

The figures take `selectors.plan_curves` and return the figure's JSON, or "" when the plan
has no rows. Plotly escapes "<" and "/" in its JSON, so no label can close the <script>.
"""

from typing import Any

import plotly.graph_objects as go
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from qadam.planning.choices import Phase, PlanLevel
from qadam.planning.selectors import Peak

PHASE_COLOURS = {
    Phase.SITE_PREPARATION: "#c5a880",
    Phase.CONSTRUCTION: "#1d6fa5",
    Phase.INSTALLATION: "#6aa9d8",
    Phase.COMMISSIONING: "#e0a030",
    Phase.OPERATION: "#2e8b57",
}
# decimal and thousands separators as each language writes them (Plotly's `separators`)
SEPARATORS = {"en": ".,", "ru": ", ", "kk": ", "}
LEVEL_COLOURS = {
    PlanLevel.WORKER: "#1d6fa5",
    PlanLevel.MID_LEVEL: "#e0a030",
    PlanLevel.HIGHER: "#7a4fa0",
}


def _layout(figure: go.Figure, title: str, **extra: Any) -> str:
    figure.update_layout(
        title=title,
        autosize=True,  # the page's box sets the size (plan_styles.html)
        margin={"l": 10, "r": 10, "t": 50, "b": 30},
        xaxis={"title": pgettext("calendar year", "year"), "tickformat": "d"},
        yaxis={"title": _("people"), "automargin": True, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.2, "traceorder": "normal"},
        hovermode="x unified",
        separators=SEPARATORS.get((get_language() or "")[:2], ".,"),
        **extra,
    )
    return str(figure.to_json())


def phase_chart(curves: dict[str, Any]) -> str:
    """Headcount per year, stacked by phase in the order the phases begin."""
    years, by_phase = curves["years"], curves["by_phase"]
    if not years:
        return ""
    figure = go.Figure(
        [
            go.Bar(
                name=str(phase.label),
                x=years,
                y=by_phase[phase.value],
                marker_color=PHASE_COLOURS[phase],
            )
            for phase in Phase
            if phase.value in by_phase
        ]
    )
    return _layout(figure, _("Headcount per year by phase"), barmode="stack")


def level_chart(curves: dict[str, Any]) -> str:
    """Headcount per year, one line per qualification level."""
    years, by_level = curves["years"], curves["by_level"]
    if not years:
        return ""
    figure = go.Figure(
        [
            go.Scatter(
                name=str(level.label),
                x=years,
                y=by_level[level.value],
                mode="lines+markers",
                line={"color": LEVEL_COLOURS[level]},
            )
            for level in PlanLevel
            if level.value in by_level
        ]
    )
    return _layout(figure, _("Headcount per year by qualification level"))


def peak_rows(peaks: dict[str, dict[str, Peak | None]]) -> list[dict[str, Any]]:
    """`selectors.plan_peaks` as table rows, labelled, in the order of the levels."""
    return [
        {
            "level": level.value,
            "label": level.label,
            "construction": peaks.get(level.value, {}).get("construction"),
            "operation": peaks.get(level.value, {}).get("operation"),
        }
        for level in PlanLevel
    ]
