"""The joint programmes in the main menu: national roles, and the institutions that take part
in one (scope.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope
from qadam.common.navigation import NavItem
from qadam.joint.models import Participant


def items(user: User, scope: Scope) -> list[NavItem]:
    takes_part = bool(scope.institution_ids) and (
        Participant.objects.filter(institution_id__in=scope.institution_ids).exists()
    )
    if scope.national_aggregates or takes_part:
        return [NavItem(_("Joint KZ–RU programme"), reverse("joint:programme_list"))]
    return []
