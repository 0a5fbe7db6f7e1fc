"""The joint programmes in the main menu: national roles and institutions (scope.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem


def items(user: User, scope: Scope) -> list[NavItem]:
    if scope.national_aggregates or scope.institution_ids:
        return [NavItem(_("Joint KZ–RU programme"), reverse("joint:programme_list"))]
    return []
