"""The navigation each role sees."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.roles import Role
from qadam.accounts.selectors import Scope, user_scope
from qadam.common.selectors import audit_log_readable


def _operates_megaproject(user: object) -> bool:
    from qadam.planning.selectors import megaproject_list

    return megaproject_list(user=user).exists()  # type: ignore[arg-type]


def _pipeline_items(user: Any, scope: Scope) -> list[tuple[Any, str]]:
    """Placements, contracts, guidance and pupils: who takes part in what."""
    items = []
    # the roles that take part in placement rounds (see placements.selectors.round_list)
    if scope.national_aggregates or scope.sees_people or scope.role == Role.ENTERPRISE_HR:
        items.append((_("Placements"), reverse("placements:round_list")))
    if scope.sees_people or scope.role == Role.ENTERPRISE_HR:
        items.append((_("Contracts"), reverse("placements:contract_list")))
    # organisers and national roles follow events; everyone else may take the diagnostic
    if scope.national_aggregates or scope.role == Role.GUIDANCE_ORGANISER:
        items.append((_("Career guidance"), reverse("guidance:event_list")))
    else:
        items.append((_("Career guidance"), reverse("guidance:start")))
    if scope.role in (Role.SCHOOL_COUNSELLOR, Role.PARENT):
        items.append((_("Pupils"), reverse("guidance:pupil_list")))
    return items


def _system_items(user: Any, scope: Scope) -> list[tuple[Any, str]]:
    """Planning, partnerships and bulk import."""
    items = []
    # planners and analysts read scenarios; a megaproject's operator declares its plans
    if scope.national_aggregates:
        items.append((_("Planning"), reverse("planning:home")))
    elif scope.role == Role.ENTERPRISE_HR and _operates_megaproject(user):
        items.append((_("Planning"), reverse("planning:megaproject_list")))
    # partnerships: national roles, institutions and enterprises (agreements.scope)
    if scope.national_aggregates or scope.institution_ids or scope.role == Role.ENTERPRISE_HR:
        items.append((_("Partnerships"), reverse("agreements:register")))
    # bulk import: the ministry, and institutions for their own students and programs
    if scope.all_people or scope.institution_ids:
        items.append((_("Import"), reverse("imports:home")))
    if audit_log_readable(user=user, scope=scope):
        items.append((_("Audit log"), reverse("dashboard:audit_list")))
    return items


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = user_scope(user=user)
    items = [(_("Home"), reverse("dashboard:home"))]
    if scope.sees_people or scope.aggregates:
        items.append((_("Students"), reverse("registry:student_list")))
    items += [
        (_("Institutions"), reverse("registry:institution_list")),
        (_("Programs"), reverse("registry:program_list")),
        (_("Enterprises"), reverse("registry:enterprise_list")),
        (_("Specialties"), reverse("registry:specialty_list")),
    ]
    items += _pipeline_items(user, scope) + _system_items(user, scope)
    items += [
        (_("Jobs"), reverse("dashboard:job_list")),
        (_("About"), reverse("dashboard:about")),
    ]
    return {"nav_items": items, "user_scope": scope}
