"""The planning lists' filters, each declared once: its page reads it with `from_query`, its
API endpoint as `Query[...]`, its export with `from_params`, and its selector takes it
(qadam.common.filters, ADR 0007). A list's run or plan is in the page's and the API's path;
its export names it in a required field of the export's declaration. The scenarios and the
megaprojects take no filters (`NoFilters`)."""

from typing import Annotated

from pydantic import Field

from qadam.common.filters import Flag, Id, ListFilters


class SeatFilters(ListFilters):
    """A run's seats (its seat page, the API)."""

    region: Id | None = None
    specialty: Id | None = None
    institution: Annotated[Id | None, Field(description="a college")] = None
    changed: Annotated[Flag, Field(description="only the programs whose seats changed")] = False


class RunSeatFilters(SeatFilters):
    """The seats export: the run's seats with the seat page's filters."""

    run: Id


class PlanRowFilters(ListFilters):
    """A staffing plan's rows export (the plan's page lists them all)."""

    plan: Id
