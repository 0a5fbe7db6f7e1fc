"""The national dashboard's endpoint: every indicator's target beside its actual."""

from typing import Any

from ninja import Router

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.dashboard.schemas import KpiOut
from qadam.dashboard.selectors_kpis import kpi_board

router = Router(tags=["dashboard"])


@router.get("/kpis", response=list[KpiOut])
def kpis(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """Every published target with its actual, source and date, and the 20 regions' actuals
    (the ministry and analysts; 404 for anyone else). Analysts see a count from 1 to 4 as
    "<5"."""
    return kpi_board(user=request.user).kpis
