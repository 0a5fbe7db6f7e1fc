"""The figures and tables of a run's results (planning:run_detail and the workspace).

Everything reads `AllocationRun.results` (results.summarise) and the names of its regions and
specialties (selectors.names). Figures are Plotly JSON for `Plotly.newPlot`; Plotly escapes
"<" and "/", so a specialty's name cannot close the page's <script>. Each figure comes with a
table of the same numbers, for screen readers and for exact values.

Parts: `figures` (colours, numbers, the Plotly frame), `projection` (demand, supply, gaps,
regions, megaprojects' pipelines), `allocation` (the seats, the mandate and the shadow prices)
and `plans` (a staffing plan's curves).
"""

from typing import Any

from qadam.planning.charts.allocation import allocation
from qadam.planning.charts.projection import demand, gap, labels, pipeline, regions, supply

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


def gap_table(results: dict[str, Any], names: dict[str, dict[int, Any]]) -> dict[str, Any]:
    """The gap section's table alone (the page fetches it when it is opened)."""
    return {"years": results["years"], "gap": gap(results, labels(results, names)["rows"])}
