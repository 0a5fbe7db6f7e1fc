"""Every list page exports to XLSX through one mechanism: a registry of named exporters.

An app registers its lists in its `exporters.py` (found by `CommonConfig.ready`):

    @exporter("registry.students", title=_("Students"), params={"q": TEXT, "region": ID})
    def students(user, params):
        return queryset_table(HEADER, student_list(user=user, filters=...), row)

An exporter reads through the same selector and the same filter parsing as its page, so the
file holds exactly the rows the page shows to that user, across all its pages. `params` are
the page's query-string values; `params_clean` refuses malformed ones (the page would drop
them and show everything; an export should not quietly do the same). An exporter raises
ObjectDoesNotExist when the list's parent (a round, a plan, a run) is out of the user's
sight, PermissionDenied when the user's role has no such list, ApplicationError when the list
cannot be exported now. `services.export_start` checks all this before it queues the job.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from qadam.common.errors import ApplicationError
from qadam.common.forms import positive_id

if TYPE_CHECKING:  # common sits below accounts: the user type only (see pyproject.toml)
    from qadam.accounts.models import User

MAX_TEXT = 100  # the longest search the list pages use
FLAG_VALUES = frozenset({"1", "0", "on", "off", "true", "false", "yes", "no"})
CHUNK = 2000


@dataclass(frozen=True)
class Param:
    """One accepted query-string value: an id, a small number, text, one of `choices`, a
    country (ISO 3166-1 alpha-2, any case) or a checkbox (`flag`); `required` ones name the
    list's parent (a round, a plan)."""

    kind: str
    choices: frozenset[str] = frozenset()
    required: bool = False


ID = Param("id")
REQUIRED_ID = Param("id", required=True)
NUMBER = Param("number")
TEXT = Param("text")
COUNTRY = Param("country")
FLAG = Param("flag")


def choice(values: Iterable[str]) -> Param:
    return Param("choice", frozenset(values))


@dataclass(frozen=True)
class Table:
    """One list as a spreadsheet: column titles, rows streamed when the file is written
    (never at the request), and how many there are (for the progress bar)."""

    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    total: Callable[[], int]
    title: str = ""


Builder = Callable[["User", dict[str, str]], Table]


@dataclass(frozen=True)
class Exporter:
    name: str
    title: Any  # a lazy translation
    build: Builder
    params: Mapping[str, Param] = field(default_factory=dict)


class UnknownExport(LookupError):
    """No list of that name."""


class ExportParamError(ApplicationError):
    """A query-string value the list's page would not accept as a filter."""


_EXPORTERS: dict[str, Exporter] = {}


def exporter(
    name: str, *, title: Any, params: Mapping[str, Param] | None = None
) -> Callable[[Builder], Builder]:
    """Register the decorated function as the exporter of the list `name`."""

    def register(build: Builder) -> Builder:
        known = _EXPORTERS.get(name)
        if known is not None and known.build.__qualname__ != build.__qualname__:
            raise ImproperlyConfigured(f"Two exporters are named {name!r}.")
        _EXPORTERS[name] = Exporter(name=name, title=title, build=build, params=params or {})
        return build

    return register


def exporter_get(name: str) -> Exporter:
    try:
        return _EXPORTERS[name]
    except KeyError:
        raise UnknownExport(name) from None


def exporter_names() -> list[str]:
    return sorted(_EXPORTERS)


def _valid(param: Param, value: str) -> bool:
    if param.kind == "id":
        return positive_id(value) is not None
    if param.kind == "number":
        return value.isascii() and value.isdigit() and len(value) <= 4
    if param.kind == "choice":
        return value in param.choices
    if param.kind == "flag":
        return value.lower() in FLAG_VALUES
    if param.kind == "country":
        return len(value) == 2 and value.isascii() and value.isalpha()
    # text: what the database can store and the pages search by
    return len(value) <= MAX_TEXT and "\x00" not in value


def params_clean(exporter: Exporter, raw: Mapping[str, Any]) -> dict[str, str]:
    """The exporter's params from `raw` (a POST or a job's stored params), stripped; values
    it does not know (the CSRF token, the page number) are left out. ExportParamError names
    a malformed or missing one."""
    clean: dict[str, str] = {}
    for name, param in exporter.params.items():
        value = str(raw.get(name, "") or "").strip()
        if not value:
            if param.required:
                raise ExportParamError(_("The list needs “%(name)s”.") % {"name": name})
            continue
        if not _valid(param, value):
            raise ExportParamError(
                _("“%(value)s” is not a valid “%(name)s”.") % {"value": value[:40], "name": name}
            )
        clean[name] = value
    return clean


def table_build(*, name: str, user: "User", params: Mapping[str, Any]) -> tuple[Exporter, Table]:
    """The list `name` as `user` sees it with `params`; raises what the exporter raises."""
    found = exporter_get(name)
    return found, found.build(user, params_clean(found, params))


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
