"""Every list page exports to XLSX through one mechanism: a registry of named exporters.

An app registers its lists in its `exporters.py` (found by `CommonConfig.ready`), each with
the list's one filter declaration (qadam.common.filters, ADR 0007):

    @exporter("registry.students", title=_("Students"), filters=StudentFilters)
    def students(user: User, filters: StudentFilters) -> Table:
        return queryset_table(HEADER, student_list(user=user, filters=filters), row)

An exporter reads through the same selector and the same filter declaration as its page, so
the file holds exactly the rows the page shows to that user, across all its pages. The
page's query-string values are read with `filters.from_params`, which refuses a malformed one
naming it (the page would drop it and show everything; an export should not quietly do the
same); the job keeps them as `as_query()` gives them. A list without filters registers
`filters=NoFilters`. An exporter raises ObjectDoesNotExist when the list's parent (a round, a
plan, a run) is out of the user's sight, PermissionDenied when the user's role has no such
list, ApplicationError when the list cannot be exported now. `services.export_start` checks
all this before it queues the job.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from qadam.common.filters import ListFilters

if TYPE_CHECKING:  # common sits below accounts: the user type only (see pyproject.toml)
    from qadam.accounts.models import User

CHUNK = 2000


@dataclass(frozen=True)
class Table:
    """One list as a spreadsheet: column titles, rows streamed when the file is written
    (never at the request), and how many there are (for the progress bar)."""

    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    total: Callable[[], int]
    title: str = ""


# called with the list's filters, parsed by its declaration (a `ListFilters`)
Builder = Callable[["User", Any], Table]


@dataclass(frozen=True)
class Exporter:
    name: str
    title: Any  # a lazy translation
    build: Builder
    filters: type[ListFilters]

    def table(self, user: "User", raw: Mapping[str, Any]) -> Table:
        """The list as `user` sees it with the query-string values `raw`."""
        return self.build(user, self.filters.from_params(raw))


class UnknownExport(LookupError):
    """No list of that name."""


_EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str, *, title: Any, filters: type[ListFilters]) -> Callable[[Builder], Builder]:
    """Register the decorated function as the exporter of the list `name`, whose filters
    are declared by `filters` (its page's declaration; `NoFilters` for a list without)."""

    def register(build: Builder) -> Builder:
        known = _EXPORTERS.get(name)
        if known is not None and known.build.__qualname__ != build.__qualname__:
            raise ImproperlyConfigured(f"Two exporters are named {name!r}.")
        _EXPORTERS[name] = Exporter(name=name, title=title, build=build, filters=filters)
        return build

    return register


def exporter_get(name: str) -> Exporter:
    try:
        return _EXPORTERS[name]
    except KeyError:
        raise UnknownExport(name) from None


def exporter_names() -> list[str]:
    return sorted(_EXPORTERS)


def params_clean(exporter: Exporter, raw: Mapping[str, Any]) -> dict[str, str]:
    """The exporter's filters from `raw` (a POST or a job's stored params), as the job keeps
    them; values it does not know (the CSRF token, the page number) are left out. A malformed
    or missing one is refused, named (FilterError)."""
    return exporter.filters.from_params(raw).as_query()


def table_build(*, name: str, user: "User", params: Mapping[str, Any]) -> tuple[Exporter, Table]:
    """The list `name` as `user` sees it with `params`; raises what the exporter raises."""
    found = exporter_get(name)
    return found, found.table(user, params)


M = TypeVar("M", bound=Model)


def queryset_table(
    header: Sequence[Any],
    queryset: QuerySet[M],
    row: Callable[[M], Sequence[Any]],
    *,
    title: str = "",
) -> Table:
    """A list read from `queryset` in its own order, in chunks, when the file is written."""

    def rows() -> Iterable[Sequence[Any]]:
        for item in queryset.iterator(chunk_size=CHUNK):
            yield row(item)

    return Table(header=header, rows=rows(), total=queryset.count, title=title)


T = TypeVar("T")


def list_table(
    header: Sequence[Any],
    items: Callable[[], Sequence[T]],
    row: Callable[[T], Sequence[Any]],
    *,
    title: str = "",
) -> Table:
    """A list a selector returns whole (small lists, already in memory); read once."""
    cache: list[Sequence[T]] = []

    def read() -> Sequence[T]:
        if not cache:
            cache.append(items())
        return cache[0]

    def rows() -> Iterable[Sequence[Any]]:
        for item in read():
            yield row(item)

    return Table(header=header, rows=rows(), total=lambda: len(read()), title=title)


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")
