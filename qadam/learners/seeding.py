"""The demo student's journey: one of the festival's diagnostics is theirs, linked by their
college at enrolment with their consent, and the demo parent follows it. Without it the
demo student's timeline would start at enrolment (the festival's pupils are anonymous)."""

from django.db.models import F

from qadam.accounts.models import User
from qadam.guidance.models import DiagnosticSession, ParentLink


def seed_demo_journey(*, student_username: str, parent_username: str) -> None:
    """Link the earliest completed diagnostic to the demo student; the demo parent follows
    it. Inside the caller's transaction; nothing when a demo user or a diagnostic is missing."""
    student_user = User.objects.filter(username=student_username).first()
    parent = User.objects.filter(username=parent_username).first()
    student = student_user.student if student_user is not None else None
    session = (
        DiagnosticSession.objects.filter(completed_at__isnull=False, student__isnull=True)
        .order_by("completed_at", "id")
        .first()
    )
    if student is None or session is None:
        return
    DiagnosticSession.objects.filter(pk=session.pk).update(
        student=student, enrolment_iin=student.iin, enrolment_consent_at=F("completed_at")
    )
    if parent is not None:
        ParentLink.objects.get_or_create(parent=parent, session=session)
