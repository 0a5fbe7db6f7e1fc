"""Server-side pagination for list pages, shared by every app."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int | None = None) -> Page:
    """The requested page (clamped to the last one) of `queryset`.

    Deep pages would make the database join every skipped row; so the page's ids are found
    first (an index-only scan) and only those rows are then loaded with their relations.
    """
    ids = queryset.values_list("pk", flat=True)
    paginator = Paginator(ids, per_page or settings.QADAM_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page_ids = list(page.object_list)
    rows = {row.pk: row for row in queryset.filter(pk__in=page_ids)}
    page.object_list = [rows[pk] for pk in page_ids if pk in rows]
    return page


def list_template(request: HttpRequest, page_template: str, partial_template: str) -> str:
    """htmx asks for the results table only; a normal visit gets the whole page."""
    is_htmx = bool(getattr(request, "htmx", False)) and not request.headers.get("HX-Boosted")
    return partial_template if is_htmx else page_template
