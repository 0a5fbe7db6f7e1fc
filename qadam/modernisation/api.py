"""The modernisation's read-only endpoints: parse, call one selector, return. A project
outside the reader's scope is 404 (qadam/api.py maps the selector's DoesNotExist); the
national view is the ministry's and analysts' (403 for others)."""

from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.api_pagination import Pagination
from qadam.modernisation import selectors
from qadam.modernisation.schemas import (
    ModernisationProgrammeOut,
    ModernisationProjectDetailOut,
    ModernisationProjectOut,
    PppInvestmentOut,
)

router = Router(tags=["modernisation"])


@router.get("/programme", response=ModernisationProgrammeOut)
def programme(request: AuthenticatedHttpRequest) -> object:
    summary = selectors.programme_summary(user=request.user, today=timezone.localdate())
    return {
        "target": summary["target"],
        "colleges": summary["colleges"],
        "committed": summary["totals"]["committed"],
        "delivered": summary["totals"]["delivered"],
        "overdue": summary["overdue"],
        "by_source": [{**row, "label": str(row["label"])} for row in summary["by_source"]],
        "by_region": [{**row, "region": row["region"].iso_code} for row in summary["by_region"]],
    }


@router.get("/projects", response=list[ModernisationProjectOut])
@paginate(Pagination, page_size=50)
def list_projects(request: AuthenticatedHttpRequest) -> object:
    return selectors.project_list(user=request.user)


@router.get("/projects/{int:project_id}", response=ModernisationProjectDetailOut)
def project_detail(request: AuthenticatedHttpRequest, project_id: int) -> object:
    return selectors.project_get(user=request.user, project_id=project_id)


@router.get("/investments", response=list[PppInvestmentOut])
@paginate(Pagination, page_size=50)
def list_investments(request: AuthenticatedHttpRequest) -> object:
    return selectors.investment_list(user=request.user)
