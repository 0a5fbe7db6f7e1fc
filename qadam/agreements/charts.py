"""Plotly figures of the register by country and by kind, as JSON for `Plotly.newPlot`.

Each function takes `selectors.agreement_figures` and returns the figure's JSON, or "" when
there is nothing to draw. Plotly escapes "<" and "/" in its JSON, so no label can close the
page's <script>. Countries are stored as ISO 3166-1 alpha-2 codes; plotly's world map wants
alpha-3, so `COUNTRIES` maps the partner countries Qadam knows (a code outside it is shown in
the tables but not on the map).
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


def country_map(rows: list[dict[str, Any]]) -> str:
    """A world map of agreements with a party in each country outside Kazakhstan (every
    agreement has a party at home, which would drown the partners' colours)."""
    rows = [row for row in rows if row["iso3"] and row["country"] != HOME]
    if not rows:
        return ""
    figure = go.Figure(
        go.Choropleth(
            locations=[row["iso3"] for row in rows],
            locationmode="ISO-3",
            z=[row["agreements"] for row in rows],
            text=[str(row["label"]) for row in rows],
            customdata=[row["active"] for row in rows],
            hovertemplate="%{text}: %{z}<br>" + _("active") + ": %{customdata}<extra></extra>",
            colorscale="Blues",
            marker_line_color="#ffffff",
            colorbar_title=_("agreements"),
        )
    )
    figure.update_layout(
        title=_("Agreements with partners abroad, by country"),
        height=460,
        margin={"l": 0, "r": 0, "t": 50, "b": 0},
        geo={"showframe": False, "showcoastlines": False, "projection_type": "natural earth"},
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
