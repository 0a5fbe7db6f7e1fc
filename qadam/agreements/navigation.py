"""Partnerships in the main menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem


def items(user: User, scope: Scope) -> list[NavItem]:
    # national roles, institutions and enterprises (see scope.py)
    if scope.national_aggregates or scope.institution_ids or scope.role == Role.ENTERPRISE_HR:
        return [NavItem(_("Partnerships"), reverse("agreements:register"))]
    return []
