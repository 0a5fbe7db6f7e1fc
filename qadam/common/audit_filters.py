"""The audit log's filters, parsed once from a query string for the page and its export.

The page drops a malformed value (as every list page does: a bad filter shows more, never a
500); the export refuses it, naming the field (`AuditFilters.parse` returns both).
"""

import re
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from qadam.common.forms import positive_id, search_text
from qadam.common.models import AuditEntry

MAX_USERNAME = 100  # the longest search a list page takes (exports.MAX_TEXT)
# "registry.Student": an app label and a model name, as AuditEntry.model holds them
RECORD_TYPE = re.compile(r"[a-z][a-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ACTIONS = frozenset(AuditEntry.Action.values)


@dataclass(frozen=True)
class AuditFilters:
    record_type: str = ""
    record_id: int | None = None
    actor: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None  # inclusive: the whole day

    @classmethod
    def parse(cls, query: Any) -> tuple["AuditFilters", list[str]]:
        """The filters of `query` (a QueryDict or a mapping) and the names of the values that
        were malformed, and so left out."""
        values: dict[str, Any] = {}
        malformed: list[str] = []
        for field in fields(cls):
            raw = str(query.get(field.name, "") or "").strip()
            if not raw:
                continue
            value = _PARSERS[field.name](raw)
            if value is None:
                malformed.append(field.name)
            else:
                values[field.name] = value
        return cls(**values), malformed

    @classmethod
    def from_query(cls, query: Any) -> "AuditFilters":
        return cls.parse(query)[0]

    def as_query(self) -> dict[str, str]:
        return {
            field.name: value.isoformat() if isinstance(value, date) else str(value)
            for field in fields(self)
            if (value := getattr(self, field.name)) not in ("", None)
        }

    def since(self) -> datetime | None:
        """The first instant of `date_from` in the site's time zone."""
        return _day_start(self.date_from) if self.date_from else None

    def before(self) -> datetime | None:
        """The first instant after `date_to`."""
        if self.date_to is None or self.date_to == date.max:
            return None
        return _day_start(self.date_to + timedelta(days=1))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _record_type(raw: str) -> str | None:
    return raw if len(raw) <= 64 and RECORD_TYPE.fullmatch(raw) else None


def _actor(raw: str) -> str | None:
    text = search_text(raw, limit=MAX_USERNAME + 1)
    return text if text == raw and len(text) <= MAX_USERNAME else None


def _action(raw: str) -> str | None:
    return raw if raw in ACTIONS else None


def _date(raw: str) -> date | None:
    """A YYYY-MM-DD date (what a date input sends) whose day the database can bound."""
    if not ISO_DATE.fullmatch(raw):
        return None
    try:
        day = date.fromisoformat(raw)
        _day_start(day).astimezone(UTC)  # the first days of year 1 underflow
    except (ValueError, OverflowError):
        return None
    return day


_PARSERS = {
    "record_type": _record_type,
    "record_id": positive_id,
    "actor": _actor,
    "action": _action,
    "date_from": _date,
    "date_to": _date,
}
