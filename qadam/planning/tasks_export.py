"""The XLSX of a run's seats, as a background task (run by `qadam worker`)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django_tasks import task

from qadam.common.services import job_finish, job_progress, job_run
from qadam.common.xlsx import write_xlsx
from qadam.planning import export
from qadam.planning.selectors import run_get

PROGRESS_EVERY = 500


@task()
def export_seats(*, job_id: int, user_id: int, run_id: int, language: str = "ru") -> str:
    """Write the run's seats to an XLSX file, reporting progress on the job; returns its path."""
    return job_run(job_id=job_id, language=language, work=lambda: _export(job_id, user_id, run_id))


def _export(job_id: int, user_id: int, run_id: int) -> str:
    # read as the user who asked: a role changed since then reads nothing
    run = run_get(user=get_user_model().objects.get(pk=user_id), run_id=run_id)
    total = export.seat_count(run)
    job_progress(job_id=job_id, done=0, total=total)
    relative = f"exports/planning-seats-{run_id}-{job_id}.xlsx"
    count = write_xlsx(
        settings.MEDIA_ROOT / relative,
        export.header(),
        export.seat_rows(run),
        on_progress=lambda done: job_progress(job_id=job_id, done=done, total=total),
        every=PROGRESS_EVERY,
    )
    job_finish(job_id=job_id, result_file=relative, message=str(count))
    return relative
