"""`{{ scenario|localized }}`, `{{ offer|localized:"title" }}`: a name in the reader's
language (a builtin: templates need no `{% load %}`)."""

from typing import Any

from django import template

from qadam.common.localized import localized as localized_text

register = template.Library()


@register.filter
def localized(obj: Any, field: str = "name") -> str:
    return localized_text(obj, field)
