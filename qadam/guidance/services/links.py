"""Who follows a pupil's results: the pupil's own account, and parents, each linked with the
pupil's resume code. Both links are audited (who may see a child's results is the ministry's
business); the audit names the session by its id, never by its resume code."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.audit import audited_create, audited_update
from qadam.guidance.models import DiagnosticSession, ParentLink


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
