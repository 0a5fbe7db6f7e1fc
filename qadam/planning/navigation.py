"""Workforce planning in the main menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem
from qadam.planning.selectors import megaproject_list


def items(user: User, scope: Scope) -> list[NavItem]:
    # planners and analysts read scenarios; a megaproject's operator declares its plans
    if scope.national_aggregates:
        return [NavItem(_("Planning"), reverse("planning:home"))]
    if scope.role == Role.ENTERPRISE_HR and megaproject_list(user=user).exists():
        return [NavItem(_("Planning"), reverse("planning:megaproject_list"))]
    return []
