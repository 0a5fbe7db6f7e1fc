"""A name in the reader's language. A translatable field keeps its Russian text in the field
itself (`name`, `title`) and the other languages beside it (`name_kk`, `name_en`); the
registry's reference names keep all three as `name_kk`/`name_ru`/`name_en`. Either way a
blank variant falls back ru -> en -> kk, so no page shows an empty name (ADR 0010)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# an export's columns of the three variants, in LANGUAGES' order
HEADERS = {
    "name": (_("name (Kazakh)"), _("name (Russian)"), _("name (English)")),
    "title": (_("title (Kazakh)"), _("title (Russian)"), _("title (English)")),
}

LANGUAGES = ("kk", "ru", "en")
FALLBACK = ("ru", "en", "kk")


def _get(obj: Any, attribute: str) -> str:
    value = obj.get(attribute) if isinstance(obj, Mapping) else getattr(obj, attribute, None)
    return "" if value is None else str(value)


def _has(obj: Any, attribute: str) -> bool:
    return attribute in obj if isinstance(obj, Mapping) else hasattr(obj, attribute)


def variants(obj: Any, field: str = "name") -> dict[str, str]:
    """The field's text in each language, blank where none was entered."""
    russian = f"{field}_ru" if _has(obj, f"{field}_ru") else field
    return {
        "kk": _get(obj, f"{field}_kk"),
        "ru": _get(obj, russian),
        "en": _get(obj, f"{field}_en"),
    }


def localized(obj: Any, field: str = "name", language: str | None = None) -> str:
    """`obj`'s `field` in `language` (the active one by default), else ru, en, kk."""
    if obj is None:
        return ""
    texts = variants(obj, field)
    wanted = (language or get_language() or "ru")[:2]
    for code in (wanted, *FALLBACK):
        if texts.get(code):
            return texts[code]
    return ""


def variant_cells(obj: Any, field: str = "name") -> tuple[str, ...]:
    """The three variants as an export's cells, under HEADERS[field]."""
    texts = variants(obj, field)
    return tuple(texts[code] for code in LANGUAGES)
