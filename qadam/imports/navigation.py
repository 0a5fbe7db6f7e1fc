"""Bulk import in the main menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem
from qadam.imports import policies


def items(user: User, scope: Scope) -> list[NavItem]:
    # the ministry, and institutions for their own students and programs
    if policies.importable_kinds(user):
        return [NavItem(_("Import"), reverse("imports:home"))]
    return []
