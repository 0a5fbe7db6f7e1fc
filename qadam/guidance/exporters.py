"""The guidance lists as XLSX (see qadam.common.exports): events, and the pupils' results a
counsellor, a parent or the pupil may open (no names: the page shows none). Neither page
filters, so neither export takes a filter (`NoFilters`)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.common.exports import Table, exporter, list_table, queryset_table
from qadam.common.filters import NoFilters
from qadam.guidance import selectors
from qadam.guidance.models import DiagnosticSession, GuidanceEvent


@exporter("guidance.events", title=_lazy("Career guidance events"), filters=NoFilters)
def events(user: User, filters: NoFilters) -> Table:
    header = (
        _lazy("event"),
        _lazy("kind"),
        _lazy("join code"),
        _lazy("starts on"),
        _lazy("ends on"),
        _lazy("region"),
        _lazy("pupils started"),
        _lazy("pupils finished"),
        _lazy("status"),
    )
    # the counts as the page shows them: an analyst's small ones "<5" (selectors.events)
    return list_table(header, lambda: selectors.event_list(user=user), _event_row)


def _event_row(e: GuidanceEvent) -> tuple[object, ...]:
    status = _lazy("open to pupils") if e.is_open else _lazy("closed to pupils")
    return (
        e.name,
        e.get_kind_display(),
        e.join_code,
        e.starts_on,
        e.ends_on,
        e.region.name if e.region else "",
        e.started,  # type: ignore[attr-defined]
        e.completed,  # type: ignore[attr-defined]
        status,
    )


@exporter("guidance.pupils", title=_lazy("Pupils' career interests"), filters=NoFilters)
def pupils(user: User, filters: NoFilters) -> Table:
    sessions = selectors.sessions_visible(user=user).select_related("top_specialty")
    header = (
        _lazy("completed on"),
        _lazy("Holland code"),
        _lazy("best fitting specialty"),
        _lazy("age"),
        _lazy("region"),
        _lazy("school"),
    )
    return queryset_table(header, sessions, _pupil_row)


def _pupil_row(s: DiagnosticSession) -> tuple[object, ...]:
    completed = timezone.localtime(s.completed_at).date() if s.completed_at else None
    return (
        completed,
        s.holland_code,
        s.top_specialty.name if s.top_specialty else "",
        s.age,
        s.region.name,
        s.school.name if s.school else "",
    )
