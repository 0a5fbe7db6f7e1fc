"""`{{ application_id|applicant_number }}`: the applicant number pages show (identity.py)."""

from django import template

from qadam.placements.identity import applicant_number as format_number

register = template.Library()


@register.filter
def applicant_number(application_id: int | None) -> str:
    return format_number(application_id) or "—"
