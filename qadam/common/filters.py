"""One filter declaration per list, read by its page, its API and its export (ADR 0007).

A list declares its filters once, as a `ListFilters` subclass (ninja's FilterSchema, so the
API documents and validates them):

    class StudentFilters(ListFilters):
        q: Search = ""
        region: Id | None = None
        funding: Annotated[str, one_of(Funding.values)] = ""

- the API takes it as `filters: Query[StudentFilters]`: a malformed value is a 422 naming it;
- the page reads `StudentFilters.from_query(request.GET)`: a malformed value is dropped, so a
  bad filter shows everything rather than an error page;
- the export reads `StudentFilters.from_params(values)`: a malformed value is refused with a
  message naming it (an export should not quietly hold every row instead);
- the selector takes the object and filters with its attributes.

A list's parent that the page and the API have in their path (a round, a plan) is a required
field of the export's declaration, a subclass of the list's (`class RoundOfferFilters(
OfferFilters): round: Id`). A list without filters exports with `NoFilters`.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Self

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import FilterSchema
from ninja.filter_schema import FilterConfigDict
from pydantic import (
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from qadam.common.errors import ApplicationError
from qadam.common.forms import MAX_ID, search_text

MAX_TEXT = 100  # the longest search the list pages use
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YES = frozenset({"1", "on", "true", "yes"})
NO = frozenset({"0", "off", "false", "no"})


class FilterError(ApplicationError):
    """A filter value the list does not accept; the message names it."""


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _search(value: Any) -> str:
    """Search text: trimmed, capped, control characters dropped (never an error)."""
    return search_text(value, MAX_TEXT)


def _country(value: Any) -> str:
    code = str(value or "").strip().upper()
    if code and not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise ValueError("not a two-letter country code")
    return code


def _flag(value: Any) -> Any:
    text = str(value).strip().lower() if value is not None else ""
    if text in YES:
        return True
    if text in NO or text == "":
        return False
    raise ValueError("not yes or no")


def _yes_no(value: Any) -> Any:
    """Yes, no, or (blank) either: a select of all / yes / no."""
    value = _blank_is_none(value)
    return None if value is None else _flag(value)


def _digits(value: Any) -> Any:
    """Query-string ids are ASCII digits only ("+1", "1_000", "١" are not ids)."""
    value = _blank_is_none(value)
    if isinstance(value, str) and not (value.strip().isascii() and value.strip().isdigit()):
        raise ValueError("not a whole number")
    return value


def _day(value: Any) -> Any:
    """A YYYY-MM-DD date (what a date input sends, whatever the page's language) whose day
    the database can bound in the site's time zone (the first days of year 1 underflow)."""
    value = _blank_is_none(value)
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not ISO_DATE.fullmatch(text):
        raise ValueError("not a YYYY-MM-DD date")
    day = date.fromisoformat(text)  # ValueError for 2025-02-30
    try:
        timezone.make_aware(datetime.combine(day, time.min)).astimezone(UTC)
    except OverflowError:
        raise ValueError("beyond the dates the database keeps") from None
    return day


class _OneOf:
    """A string validator that also lists the choices in the API's schema (an enum)."""

    def __init__(self, values: Iterable[str]) -> None:
        if isinstance(values, set | frozenset):
            values = sorted(values)  # the schema's enum in a stable order
        self.values = tuple(dict.fromkeys(str(value) for value in values))
        self.allowed = frozenset(self.values)

    def check(self, value: str) -> str:
        if value and value not in self.allowed:
            raise ValueError("not one of the list's choices")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["enum"] = ["", *self.values]  # "" (or leaving it out) is no filter
        return json_schema


def one_of(values: Iterable[str]) -> _OneOf:
    """A choice among `values` ("" means no filter)."""
    return _OneOf(values)


Id = Annotated[int, BeforeValidator(_digits), Field(gt=0, le=MAX_ID)]
SmallNumber = Annotated[int, BeforeValidator(_digits), Field(ge=0, le=9999)]
Search = Annotated[str, BeforeValidator(_search)]
Country = Annotated[str, BeforeValidator(_country)]
Flag = Annotated[bool, BeforeValidator(_flag)]  # a checkbox: unticked is no filter
YesNo = Annotated[bool | None, BeforeValidator(_yes_no)]  # all (None), only yes, only no
Day = Annotated[date, BeforeValidator(_day)]


class ListFilters(FilterSchema):
    """A list's filters: the page, the API and the export all read this one declaration."""

    model_config = FilterConfigDict(extra="ignore", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_no_filter(cls, value: Any, info: ValidationInfo) -> Any:
        """`?region=` is no filter, in the API as on the page (not "not an integer")."""
        if isinstance(value, str) and not value.strip() and info.field_name:
            field = cls.model_fields[info.field_name]
            if not field.is_required():
                return field.get_default(call_default_factory=True)
        return value

    @classmethod
    def _raw(cls, query: Mapping[str, Any]) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        for name in cls.model_fields:
            value = query.get(name)
            if value is None:
                continue
            text = str(value).strip()
            if text:
                raw[name] = text
        return raw

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> Self:
        """A page's filters: malformed values are dropped, the rest apply."""
        raw = cls._raw(query)
        while True:
            try:
                return cls.model_validate(raw)
            except ValidationError as error:
                bad = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
                if not bad & set(raw):
                    raise  # a required filter is missing: the caller's problem, not the user's
                raw = {name: value for name, value in raw.items() if name not in bad}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """An export's filters: a malformed or missing value is refused, naming it."""
        raw = cls._raw(params)
        try:
            return cls.model_validate(raw)
        except ValidationError as error:
            first = error.errors()[0]
            name = str(first["loc"][0]) if first["loc"] else ""
            if name not in raw:
                raise FilterError(_("The list needs “%(name)s”.") % {"name": name}) from None
            value = str(raw[name])[:40]
            raise FilterError(
                _("“%(value)s” is not a valid “%(name)s”.") % {"value": value, "name": name}
            ) from None

    def as_query(self) -> dict[str, str]:
        """The filters set, as query-string values (the pager's links, the export's job)."""
        query: dict[str, str] = {}
        for name, value in self.model_dump().items():
            if value in ("", None) or (value is False and not _keeps_no(type(self), name)):
                continue
            if isinstance(value, bool):
                value = "1" if value else "0"
            query[name] = str(value)
        return query


def _keeps_no(filters: type[ListFilters], name: str) -> bool:
    """A `YesNo` filter's "no" filters (its default, None, does not); a `Flag`'s does not."""
    return filters.model_fields[name].default is None


class NoFilters(ListFilters):
    """A list that takes no filters (its export's declaration)."""
