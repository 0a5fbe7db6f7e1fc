"""`{% export_button "registry.students" query round=round.pk %}`: the "Export to XLSX" form
of a list, carrying the page's current filters (`query`) and the list's parent (`params`).

Put it inside the part of the page that htmx swaps when the filters change (the results
partial), so the form always carries the filters of the rows on screen.
"""

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("dashboard/partials/export_button.html", takes_context=True)
def export_button(
    context: template.Context, name: str, query: dict[str, Any] | None = None, **params: Any
) -> dict[str, Any]:
    label = params.pop("label", "")  # when a page has more than one list to export
    values = {**(query or {}), **params}
    return {
        "action": reverse("dashboard:export", kwargs={"name": name}),
        "name": name,
        "label": label,
        "fields": [(key, str(value)) for key, value in values.items() if value not in (None, "")],
        "csrf_token": context.get("csrf_token"),
    }
