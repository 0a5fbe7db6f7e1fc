"""Background-job bookkeeping: tasks report progress through these."""

from typing import Any

from django.db import transaction
from django.utils import timezone

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
