"""Who follows a pupil's results: the pupil's own account, and parents, each linked with the
pupil's resume code; and the student record a college links them to at enrolment, by the
IIN the pupil shared with their consent. Every link is audited (who may see a child's
results is the ministry's business); the audit names the session by its id, never by its
resume code."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.audit import audited_create, audited_update
from qadam.guidance.models import DiagnosticSession, ParentLink
from qadam.registry.models import Student
from qadam.registry.policies import require_institution_records
from qadam.registry.rules import iin_derived


def _session_by_code(resume_code: str) -> DiagnosticSession:
    """The session the code opens, locked: its links are made one at a time."""
    session = (
        DiagnosticSession.objects.select_for_update()
        .filter(resume_code=resume_code.strip().upper())
        .first()
    )
    if session is None:
        raise ValidationError({"resume_code": [_("No diagnostic has this code.")]})
    return session


@transaction.atomic
def session_link_account(*, user: User, resume_code: str) -> DiagnosticSession:
    """The pupil (signed in) claims their results: they stop being anonymous."""
    session = _session_by_code(resume_code)
    if session.user_id not in (None, user.pk):
        raise ValidationError({"resume_code": [_("These results belong to another account.")]})
    return audited_update(
        actor=user,
        instance=session,
        changes={"user": user},
        summary=f"diagnostic session {session.pk} linked to an account",
    )


@transaction.atomic
def parent_link_create(*, parent: User, resume_code: str) -> ParentLink:
    """A parent follows their child's results with the code the child gives them."""
    if parent.role != Role.PARENT:
        raise PermissionDenied(_("Only a parent's account may follow a child's results."))
    session = _session_by_code(resume_code)
    existing = ParentLink.objects.filter(parent=parent, session=session).first()
    if existing is not None:
        return existing
    return audited_create(
        actor=parent,
        instance=ParentLink(parent=parent, session=session),
        summary=f"a parent follows diagnostic session {session.pk}",
    )


@transaction.atomic
def session_share_for_enrolment(*, resume_code: str, iin: str) -> DiagnosticSession:
    """The pupil (holding the code) agrees that the college enrolling them may link these
    results to their student record: they give their IIN, the key the college finds them by.
    Sharing again replaces the IIN; an empty IIN withdraws the consent."""
    session = _session_by_code(resume_code)
    iin = iin.strip()
    if iin:
        errors = iin_derived(iin)[1]
        if errors:
            raise ValidationError({"iin": errors["iin"]})
    if session.student_id is not None:
        raise ValidationError(
            {"iin": [_("A college has already linked these results to a student record.")]}
        )
    changes = {"enrolment_iin": iin, "enrolment_consent_at": timezone.now() if iin else None}
    return audited_update(
        actor=None,  # the pupil, without an account
        instance=session,
        changes=changes,
        summary=f"diagnostic session {session.pk}: consent to link at enrolment",
    )


@transaction.atomic
def session_link_student(*, actor: User, student: Student) -> list[DiagnosticSession]:
    """A college links to its student the completed diagnostics the pupil shared for
    enrolment with the student's IIN. Only the student's own institution may."""
    require_institution_records(actor, student.institution_id)
    sessions = list(
        DiagnosticSession.objects.select_for_update()
        .filter(
            enrolment_iin=student.iin,
            enrolment_consent_at__isnull=False,
            completed_at__isnull=False,
            student__isnull=True,
        )
        .order_by("completed_at", "id")
    )
    if not sessions:
        raise ValidationError(
            _("No completed diagnostic was shared for enrolment with this student's IIN.")
        )
    return [
        audited_update(
            actor=actor,
            instance=session,
            changes={"student": student},
            summary=f"diagnostic session {session.pk} linked to student {student.pk} by IIN",
        )
        for session in sessions
    ]
