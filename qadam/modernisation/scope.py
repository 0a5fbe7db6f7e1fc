"""What each role may read of the modernisation; every selector starts here.

Projects and milestones: the ministry all, a college's administrator their own college's.
Equipment lines: those, and for an enterprise the lines it pays for. PPP investments are
organisations' records: the ministry and analysts all, an institution those in it, an
enterprise its own. Analysts otherwise read the national aggregates only.
"""

from django.db.models import QuerySet

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.modernisation.models import EquipmentLine, Investment, Milestone, Project


def visible_projects(*, user: User) -> QuerySet[Project]:
    scope = user_scope(user=user)
    if scope.all_people:
        return Project.objects.all()
    if scope.role == Role.COLLEGE_ADMIN and scope.institution_ids:
        return Project.objects.filter(college_id__in=scope.institution_ids)
    return Project.objects.none()


def visible_lines(*, user: User) -> QuerySet[EquipmentLine]:
    scope = user_scope(user=user)
    if scope.role == Role.ENTERPRISE_HR and user.enterprise_id:
        return EquipmentLine.objects.filter(investor_id=user.enterprise_id)
    return EquipmentLine.objects.filter(project__in=visible_projects(user=user))


def visible_milestones(*, user: User) -> QuerySet[Milestone]:
    return Milestone.objects.filter(project__in=visible_projects(user=user))


def visible_investments(*, user: User) -> QuerySet[Investment]:
    scope = user_scope(user=user)
    if scope.national_aggregates:
        return Investment.objects.all()
    if scope.institution_ids:
        return Investment.objects.filter(institution_id__in=scope.institution_ids)
    if scope.role == Role.ENTERPRISE_HR and user.enterprise_id:
        return Investment.objects.filter(investor_id=user.enterprise_id)
    return Investment.objects.none()
