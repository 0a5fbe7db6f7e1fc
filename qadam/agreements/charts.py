"""Plotly figures of the register by country and by kind, as JSON for `Plotly.newPlot`.

Each function takes `selectors.agreement_figures` and returns the figure's JSON, or "" when
there is nothing to draw. Plotly escapes "<" and "/" in its JSON, so no label can close the
page's <script>. Countries are stored as ISO 3166-1 alpha-2 codes; `COUNTRIES` names the
partner countries Qadam knows and `CENTROIDS` places them on the map (a code outside them is
shown in the tables but not on the map).
"""

from typing import Any

import plotly.graph_objects as go
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BLUE, GREEN = "#1d6fa5", "#2e8b57"
HOME = "KZ"

COUNTRIES: dict[str, tuple[str, Promise]] = {
    "AE": ("ARE", gettext_lazy("United Arab Emirates")),
    "AM": ("ARM", gettext_lazy("Armenia")),
    "AT": ("AUT", gettext_lazy("Austria")),
    "AU": ("AUS", gettext_lazy("Australia")),
    "AZ": ("AZE", gettext_lazy("Azerbaijan")),
    "BE": ("BEL", gettext_lazy("Belgium")),
    "BG": ("BGR", gettext_lazy("Bulgaria")),
    "BY": ("BLR", gettext_lazy("Belarus")),
    "CA": ("CAN", gettext_lazy("Canada")),
    "CH": ("CHE", gettext_lazy("Switzerland")),
    "CN": ("CHN", gettext_lazy("China")),
    "CZ": ("CZE", gettext_lazy("Czechia")),
    "DE": ("DEU", gettext_lazy("Germany")),
    "DK": ("DNK", gettext_lazy("Denmark")),
    "EE": ("EST", gettext_lazy("Estonia")),
    "EG": ("EGY", gettext_lazy("Egypt")),
    "ES": ("ESP", gettext_lazy("Spain")),
    "FI": ("FIN", gettext_lazy("Finland")),
    "FR": ("FRA", gettext_lazy("France")),
    "GB": ("GBR", gettext_lazy("United Kingdom")),
    "GE": ("GEO", gettext_lazy("Georgia")),
    "GR": ("GRC", gettext_lazy("Greece")),
    "HU": ("HUN", gettext_lazy("Hungary")),
    "ID": ("IDN", gettext_lazy("Indonesia")),
    "IN": ("IND", gettext_lazy("India")),
    "IR": ("IRN", gettext_lazy("Iran")),
    "IT": ("ITA", gettext_lazy("Italy")),
    "JP": ("JPN", gettext_lazy("Japan")),
    "KG": ("KGZ", gettext_lazy("Kyrgyzstan")),
    "KR": ("KOR", gettext_lazy("South Korea")),
    "KZ": ("KAZ", gettext_lazy("Kazakhstan")),
    "LT": ("LTU", gettext_lazy("Lithuania")),
    "LV": ("LVA", gettext_lazy("Latvia")),
    "MD": ("MDA", gettext_lazy("Moldova")),
    "MN": ("MNG", gettext_lazy("Mongolia")),
    "MY": ("MYS", gettext_lazy("Malaysia")),
    "NL": ("NLD", gettext_lazy("Netherlands")),
    "NO": ("NOR", gettext_lazy("Norway")),
    "PK": ("PAK", gettext_lazy("Pakistan")),
    "PL": ("POL", gettext_lazy("Poland")),
    "PT": ("PRT", gettext_lazy("Portugal")),
    "QA": ("QAT", gettext_lazy("Qatar")),
    "RO": ("ROU", gettext_lazy("Romania")),
    "RS": ("SRB", gettext_lazy("Serbia")),
    "RU": ("RUS", gettext_lazy("Russia")),
    "SA": ("SAU", gettext_lazy("Saudi Arabia")),
    "SE": ("SWE", gettext_lazy("Sweden")),
    "SG": ("SGP", gettext_lazy("Singapore")),
    "SK": ("SVK", gettext_lazy("Slovakia")),
    "TH": ("THA", gettext_lazy("Thailand")),
    "TJ": ("TJK", gettext_lazy("Tajikistan")),
    "TM": ("TKM", gettext_lazy("Turkmenistan")),
    "TR": ("TUR", gettext_lazy("Türkiye")),
    "UA": ("UKR", gettext_lazy("Ukraine")),
    "US": ("USA", gettext_lazy("United States")),
    "UZ": ("UZB", gettext_lazy("Uzbekistan")),
    "VN": ("VNM", gettext_lazy("Vietnam")),
}


def country_name(code: str) -> str:
    """The country's name in the active language; the code itself when Qadam lacks it."""
    known = COUNTRIES.get(code)
    return str(known[1]) if known else code


def iso3(code: str) -> str:
    """The ISO 3166-1 alpha-3 code for an alpha-2 one; "" when Qadam lacks it."""
    known = COUNTRIES.get(code)
    return known[0] if known else ""


