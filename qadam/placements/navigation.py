"""Placement rounds and training contracts in the main menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem


def items(user: User, scope: Scope) -> list[NavItem]:
    entries = []
    # the roles that take part in placement rounds (see selectors.round_list)
    if scope.national_aggregates or scope.sees_people or scope.role == Role.ENTERPRISE_HR:
        entries.append(NavItem(_("Placements"), reverse("placements:round_list")))
    if scope.sees_people or scope.role == Role.ENTERPRISE_HR:
        entries.append(NavItem(_("Contracts"), reverse("placements:contract_list")))
    return entries
