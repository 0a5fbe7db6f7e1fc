"""The educators' lists' filters, declared once: the page (`from_query`), the API
(`Query[...]`), the export (`from_params`) and the selectors read them (ADR 0007)."""

from typing import Annotated

from qadam.common.filters import Id, ListFilters, Search, YesNo, one_of
from qadam.educators.choices import ShareGrouping, UpskillingStatus
from qadam.registry.choices import QualificationCategory


class EducatorListFilters(ListFilters):
    q: Search = ""  # an IIN prefix (digits) or the start of a surname
    region: Id | None = None
    institution: Id | None = None
    category: Annotated[str, one_of(QualificationCategory.values)] = ""
    status: Annotated[str, one_of(UpskillingStatus.values)] = ""
    foreign_manager: YesNo = None


class ShareFilters(ListFilters):
    """The shares upskilled: by what, and within which region."""

    by: Annotated[str, one_of(ShareGrouping.values)] = ShareGrouping.REGION.value
    region: Id | None = None
