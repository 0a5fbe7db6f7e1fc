"""The registry's entries in the main menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem


def items(user: User, scope: Scope) -> list[NavItem]:
    entries = []
    if scope.sees_people or scope.aggregates:
        entries.append(NavItem(_("Students"), reverse("registry:student_list")))
    return [
        *entries,
        NavItem(_("Institutions"), reverse("registry:institution_list")),
        NavItem(_("Programs"), reverse("registry:program_list")),
        NavItem(_("Enterprises"), reverse("registry:enterprise_list")),
        NavItem(_("Specialties"), reverse("registry:specialty_list")),
    ]
