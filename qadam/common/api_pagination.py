"""The API's one pagination: ninja's page numbers, bounded so that no page's offset can
overflow the database's integer (a huge `page` was a 500: SQLite "datatype mismatch",
PostgreSQL "bigint out of range"); beyond the bound it is a 422 naming `page`."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# no list comes near a billion pages; page x page size stays far inside a signed 64-bit offset
MAX_PAGE = 10**9
MAX_PAGE_SIZE = 1000


class Pagination(PageNumberPagination):
    """PageNumberPagination whose `page` and `page_size` the database can always take."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)
