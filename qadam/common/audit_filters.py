"""The audit log's filters, declared once (qadam.common.filters): the page drops a malformed
value (as every list page does: a bad filter shows more, never a 500); the export refuses it,
naming the field."""

import re
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from django.utils import timezone
from pydantic import BeforeValidator

from qadam.common.filters import Day, Id, ListFilters, one_of
from qadam.common.forms import search_text
from qadam.common.models import AuditEntry

MAX_USERNAME = 100  # the longest search a list page takes (filters.MAX_TEXT)
# "registry.Student": an app label and a model name, as AuditEntry.model holds them
RECORD_TYPE = re.compile(r"[a-z][a-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*")


def _record_type(value: Any) -> str:
    text = str(value or "").strip()
    if text and not (len(text) <= 64 and RECORD_TYPE.fullmatch(text)):
        raise ValueError("not a record type such as registry.Student")
    return text


def _username(value: Any) -> str:
    """A username, matched whole: cleaning it would search for someone else, so a control
    character or an overlong one is malformed rather than trimmed."""
    text = str(value or "").strip()
    if search_text(text, limit=MAX_USERNAME + 1) != text or len(text) > MAX_USERNAME:
        raise ValueError("not a username")
    return text


class AuditFilters(ListFilters):
    record_type: Annotated[str, BeforeValidator(_record_type)] = ""
    record_id: Id | None = None
    actor: Annotated[str, BeforeValidator(_username)] = ""
    action: Annotated[str, one_of(AuditEntry.Action.values)] = ""
    date_from: Day | None = None
    date_to: Day | None = None  # inclusive: the whole day

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
