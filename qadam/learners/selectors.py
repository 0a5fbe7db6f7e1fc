"""Reads of the learner's record, scoped: who may read a student's journey, and the journey.

The student reads their own; a parent the child whose diagnostic they follow, once it is
tied to the child's student record; the student's institution's administrator; the
ministry. Everyone else (analysts, enterprises, other colleges) gets "not found": an
analyst reads only the funnel's counts (funnel.py). A parent's timeline leaves out the
pension extract's months (ADR 0011). After this one scoped read, the
journey asks each app for the student's records (journey.py).
"""

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.guidance.selectors import journey_visible
from qadam.learners.journey import Event, journey_events
from qadam.registry.models import Student


def journey_student_get(*, user: User, student_id: int) -> Student:
    """The student whose journey `user` may read; Student.DoesNotExist for anyone else's
    (no existence leak)."""
    if not journey_visible(user=user, student_id=student_id):  # the one rule, guidance's
        raise Student.DoesNotExist
    return Student.objects.select_related("institution", "region", "program__specialty").get(
        pk=student_id
    )


def journey_get(*, user: User, student_id: int) -> tuple[Student, list[Event]]:
    """The student and their timeline, oldest first."""
    student = journey_student_get(user=user, student_id=student_id)
    scope = user_scope(user=user)
    # a student and a parent see a round once it is published, as on the round's page
    published_only = not (scope.all_people or scope.institution_ids)
    # the pension extract's months (employer, month by month) are the student's, their
    # institution's and the ministry's; a parent follows the path, not the pay record
    return student, journey_events(
        student, published_only=published_only, pension_evidence=scope.sees_people
    )


def may_link_diagnostics(*, user: User, student: Student) -> bool:
    """The college (or the ministry) links the diagnostics a pupil shared by IIN."""
    scope = user_scope(user=user)
    return scope.all_people or student.institution_id in scope.institution_ids
