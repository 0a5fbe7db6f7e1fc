"""Plotly figures of academic mobility, built server-side as JSON for `Plotly.newPlot`.

Each takes `selectors_mobility.mobility_figures` (counts only, never names) and returns the
figure's JSON, or "" when there is nothing to draw. An analyst's masked count ("<5") is a bar
of no length labelled "<5" (qadam.common.disclosure.bar_lengths). Plotly escapes "<" and "/"
in its JSON, so a label cannot close the page's <script>.

The figures are plain dicts in plotly.js's own schema, serialised unvalidated: building them
as `plotly.graph_objects` validated every property and took most of the page's time.
"""

from typing import Any

import plotly.io
from django.utils.translation import gettext as _

from qadam.common.disclosure import bar_lengths

BLUE, GREEN, GREY = "#1d6fa5", "#2e8b57", "#c5ced8"
TOP_COUNTRIES = 15


def _figure(data: list[dict[str, Any]], title: str, rows: float, **extra: Any) -> str:
    layout = {
        "title": {"text": title},
        "height": round(max(260, 26 * rows + 110)),
        "margin": {"l": 10, "r": 10, "t": 50, "b": 30},
        "legend": {"orientation": "h", "y": -0.12, "traceorder": "normal"},
        **extra,
    }
    return str(plotly.io.to_json({"data": data, "layout": layout}, validate=False))


def _horizontal(rows: list[dict[str, Any]], label: str, title: str) -> str:
    rows = [row for row in rows if row["count"]]
    if not rows:
        return ""
    lengths, labels = bar_lengths(row["count"] for row in rows)
    bar = {
        "type": "bar",
        "y": [str(row[label]) for row in rows],
        "x": lengths,
        "text": labels,
        "textposition": "outside",
        "orientation": "h",
        "marker": {"color": BLUE},
    }
    return _figure([bar], title, len(rows), yaxis={"automargin": True, "autorange": "reversed"})


def host_countries(figures: dict[str, Any]) -> str:
    """People by host country, the most frequent first."""
    return _horizontal(
        figures["by_host_country"][:TOP_COUNTRIES], "country", _("People by host country")
    )


def funding(figures: dict[str, Any]) -> str:
    return _horizontal(figures["by_funding"], "label", _("People by funding"))


def returns(figures: dict[str, Any]) -> str:
    """Expected returns (by the end of the period) and recorded returns, per year."""
    rows = figures["returns_by_year"]
    if not rows:
        return ""
    years = [str(row["year"]) for row in rows]
    expected, expected_labels = bar_lengths(row["expected"] for row in rows)
    returned, returned_labels = bar_lengths(row["returned"] for row in rows)
    bars = [
        {
            "type": "bar",
            "name": str(name),
            "x": years,
            "y": lengths,
            "text": labels,
            "textposition": "outside",
            "marker": {"color": color},
        }
        for name, lengths, labels, color in (
            (_("expected to return"), expected, expected_labels, GREY),
            (_("returned"), returned, returned_labels, GREEN),
        )
    ]
    return _figure(bars, _("Returns per year"), 8, barmode="group", xaxis={"type": "category"})


def mobility_charts(figures: dict[str, Any]) -> dict[str, str]:
    """The list page's charts, by the id of the element each is drawn in."""
    charts = {
        "country-chart": host_countries(figures),
        "funding-chart": funding(figures),
        "returns-chart": returns(figures),
    }
    return {element: chart for element, chart in charts.items() if chart}
