"""Educators in the main menu: their list (the ministry, an institution's administrator) or
the shares upskilled (analysts)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem


def items(user: User, scope: Scope) -> list[NavItem]:
    if scope.all_people or scope.institution_ids:
        return [NavItem(_("Educators"), reverse("educators:educator_list"))]
    if scope.national_aggregates:
        return [NavItem(_("Educators upskilled"), reverse("educators:shares"))]
    return []
