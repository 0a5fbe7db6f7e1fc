"""Modernisation in the main menu: the national view for the ministry and analysts, a
college's own project for its administrator, the lines it pays for for an enterprise, the
PPP investments in a university for its administrator."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem


def items(user: User, scope: Scope) -> list[NavItem]:
    if scope.national_aggregates:
        return [NavItem(_("Modernisation"), reverse("modernisation:programme"))]
    if scope.role == Role.COLLEGE_ADMIN:
        return [NavItem(_("Modernisation"), reverse("modernisation:project_list"))]
    if scope.role == Role.ENTERPRISE_HR:
        return [NavItem(_("Modernisation"), reverse("modernisation:line_list"))]
    if scope.role == Role.UNIVERSITY_ADMIN:  # PPP investments in its material base
        return [NavItem(_("Modernisation"), reverse("modernisation:investment_list"))]
    return []
