"""Server-side pagination for list pages, shared by every app."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int | None = None) -> Page:
    """The requested page (clamped to the last one) of `queryset`."""
    paginator = Paginator(queryset, per_page or settings.QADAM_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def list_template(request: HttpRequest, page_template: str, partial_template: str) -> str:
    """htmx asks for the results table only; a normal visit gets the whole page."""
    is_htmx = bool(getattr(request, "htmx", False)) and not request.headers.get("HX-Boosted")
    return partial_template if is_htmx else page_template
