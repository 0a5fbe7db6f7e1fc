"""The main menu, assembled from what each app declares (settings.QADAM_NAVIGATION)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope, user_scope
from qadam.common.navigation import NavItem

Entries = Callable[[User, Scope], list[NavItem]]


def _declared() -> list[Entries]:
    return [import_string(path) for path in settings.QADAM_NAVIGATION]


def navigation(request: HttpRequest) -> dict[str, object]:
    """Context processor: the signed-in user's menu (`nav_items`) and scope (`user_scope`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = user_scope(user=user)
    return {
        "nav_items": [item for entries in _declared() for item in entries(user, scope)],
        "user_scope": scope,
    }
