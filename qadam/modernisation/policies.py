"""Who may do what with the colleges' modernisation; read by the selectors and views (to
show or hide an action) and enforced by the services.

The ministry plans and changes every project and records every PPP investment. A college's
administrator plans and reports on their own college's project. A patron or investor (an
enterprise's HR) records the arrival of the lines it pays for. Analysts read aggregates only.
"""

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.modernisation.models import EquipmentLine, Project


def may_read_programme(user: User) -> bool:
    """The national view: the ministry and analysts."""
    return user_scope(user=user).national_aggregates


def may_record_investment(user: User) -> bool:
    return user_scope(user=user).all_people


def may_plan_project(user: User, project: Project) -> bool:
    """Add workshops, lines and milestones; report a milestone done."""
    scope = user_scope(user=user)
    return scope.all_people or (
        scope.role == Role.COLLEGE_ADMIN and project.college_id in scope.institution_ids
    )


def may_deliver_line(user: User, line: EquipmentLine) -> bool:
    """The ministry, the college's administrator, or the enterprise paying for the line."""
    scope = user_scope(user=user)
    if scope.all_people:
        return True
    if scope.role == Role.ENTERPRISE_HR:
        return bool(user.enterprise_id) and line.investor_id == user.enterprise_id
    return scope.role == Role.COLLEGE_ADMIN and line.project.college_id in scope.institution_ids
