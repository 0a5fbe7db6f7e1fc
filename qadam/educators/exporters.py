"""The shares upskilled as XLSX (qadam.common.exports), through the page's selector and filter
declaration; the educators' list is exported in its import's columns (qadam.imports)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.common.exports import Table, exporter, list_table
from qadam.educators import policies, selectors
from qadam.educators.filters import ShareFilters
from qadam.educators.selectors import ShareRow

SHARES_HEADER = (_lazy("group"), _lazy("educators"), _lazy("upskilled"), _lazy("share, %"))


@exporter("educators.shares", title=_lazy("Educators upskilled"), filters=ShareFilters)
def shares(user: User, filters: ShareFilters) -> Table:
    if not policies.may_read_shares(user):
        raise PermissionDenied

    def row(item: ShareRow) -> tuple[object, ...]:
        return (item.label, item.educators, item.upskilled, item.share)

    return list_table(
        SHARES_HEADER, lambda: selectors.upskilling_shares(user=user, filters=filters), row
    )
