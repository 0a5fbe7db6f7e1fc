"""Background-job bookkeeping (tasks report progress through these) and starting an export."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from qadam.common.exports import exporter_get, params_clean
from qadam.common.models import Job


def job_create(*, owner: Any, kind: str, title: str, parameters: dict[str, Any]) -> Job:
    return Job.objects.create(owner=owner, kind=kind, title=title, parameters=parameters)


def job_progress(*, job_id: int, done: int, total: int, message: str = "") -> None:
    """Record progress; a plain UPDATE so the web page sees it while the task runs."""
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.RUNNING, done=done, total=total, message=message
    )


def job_finish(*, job_id: int, result_file: str = "", message: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED,
        result_file=result_file,
        message=message,
        finished_at=timezone.now(),
    )


def job_fail(*, job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, message=message[:2000], finished_at=timezone.now()
    )


def job_enqueue(*, job: Job, task: Any, **kwargs: Any) -> Job:
    """Queue `task` for `job` once the surrounding transaction commits."""

    def _enqueue() -> None:
        result = task.enqueue(job_id=job.pk, **kwargs)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(_enqueue)
    return job


def export_start(*, actor: Any, name: str, params: Mapping[str, Any], language: str) -> Job:
    """Queue the XLSX of the list `name` as `actor` sees it with `params`; returns the job.

    Everything is checked before a job exists: UnknownExport (no such list), FilterError (a
    malformed or missing filter), ObjectDoesNotExist (the list's parent is out of sight),
    PermissionDenied (the role has no such list), ApplicationError (not exportable now).
    """
    from qadam.common.tasks import export_list  # the task module imports this one

    exporter = exporter_get(name)
    clean = params_clean(exporter, params)
    table = exporter.table(actor, clean)  # rows are not read here: only the checks run
    title = f"{table.title or exporter.title} · XLSX"
    with transaction.atomic():
        job = job_create(
            owner=actor,
            kind=f"export:{name}"[:64],
            title=title[:200],
            parameters={"exporter": name, "params": clean},
        )
        return job_enqueue(
            job=job,
            task=export_list,
            user_id=actor.pk,
            exporter=name,
            params=clean,
            language=language,
        )
