"""What every app's API schemas share: ids the database can hold."""

from typing import Annotated, Any

from ninja import Field, Schema

from qadam.common.audit import MAX_TEXT
from qadam.common.forms import MAX_ID
from qadam.common.localized import localized, variants

# An id in a request body: larger ones overflow the database's integer (a 500 on SQLite
# before), so they are a 422 naming the field.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# Free text in a request body (a description, the mentors' names): at most MAX_TEXT
# characters, the limit the audited save keeps for every free-text field.
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class LocalizedNameOut(Schema):
    """`name` in the request's language (falling back ru -> en -> kk) and its three variants
    (blank where none was entered); a request's `name` is the Russian one (ADR 0010)."""

    name: str
    name_kk: str
    name_ru: str
    name_en: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return localized(obj)

    @staticmethod
    def resolve_name_ru(obj: Any) -> str:
        return variants(obj)["ru"]


class LocalizedTitleOut(Schema):
    """`title` in the request's language and its three variants, as LocalizedNameOut."""

    title: str
    title_kk: str
    title_ru: str
    title_en: str

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return localized(obj, "title")

    @staticmethod
    def resolve_title_ru(obj: Any) -> str:
        return variants(obj, "title")["ru"]


# the other languages' names in a request (the Russian one is `name`/`title`): at most the
# columns' 200 characters
Variant = Annotated[str, Field(max_length=200)]
