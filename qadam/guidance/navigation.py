"""Career guidance in the main menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem


def items(user: User, scope: Scope) -> list[NavItem]:
    # organisers and national roles follow events; everyone else may take the diagnostic
    if scope.national_aggregates or scope.role == Role.GUIDANCE_ORGANISER:
        entries = [NavItem(_("Career guidance"), reverse("guidance:event_list"))]
    else:
        entries = [NavItem(_("Career guidance"), reverse("guidance:start"))]
    if scope.role in (Role.SCHOOL_COUNSELLOR, Role.PARENT):
        entries.append(NavItem(_("Pupils"), reverse("guidance:pupil_list")))
    return entries
