"""Filter values for the registry lists, parsed once from a query string or API call."""

from dataclasses import dataclass, fields
from typing import Any

from django.http import QueryDict

from qadam.common.forms import positive_id, search_text

INTEGER_FIELDS = {"region", "specialty", "institution", "year_of_study"}


@dataclass(frozen=True)
class RegistryFilters:
    q: str = ""
    region: int | None = None
    specialty: int | None = None
    institution: int | None = None
    funding: str = ""
    status: str = ""
    kind: str = ""
    sector: str = ""
    year_of_study: int | None = None

    @classmethod
    def from_query(cls, query: QueryDict | dict[str, Any]) -> "RegistryFilters":
        """Unknown or malformed values are dropped: a bad filter shows everything, not a 500."""
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = str(query.get(field.name, "") or "").strip()
            if not raw:
                continue
            if field.name in INTEGER_FIELDS:
                # ASCII digits within the database's integer range, or dropped
                number = 0 if raw == "0" else positive_id(raw)
                if number is not None:
                    values[field.name] = number
            else:
                values[field.name] = search_text(raw)
        return cls(**values)

    def as_query(self) -> dict[str, str]:
        return {
            field.name: str(getattr(self, field.name))
            for field in fields(self)
            if getattr(self, field.name) not in ("", None)
        }
