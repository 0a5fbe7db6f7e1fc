"""Colours, numbers in the page's language, and the Plotly frame every run figure shares."""

from typing import Any

import plotly.io as pio
from django.utils.formats import number_format

from qadam.planning.choices import Phase, PlanLevel

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


def phase_label(value: str) -> str:
    return str(Phase(value).label) if value in Phase.values else value


def level_label(value: str) -> str:
    return str(PlanLevel(value).label) if value in PlanLevel.values else value


def plotly_json(
    traces: list[Any],
    title: str,
    *,
    height: int = 360,
    toggles: list[Any] | None = None,
    **extra: Any,
) -> str:
    """The figure's JSON; `toggles` are (label, visible flags) buttons above the plot."""
    # the JSON go.Figure would give, without validating every trace and attribute again
    # (the traces validated when built): a run's seven figures took a quarter of a second
    layout: dict[str, Any] = {
        "template": _NONE_TEMPLATE,
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 80 if toggles else 50, "b": 40},
        "legend": {"orientation": "h", "y": -0.15, "traceorder": "normal"},
        "showlegend": True,
        "xaxis": {"automargin": True, "dtick": 1},
        "yaxis": {"automargin": True, "rangemode": "tozero"},
        **extra,
    }
    if toggles:
        buttons = [
            {"label": label, "method": "restyle", "args": [{"visible": visible}]}
            for label, visible in toggles
        ]
        layout["updatemenus"] = [
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
    data = [trace.to_plotly_json() for trace in traces]
    return str(pio.to_json({"data": data, "layout": layout}, validate=False))


_NONE_TEMPLATE = pio.templates["none"].to_plotly_json()


def groups(sizes: list[int]) -> list[list[bool]]:
    """Visibility flags that show one group of consecutive traces at a time."""
    total, start, flags = sum(sizes), 0, []
    for size in sizes:
        flags.append([start <= i < start + size for i in range(total)])
        start += size
    return flags


def any_nonzero(*series: list[float]) -> bool:
    return any(any(value for value in values) for values in series)
