"""What every app's forms and parsers share."""

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1  # larger ids overflow the database's integer: refuse them, not a 500


def positive_id(raw: object) -> int | None:
    """An id from a query string or form: ASCII digits within the database's range, else None."""
    text = str(raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID else None


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError beside the fields it names (else above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def search_text(value: object, limit: int = 100) -> str:
    """A search box's text: trimmed, capped, and without control characters (PostgreSQL
    refuses a NUL in a query parameter, which would otherwise be a 500)."""
    text = "" if value is None else str(value)
    return "".join(ch for ch in text if ch.isprintable()).strip()[:limit]
