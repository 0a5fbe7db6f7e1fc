"""Background tasks of placement rounds (run by `qadam worker`)."""

from django.contrib.auth import get_user_model
from django.utils import translation
from django_tasks import task

from qadam.common.services import job_fail, job_finish, job_progress
from qadam.placements.matching import STEPS, run_match


@task()
def match_round(
    *, job_id: int, round_id: int, user_id: int, language: str = "ru"
) -> dict[str, object]:
    """Match a closed round, reporting each step on the job."""
    actor = get_user_model().objects.get(pk=user_id)

    def progress(step: str) -> None:
        job_progress(job_id=job_id, done=STEPS.index(step), total=len(STEPS), message=step)

    try:
        with translation.override(language):
            summary = run_match(round_id=round_id, actor=actor, progress=progress)
    except Exception as error:
        job_fail(job_id=job_id, message=str(error))
        raise
    job_finish(
        job_id=job_id,
        message=f"{summary['placed']} / {summary['applicants']}",
    )
    return summary
