"""The learners' funnel in the main menu (a journey is reached from its student's page)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem


def items(user: User, scope: Scope) -> list[NavItem]:
    entries = []
    if scope.national_aggregates:
        entries.append(NavItem(_("Learner funnel"), reverse("learners:funnel")))
    if scope.student_id is not None:
        entries.append(
            NavItem(_("My journey"), reverse("learners:journey", args=[scope.student_id]))
        )
    return entries
