"""Lists in the reader's alphabetical order: Kazakh and Russian letters in their alphabets'
order (a database's collation differs between SQLite and PostgreSQL and knows no Kazakh), and
numbers in names by value, so "№2" comes before "№10"."""

import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db.models import Case, IntegerField, Model, QuerySet, Value, When
from django.utils.translation import get_language

from qadam.common.localized import localized

ALPHABETS = {
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}
_PARTS = re.compile(r"(\d+)")
M = TypeVar("M", bound=Model)


def sort_key(text: str, language: str | None = None) -> tuple[Any, ...]:
    """A key that orders `text` as a reader of `language` expects (case-insensitive)."""
    alphabet = ALPHABETS.get((language or get_language() or "ru")[:2], "")
    key: list[Any] = []
    for i, part in enumerate(_PARTS.split(text.casefold())):
        if i % 2:  # a run of digits
            key.append((1, int(part)))
        else:
            key.append((0, tuple(_letter(c, alphabet) for c in part)))
    return tuple(key)


def _letter(char: str, alphabet: str) -> int:
    position = alphabet.find(char)
    # the reader's own letters first, then the others by code point (Latin after Cyrillic)
    return position if position >= 0 else len(alphabet) + ord(char)


def sorted_by_name(items: Iterable[Any], attr: str = "name") -> list[Any]:
    language = get_language()
    return sorted(items, key=lambda item: sort_key(localized(item, attr), language))


def in_reader_order(queryset: QuerySet[M], attr: str = "name") -> QuerySet[M]:
    """`queryset` ordered by `attr` in the active language (for short lists: dropdowns)."""
    ordered: Sequence[Any] = sorted_by_name(queryset, attr)
    if not ordered:
        return queryset
    position = Case(
        *(When(pk=item.pk, then=Value(i)) for i, item in enumerate(ordered)),
        output_field=IntegerField(),
    )
    return queryset.order_by(position)
