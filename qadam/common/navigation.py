"""The main menu's entries. Each app declares its own in `navigation.items(user, scope)`;
dashboard assembles them in the order of `settings.QADAM_NAVIGATION`."""

from typing import Any, NamedTuple


class NavItem(NamedTuple):
    label: Any  # a lazy translation
    href: str
