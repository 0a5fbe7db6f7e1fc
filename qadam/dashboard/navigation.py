"""Dashboard's entries in the main menu: Home first, Jobs and About last (the order is
settings.QADAM_NAVIGATION's)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem


def home_items(user: User, scope: Scope) -> list[NavItem]:
    return [NavItem(_("Home"), reverse("dashboard:home"))]


def items(user: User, scope: Scope) -> list[NavItem]:
    return [
        NavItem(_("Jobs"), reverse("dashboard:job_list")),
        NavItem(_("About"), reverse("dashboard:about")),
    ]
