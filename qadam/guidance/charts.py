"""Plotly figures of career guidance, built server-side as JSON for `Plotly.newPlot`.

Plotly escapes "<" and "/" in its JSON, so a scale's name cannot close the page's <script>.
"""

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from qadam.common.disclosure import bar_lengths
from qadam.guidance.explain_text import ScaleLike

BLUE = "#1d6fa5"
SCALE_MIN, SCALE_MAX = 1, 5


def scale_labels(metadata: dict[str, Any], language: str) -> dict[str, str]:
    """Scale letter -> the scale's name in `language` (English when it has none)."""
    labels = {}
    for scale in metadata.get("scales", []):
        names = scale.get("name", {})
        labels[scale["code"]] = str(names.get(language) or names.get("en") or scale["code"])
    return labels


def scale_radar(scales: Sequence[ScaleLike]) -> str:
    """The six scale scores (1..5) around a circle; the polygon is closed. The axes carry
    the short nicknames (Doer, Thinker...), so that they fit beside the circle on a phone;
    the full names are in the hover text and in the table beside the chart."""
    if not scales:
        return ""
    names = [scale.nickname or scale.name for scale in scales]
    full = [scale.name for scale in scales]
    scores = [round(scale.score, 2) for scale in scales]
    figure = go.Figure(
        go.Scatterpolar(
            r=[*scores, scores[0]],
            theta=[*names, names[0]],
            fill="toself",
            line_color=BLUE,
            name=_("your interests"),
            customdata=[*full, full[0]],
            hovertemplate="%{customdata}: %{r:.1f}<extra></extra>",
        )
    )
    figure.update_layout(
        polar={
            "radialaxis": {"range": [SCALE_MIN, SCALE_MAX], "tickvals": [1, 2, 3, 4, 5]},
            "angularaxis": {"direction": "clockwise", "rotation": 90, "tickfont": {"size": 11}},
        },
        showlegend=False,
        height=340,
        margin={"l": 80, "r": 80, "t": 30, "b": 30},
        dragmode=False,
    )
    return str(figure.to_json())


def first_letter_bars(first_letters: Sequence[tuple[str, Any]], labels: dict[str, str]) -> str:
    """How many completed diagnostics have each scale as the first letter of their code; a
    masked count ("<5") is a bar of no length labelled "<5" (common.disclosure.bar_lengths)."""
    if not any(n for _letter, n in first_letters):
        return ""
    lengths, texts = bar_lengths([n for _letter, n in first_letters])
    figure = go.Figure(
        go.Bar(
            x=[f"{letter} · {labels.get(letter, letter)}" for letter, _n in first_letters],
            y=lengths,
            text=texts,
            textposition="outside",
            customdata=[str(n) for _letter, n in first_letters],
            marker_color=BLUE,
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    figure.update_layout(
        title=_("First letter of the Holland code"),
        height=300,
        margin={"l": 40, "r": 10, "t": 50, "b": 80},
        yaxis={"rangemode": "tozero", "tickformat": "d"},
        dragmode=False,
    )
    return str(figure.to_json())
