"""Pages read one record the same way: out of the user's sight is "not found"."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

T = TypeVar("T")


def get_or_404(selector: Callable[..., T], user: Any, **key: Any) -> T:
    """`selector(user=user, **key)`, or 404 when the record is missing or outside the user's
    scope (the two look the same, so a record's existence does not leak). The API needs no
    such wrapper: qadam.api maps ObjectDoesNotExist to 404 itself."""
    try:
        return selector(user=user, **key)
    except ObjectDoesNotExist:
        raise Http404 from None
