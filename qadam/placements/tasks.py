"""Background tasks of placement rounds (run by `qadam worker`)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from qadam.common.services import job_finish, job_progress, job_run
from qadam.placements import correction
from qadam.placements.matching import STEPS, run_match
from qadam.placements.models import PlacementRound
from qadam.placements.services.rounds import round_create_follow_up


@task()
def match_round(
    *, job_id: int, round_id: int, user_id: int, language: str = "ru"
) -> dict[str, object]:
    """Match a closed round, reporting each step on the job."""
    actor = get_user_model().objects.get(pk=user_id)

    def progress(step: str) -> None:
        job_progress(job_id=job_id, done=STEPS.index(step), total=len(STEPS), message=step)

    def work() -> dict[str, object]:
        summary = run_match(round_id=round_id, actor=actor, progress=progress)
        job_finish(job_id=job_id, message=f"{summary['placed']} / {summary['applicants']}")
        return summary

    return job_run(job_id=job_id, language=language, work=work)


@task()
def follow_up_round(
    *,
    job_id: int,
    round_id: int,
    user_id: int,
    name: str = "",
    term: str = "",
    language: str = "ru",
) -> int:
    """Create the second round of a published round; the job links to it when done."""

    def work() -> int:
        # as the user who asked, now: a coordinator no longer is refused
        actor = get_user_model().objects.get(pk=user_id)
        previous = PlacementRound.objects.get(pk=round_id)
        follow_up = round_create_follow_up(actor=actor, previous=previous, name=name, term=term)
        offers = follow_up.offers.count()
        job_finish(
            job_id=job_id,
            result_url=reverse("placements:round_detail", args=[follow_up.pk]),
            message=_("%(round)s: %(offers)s offers with seats left.")
            % {"round": follow_up.name, "offers": offers},
        )
        return follow_up.pk

    return job_run(job_id=job_id, language=language, work=work)


@task()
def rerun_after_appeal(*, job_id: int, appeal_id: int, user_id: int, language: str = "ru") -> int:
    """Re-run a published round after an upheld appeal; the job links to the appeal, which
    lists whose placement changed."""
    actor = get_user_model().objects.get(pk=user_id)

    def progress(step: str) -> None:
        steps = correction.STEPS
        job_progress(job_id=job_id, done=steps.index(step), total=len(steps), message=step)

    def work() -> int:
        changes = correction.run_correction(appeal_id=appeal_id, actor=actor, progress=progress)
        job_finish(
            job_id=job_id,
            result_url=reverse("placements:appeal_detail", args=[appeal_id]),
            message=_("%(n)s placements changed.") % {"n": len(changes)},
        )
        return len(changes)

    return job_run(job_id=job_id, language=language, work=work)