def country_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures' country rows with each country's name and alpha-3 code."""
    return [
        {**row, "label": country_name(row["country"]), "iso3": iso3(row["country"])}
        for row in figures["by_country"]
    ]


def _bars(rows: list[dict[str, Any]], title: str) -> str:
    labels = [str(row["label"]) for row in rows]
    figure = go.Figure(
        [
            go.Bar(
                name=_("agreements"),
                y=labels,
                x=[row["agreements"] for row in rows],
                orientation="h",
                marker_color=BLUE,
            ),
            go.Bar(
                name=_("active"),
                y=labels,
                x=[row["active"] for row in rows],
                orientation="h",
                marker_color=GREEN,
            ),
        ]
    )
    figure.update_layout(
        title=title,
        barmode="group",
        height=round(max(260, 40 * len(rows) + 110)),
        margin={"l": 10, "r": 10, "t": 50, "b": 30},
        yaxis={"automargin": True, "autorange": "reversed"},
        legend={"orientation": "h", "y": -0.08},
    )
    return str(figure.to_json())


def kind_chart(figures: dict[str, Any]) -> str:
    """Agreements and active agreements by kind."""
    rows = figures["by_kind"]
    return _bars(rows, _("Agreements by kind")) if rows else ""


def country_chart(rows: list[dict[str, Any]], top: int = 30) -> str:
    """Agreements and active agreements by party country (the most frequent `top`)."""
    return _bars(rows[:top], _("Agreements by the countries of their parties")) if rows else ""


# Approximate centroids (capitals for Russia and Kazakhstan, where partners cluster) as
# (latitude, longitude): the map is drawn on plain axes, so it needs no outline files
# from the internet.
CENTROIDS: dict[str, tuple[float, float]] = {
    "AE": (24.0, 54.0), "AM": (40.1, 45.0), "AT": (47.5, 14.5), "AU": (-25.3, 133.8),
    "AZ": (40.1, 47.6), "BE": (50.5, 4.5), "BG": (42.7, 25.5), "BY": (53.7, 28.0),
    "CA": (56.1, -106.3), "CH": (46.8, 8.2), "CN": (35.9, 104.2), "CZ": (49.8, 15.5),
    "DE": (51.2, 10.5), "DK": (56.3, 9.5), "EE": (58.6, 25.0), "EG": (26.8, 30.8),
    "ES": (40.5, -3.7), "FI": (61.9, 25.7), "FR": (46.2, 2.2), "GB": (55.4, -3.4),
    "GE": (42.3, 43.4), "GR": (39.1, 21.8), "HU": (47.2, 19.5), "ID": (-0.8, 113.9),
    "IN": (20.6, 79.0), "IR": (32.4, 53.7), "IT": (41.9, 12.6), "JP": (36.2, 138.3),
    "KG": (41.2, 74.8), "KR": (35.9, 127.8), "KZ": (51.2, 71.4), "LT": (55.2, 23.9),
    "LV": (56.9, 24.6), "MD": (47.4, 28.4), "MN": (46.9, 103.8), "MY": (4.2, 102.0),
    "NL": (52.1, 5.3), "NO": (60.5, 8.5), "PK": (30.4, 69.3), "PL": (51.9, 19.1),
    "PT": (39.4, -8.2), "QA": (25.4, 51.2), "RO": (45.9, 25.0), "RS": (44.0, 21.0),
    "RU": (55.8, 37.6), "SA": (23.9, 45.1), "SE": (60.1, 18.6), "SG": (1.4, 103.8),
    "SK": (48.7, 19.7), "TH": (15.9, 101.0), "TJ": (38.9, 71.3), "TM": (39.0, 59.6),
    "TR": (39.0, 35.2), "UA": (48.4, 31.2), "US": (37.1, -95.7), "UZ": (41.4, 64.6),
    "VN": (14.1, 108.3),
}  # fmt: skip


def country_map(rows: list[dict[str, Any]]) -> str:
    """Partners abroad on a map: a line from Kazakhstan to each country and a bubble sized
    by its agreements (every agreement has a party at home, so Kazakhstan is the hub)."""
    rows = [row for row in rows if row["country"] in CENTROIDS and row["country"] != HOME]
    if not rows:
        return ""
    home_lat, home_lon = CENTROIDS[HOME]
    lines_x: list[float | None] = []
    lines_y: list[float | None] = []
    for row in rows:
        lat, lon = CENTROIDS[row["country"]]
        lines_x += [home_lon, lon, None]
        lines_y += [home_lat, lat, None]
    largest = max(row["agreements"] for row in rows)
    figure = go.Figure(
        [
            go.Scatter(
                x=lines_x,
                y=lines_y,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line={"color": "#b9c7d6", "width": 1},
            ),
            go.Scatter(
                x=[CENTROIDS[row["country"]][1] for row in rows],
                y=[CENTROIDS[row["country"]][0] for row in rows],
                mode="markers+text",
                text=[str(row["label"]) for row in rows],
                textposition="top center",
                customdata=[[row["agreements"], row["active"]] for row in rows],
                hovertemplate="%{text}: %{customdata[0]}<br>"
                + _("active")
                + ": %{customdata[1]}<extra></extra>",
                marker={
                    "size": [8 + 40 * (row["agreements"] / largest) ** 0.5 for row in rows],
                    "color": BLUE,
                    "opacity": 0.75,
                },
                showlegend=False,
            ),
            go.Scatter(
                x=[home_lon],
                y=[home_lat],
                mode="markers+text",
                text=[country_name(HOME)],
                textposition="bottom center",
                hoverinfo="skip",
                showlegend=False,
                marker={"size": 14, "color": GREEN, "symbol": "star"},
            ),
        ]
    )
    figure.update_layout(
        title=_("Agreements with partners abroad, by country"),
        height=460,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        plot_bgcolor="#f3f6fa",
        xaxis={"visible": False, "range": [-130, 150]},
        yaxis={"visible": False, "range": [-45, 75], "scaleanchor": "x", "scaleratio": 1.2},
    )
    return str(figure.to_json())


def register_charts(figures: dict[str, Any]) -> dict[str, Any]:
    """The charts page's figures and the tables that say the same in text."""
    rows = country_rows(figures)
    return {
        "figures": figures,
        "country_rows": rows,
        "kind_chart": kind_chart(figures),
        "country_chart": country_chart(rows),
        "country_map": country_map(rows),
    }
