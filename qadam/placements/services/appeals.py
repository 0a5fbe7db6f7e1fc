"""Appeals against a published result: a student submits one within the round's window; the
coordinator upholds it (the input is corrected and the round re-run as a job, published
with a new certificate) or rejects it, with a reason. Every step is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.audit import audited_create, audited_update, row_of
from qadam.common.errors import ApplicationError
from qadam.common.models import Job
from qadam.common.rules import FieldErrors
from qadam.common.services import UNFINISHED, job_create, job_enqueue, jobs_fail_stale
from qadam.placements import policies, rules
from qadam.placements.models import Appeal, Application, Offer, Placement, PlacementRound
from qadam.placements.services.guards import Status, bump_inputs, require_status, round_locked

CORRECTION_JOB = "placements.appeal_rerun"
Ground = Appeal.Ground


def _appellant(actor: User) -> int:
    if actor.role != Role.STUDENT or actor.student_id is None:
        raise PermissionDenied(_("Only a student may appeal their own result."))
    return actor.student_id


def _raise(errors: FieldErrors) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def appeal_submit(
    *,
    actor: User,
    placement_round: PlacementRound,
    ground: str,
    offer_id: int,
    statement: str,
    rank: int | None = None,
) -> Appeal:
    """The signed-in student's appeal of their published result; one open at a time."""
    student_id = _appellant(actor)
    locked = round_locked(placement_round)
    require_status(locked, Status.PUBLISHED)
    _raise(rules.appeal_window_errors(locked.published_at, locked.appeal_days, timezone.now()))
    if not Placement.objects.filter(round=locked, student_id=student_id).exists():
        raise ApplicationError(
            _("You did not apply in this round, so there is no result to appeal.")
        )
    if Appeal.objects.filter(
        round=locked, student_id=student_id, status=Appeal.Status.SUBMITTED
    ).exists():
        raise ApplicationError(_("Your earlier appeal in this round is still being decided."))
    offer = Offer.objects.filter(round=locked, pk=offer_id).first()
    if offer is None:
        raise ValidationError({"offer": [_("There is no such offer in this round.")]})
    appeal = Appeal(
        round=locked,
        student_id=student_id,
        ground=ground,
        offer=offer,
        rank=rank if ground == Ground.ELIGIBILITY else None,
        statement=statement.strip(),
    )
    ranked = Application.objects.filter(round=locked, student_id=student_id, offer=offer).exists()
    return audited_create(
        actor=actor,
        instance=appeal,
        check=lambda a, changed: rules.appeal_errors(row_of(a), ranked),
    )


def _correct_score(actor: User, appeal: Appeal) -> None:
    application = Application.objects.get(
        round_id=appeal.round_id, student_id=appeal.student_id, offer_id=appeal.offer_id
    )
    audited_update(
        actor=actor,
        instance=application,
        changes={"score_corrected": appeal.corrected_score},
        summary=f"appeal {appeal.pk}: score corrected",
    )


def _correct_eligibility(actor: User, appeal: Appeal) -> None:
    """Put the offer the student was kept from on their list at the rank they gave."""
    applications = Application.objects.filter(
        round_id=appeal.round_id, student_id=appeal.student_id
    )
    if applications.filter(offer_id=appeal.offer_id).exists():
        raise ApplicationError(_("The student has this offer on their list already."))
    count = applications.count()
    if count >= rules.MAX_CHOICES:
        raise ApplicationError(_("The student's list is full."))
    rank = min(appeal.rank or count + 1, count + 1)
    # make room from the bottom up: (round, student, rank) is unique at every step
    for application in applications.filter(rank__gte=rank).order_by("-rank"):
        audited_update(
            actor=actor,
            instance=application,
            changes={"rank": application.rank + 1},
            summary=f"appeal {appeal.pk}: rank moved",
        )
    audited_create(
        actor=actor,
        instance=Application(
            round_id=appeal.round_id,
            student_id=appeal.student_id,
            offer_id=appeal.offer_id,
            rank=rank,
        ),
        summary=f"appeal {appeal.pk}: offer added",
    )


@transaction.atomic
def appeal_decide(
    *,
    actor: User,
    appeal: Appeal,
    uphold: bool,
    reason: str,
    corrected_score: float | None = None,
    language: str = "ru",
) -> Appeal:
    """Uphold or reject `appeal` with a reason. Upholding corrects the input (the score, or
    the offer put on the list) and queues the round's re-run; its job page follows it."""
    from qadam.placements.tasks import rerun_after_appeal

    locked_round = round_locked(appeal.round_id)
    policies.require_round_coordinator(actor, locked_round)
    require_status(locked_round, Status.PUBLISHED)
    current = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if current.status != Appeal.Status.SUBMITTED:
        raise ApplicationError(_("This appeal has been decided already."))
    jobs_fail_stale()
    if (
        uphold
        and Job.objects.filter(
            kind=CORRECTION_JOB, parameters__round_id=locked_round.pk, status__in=UNFINISHED
        ).exists()
    ):
        raise ApplicationError(_("A re-run of this round is under way; decide when it ends."))
    changes = {
        "status": Appeal.Status.UPHELD if uphold else Appeal.Status.REJECTED,
        "decision_reason": reason.strip(),
        "decided_by": actor,
        "decided_at": timezone.now(),
        "corrected_score": corrected_score if uphold and current.ground == Ground.SCORE else None,
    }
    decided = audited_update(
        actor=actor,
        instance=appeal,
        changes=changes,
        check=lambda a, changed: rules.appeal_decision_errors(row_of(a)),
    )
    if not uphold:
        return decided
    if decided.ground == Ground.SCORE:
        _correct_score(actor, decided)
    else:
        _correct_eligibility(actor, decided)
    bump_inputs(locked_round)
    job = job_create(
        owner=actor,
        kind=CORRECTION_JOB,
        title=(_("Re-run after an appeal: %(round)s") % {"round": locked_round})[:200],
        parameters={"round_id": locked_round.pk, "appeal_id": decided.pk},
    )
    audited_update(actor=actor, instance=decided, changes={"job": job})
    job_enqueue(
        job=job, task=rerun_after_appeal, appeal_id=decided.pk, user_id=actor.pk, language=language
    )
    return decided
