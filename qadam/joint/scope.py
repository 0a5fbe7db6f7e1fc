"""What each role may read of joint programmes; every selector of the app starts here.

A programme (its participants, quotas and progress) is organisations' data: the ministry
and analysts read every programme, an institution's administrator those their institution
(or a branch) takes part in. Cohorts name students: the ministry reads every cohort, an
institution's administrator the cohorts their institution trains; analysts get counts only.
"""

from django.db.models import Exists, OuterRef, QuerySet

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.joint.models import Cohort, JointProgramme, Participant


def visible_programmes(*, user: User) -> QuerySet[JointProgramme]:
    scope = user_scope(user=user)
    if scope.national_aggregates:
        return JointProgramme.objects.all()
    if scope.institution_ids:
        takes_part = Participant.objects.filter(
            programme=OuterRef("pk"), institution_id__in=scope.institution_ids
        )
        return JointProgramme.objects.filter(Exists(takes_part))
    return JointProgramme.objects.none()


def visible_cohorts(*, user: User) -> QuerySet[Cohort]:
    """Cohorts with their students' names: never for analysts."""
    scope = user_scope(user=user)
    if scope.all_people:
        return Cohort.objects.all()
    if scope.institution_ids:
        return Cohort.objects.filter(institution_id__in=scope.institution_ids)
    return Cohort.objects.none()
