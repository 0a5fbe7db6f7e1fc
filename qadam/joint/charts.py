"""The programme's progress as a Plotly figure, built server-side as JSON for
`Plotly.newPlot` (qadam.js draws every `<script data-chart>`): per region of either country,
its seats beside its students. An analyst's masked count ("<5") is a bar of no length
labelled "<5" (qadam.common.disclosure.bar_lengths)."""

from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from qadam.common.disclosure import bar_lengths

BLUE, GREY = "#1d6fa5", "#c5ced8"


def progress_chart(progress: dict[str, Any]) -> str:
    """Seats and students by region (Kazakhstan's, then Russia's); "" with no quota."""
    rows = progress["by_region"]
    if not rows:
        return ""
    regions = [f"{row['region']} ({row['country']})" for row in rows]
    students, labels = bar_lengths(row["enrolled"] for row in rows)
    figure = go.Figure(
        [
            go.Bar(
                name=_("seats"),
                y=regions,
                x=[row["seats"] for row in rows],
                orientation="h",
                marker_color=GREY,
            ),
            go.Bar(
                name=_("students"),
                y=regions,
                x=students,
                text=labels,
                textposition="outside",
                orientation="h",
                marker_color=BLUE,
            ),
        ]
    )
    figure.update_layout(
        title=_("Students against the quotas, by region"),
        barmode="group",
        height=round(max(260, 44 * len(rows) + 110)),
        margin={"l": 10, "r": 10, "t": 50, "b": 30},
        legend={"orientation": "h", "y": -0.12, "traceorder": "normal"},
        yaxis={"automargin": True, "autorange": "reversed"},
    )
    return str(figure.to_json())
