"""Plotly figures of a matched round, built server-side as JSON for `Plotly.newPlot`.

Each function takes rows of `selectors.round_statistics` (already labelled) and returns the
figure's JSON, or "" when there is nothing to draw. An analyst's masked count ("<5") is a bar
of no length labelled "<5", and no share or difference is drawn from it, so no chart gives
it back (qadam.common.disclosure). Plotly escapes "<" and "/" in its JSON,
so a region's name cannot close the page's <script>.
"""

from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from qadam.common.disclosure import bar_lengths, is_masked, share_shown

BLUE, GREEN, GREY = "#1d6fa5", "#2e8b57", "#c5ced8"


def _bars(values: list[Any]) -> dict[str, Any]:
    """A horizontal trace's lengths and labels (common.disclosure.bar_lengths)."""
    lengths, labels = bar_lengths(values)
    return {"x": lengths, "text": labels, "textposition": "outside"}


def _layout(figure: go.Figure, title: str, rows: float, **extra: Any) -> str:
    figure.update_layout(
        title=title,
        height=round(max(260, 26 * rows + 110)),
        margin={"l": 10, "r": 10, "t": 50, "b": 30},
        yaxis={"automargin": True, "autorange": "reversed"},
        legend={"orientation": "h", "y": -0.08, "traceorder": "normal"},
        **extra,
    )
    return str(figure.to_json())


def region_shares(rows: list[dict[str, Any]]) -> str:
    """Placed and first-choice shares of each region's applicants, in per cent."""
    rows = [row for row in rows if row.get("applicants")]
    if not rows:
        return ""
    labels = [str(row["label"]) for row in rows]
    figure = go.Figure(
        [
            go.Bar(
                name=_("share placed"),
                y=labels,
                **_bars([share_shown(row.get("placed", 0), row["applicants"]) for row in rows]),
                orientation="h",
                marker_color=BLUE,
            ),
            go.Bar(
                name=_("share placed at their first choice"),
                y=labels,
                **_bars(
                    [share_shown(row.get("first_choice", 0), row["applicants"]) for row in rows]
                ),
                orientation="h",
                marker_color=GREEN,
            ),
        ]
    )
    return _layout(
        figure,
        _("Applicants placed, and placed at their first choice, by region"),
        1.5 * len(rows),
        barmode="group",
        xaxis={"range": [0, 100], "ticksuffix": "%"},
    )


def _seats(rows: list[dict[str, Any]], title: str) -> str:
    rows = [row for row in rows if row.get("seats")]
    if not rows:
        return ""
    labels = [str(row["label"]) for row in rows]
    figure = go.Figure(
        [
            go.Bar(
                name=_("filled"),
                y=labels,
                **_bars([row.get("filled", 0) for row in rows]),
                orientation="h",
                marker_color=BLUE,
            ),
            go.Bar(
                name=_("unfilled"),
                y=labels,
                # seats less a masked "filled" would give it back
                **_bars([_unfilled(row) for row in rows]),
                orientation="h",
                marker_color=GREY,
            ),
        ]
    )
    return _layout(figure, title, len(rows), barmode="stack")


def _unfilled(row: dict[str, Any]) -> int | None:
    filled = row.get("filled", 0)
    return None if is_masked(filled) else row["seats"] - filled


def region_seats(rows: list[dict[str, Any]]) -> str:
    """Seats filled and left unfilled, by the region of the offer."""
    return _seats(rows, _("Seats filled and unfilled by region"))


def kind_seats(rows: list[dict[str, Any]]) -> str:
    """Seats filled and left unfilled, by kind of offer."""
    return _seats(rows, _("Seats filled and unfilled by kind of offer"))


def round_charts(statistics: dict[str, Any]) -> dict[str, Any]:
    """The round page's figures and tables; nothing before the match or for roles that see
    no aggregates (`round_statistics` is empty then)."""
    if not statistics:
        return {}
    return {
        "statistics": statistics,
        "share_chart": region_shares(statistics["by_region"]),
        "seats_chart": region_seats(statistics["by_region"]),
        "kind_chart": kind_seats(statistics["by_kind"]),
        "top_specialties": specialty_table(statistics["by_specialty"]),
    }


def specialty_table(rows: list[dict[str, Any]], top: int = 15) -> list[dict[str, Any]]:
    """The specialties with the most applicants (rows come sorted), with their shares (None
    when a count they come from is masked)."""
    return [
        {
            **row,
            "placed_share": share_shown(row.get("placed", 0), row.get("applicants", 0)),
            "first_choice_share": share_shown(row.get("first_choice", 0), row.get("applicants", 0)),
        }
        for row in rows[:top]
    ]
