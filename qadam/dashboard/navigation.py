"""Dashboard's entries in the main menu: Home first; the audit log, Jobs and About last (the
order is settings.QADAM_NAVIGATION's)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem
from qadam.dashboard import policies


def home_items(user: User, scope: Scope) -> list[NavItem]:
    # the ministry's first question, "are we on target?", right after Home
    national = [NavItem(_("National targets"), reverse("dashboard:kpis"))]
    return [
        NavItem(_("Home"), reverse("dashboard:home")),
        *(national if policies.may_read_national_kpis(user, scope) else []),
    ]


def items(user: User, scope: Scope) -> list[NavItem]:
    audit = [NavItem(_("Audit log"), reverse("dashboard:audit_list"))]
    return [
        *(audit if policies.may_read_audit_log(user, scope) else []),
        NavItem(_("Jobs"), reverse("dashboard:job_list")),
        NavItem(_("About"), reverse("dashboard:about")),
    ]
