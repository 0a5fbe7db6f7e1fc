"""The background task that writes any registered list to XLSX (run by `qadam worker`)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django_tasks import task

from qadam.common.exports import table_build
from qadam.common.services import job_finish, job_progress, job_run
from qadam.common.xlsx import write_xlsx

PROGRESS_EVERY = 1000


@task()
def export_list(
    *, job_id: int, user_id: int, exporter: str, params: dict[str, Any], language: str = "ru"
) -> str:
    """Write the list `exporter` as the user sees it with `params`, headers and labels in
    `language`, reporting progress on the job; returns the file's path under MEDIA_ROOT."""
    return job_run(
        job_id=job_id, language=language, work=lambda: _write(job_id, user_id, exporter, params)
    )


def _write(job_id: int, user_id: int, name: str, params: dict[str, Any]) -> str:
    # read as the user who asked, now: a role or scope changed since then reads only what
    # it may read today
    user = get_user_model().objects.get(pk=user_id)
    _exporter, table = table_build(name=name, user=user, params=params)
    total = table.total()
    job_progress(job_id=job_id, done=0, total=total)
    relative = f"exports/{name.replace('.', '-')}-{job_id}.xlsx"
    count = write_xlsx(
        Path(settings.MEDIA_ROOT) / relative,
        table.header,
        table.rows,
        on_progress=lambda done: job_progress(job_id=job_id, done=done, total=total),
        every=PROGRESS_EVERY,
    )
    job_progress(job_id=job_id, done=count, total=count)  # the bar ends full, not at a step
    job_finish(job_id=job_id, result_file=relative, message=str(count))
    return relative
