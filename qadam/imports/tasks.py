"""Imports as background tasks (run by `qadam worker`): the check, then the write."""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_tasks import task

from qadam.common.models import Job
from qadam.common.services import job_fail, job_finish, job_progress, job_run
from qadam.imports.kinds import KINDS
from qadam.imports.pipeline import Outcome, Progress, Status, import_file
from qadam.imports.report import outcome_summary, report_xlsx, result_save
from qadam.imports.selectors import import_context

REPORTS = "imports/reports"
PROGRESS_EVERY = 0.5  # seconds between progress writes


@task()
def import_check_task(*, job_id: int, language: str = "ru") -> str:
    """Check every row of the job's file; write nothing."""
    return _run(job_id, language, commit=False)


@task()
def import_commit_task(*, job_id: int, language: str = "ru") -> str:
    """Write every row of the job's file in one transaction, or none."""
    return _run(job_id, language, commit=True)


def stage_label(stage: str) -> str:
    return {
        "reading": _("reading the file"),
        "checking": _("checking every row"),
        "writing": _("writing to the registry"),
    }.get(stage, stage)


def _progress(job_id: int) -> Progress:
    last_stage = [""]
    last_at = [0.0]

    def report(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == last_stage[0] and now - last_at[0] < PROGRESS_EVERY:
            return
        last_stage[0], last_at[0] = stage, now
        job_progress(job_id=job_id, done=done, total=total, message=stage_label(stage))

    return report


def _run(job_id: int, language: str, *, commit: bool) -> str:
    return job_run(job_id=job_id, language=language, work=lambda: _import(job_id, commit=commit))


def _import(job_id: int, *, commit: bool) -> str:
    job = Job.objects.select_related("owner").get(pk=job_id)
    kind = KINDS[job.parameters["import_kind"]]
    try:
        context = import_context(user=job.owner, kind=kind)
    except PermissionDenied:
        job_fail(job_id=job_id, message=_("You may no longer import this kind of record."))
        return Status.MALFORMED
    path = Path(settings.MEDIA_ROOT) / job.parameters["file"]
    if not path.is_file():
        outcome = Outcome(
            kind=kind.name, status=Status.MALFORMED, messages=[_("The file is gone.")]
        )
    else:
        outcome = import_file(
            kind,
            path,
            context,
            commit=commit,
            progress=_progress(job_id),
            source=job.parameters.get("filename", ""),
        )
    result_save(job_id, outcome)
    message = outcome_summary(outcome)
    if outcome.succeeded:
        job_finish(job_id=job_id, message=message)
        if outcome.status == Status.COMMITTED:
            shutil.rmtree(path.parent, ignore_errors=True)  # the registry holds it now
        return outcome.status
    if outcome.errors:
        relative = f"{REPORTS}/{job_id}.xlsx"
        report_xlsx(Path(settings.MEDIA_ROOT) / relative, outcome.errors)
        Job.objects.filter(pk=job_id).update(result_file=relative)
    job_fail(job_id=job_id, message=message)
    return outcome.status
