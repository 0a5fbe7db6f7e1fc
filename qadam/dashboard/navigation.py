"""Dashboard's entries in the main menu: Home first; the audit log, Jobs and About last (the
order is settings.QADAM_NAVIGATION's)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem
from qadam.dashboard.audit_log import audit_log_readable


def home_items(user: User, scope: Scope) -> list[NavItem]:
    return [NavItem(_("Home"), reverse("dashboard:home"))]


def items(user: User, scope: Scope) -> list[NavItem]:
    audit = [NavItem(_("Audit log"), reverse("dashboard:audit_list"))]
    return [
        *(audit if audit_log_readable(user=user, scope=scope) else []),
        NavItem(_("Jobs"), reverse("dashboard:job_list")),
        NavItem(_("About"), reverse("dashboard:about")),
    ]
