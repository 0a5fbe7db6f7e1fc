"""Background-job bookkeeping (tasks report progress through these, run inside the job's
limits, and a job whose worker died is failed) and starting an export."""

from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from datetime import timedelta
from typing import Any, TypeVar
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qadam.common.exports import exporter_get, params_clean
from qadam.common.limits import TimeLimitExceeded, limits
from qadam.common.models import Job

T = TypeVar("T")
UNFINISHED = (Job.Status.QUEUED, Job.Status.RUNNING)


def job_create(*, owner: Any, kind: str, title: str, parameters: dict[str, Any]) -> Job:
    return Job.objects.create(owner=owner, kind=kind, title=title, parameters=parameters)


def job_progress(*, job_id: int, done: int, total: int, message: str = "") -> None:
    """Record progress (a sign of life too); a plain UPDATE so the web page sees it while the
    task runs. A job already failed (stale, or past its limit) stays failed."""
    Job.objects.filter(pk=job_id, status__in=UNFINISHED).update(
        status=Job.Status.RUNNING,
        done=done,
        total=total,
        message=message,
        heartbeat_at=timezone.now(),
    )


def job_finish(
    *, job_id: int, result_file: str = "", result_url: str = "", message: str = ""
) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED,
        result_file=result_file,
        result_url=result_url,
        message=message,
        finished_at=timezone.now(),
    )


def job_fail(*, job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, message=message[:2000], finished_at=timezone.now()
    )


def job_run(*, job_id: int, language: str, work: Callable[[], T]) -> T:
    """Run a task's work for the job in the job's language and within its time and memory
    limits (settings QADAM_JOB_*); any failure becomes the job's message and is raised on,
    so the task result records it too. The worker then takes the next job."""
    seconds = settings.QADAM_JOB_TIME_LIMIT
    megabytes = settings.QADAM_JOB_MEMORY_LIMIT_MB
    with translation.override(language):
        job_progress(job_id=job_id, done=0, total=0)  # running from now: a first sign of life
        try:
            with limits(seconds=seconds, megabytes=megabytes):
                return work()
        except TimeLimitExceeded:
            job_fail(job_id=job_id, message=time_limit_message(seconds))
            raise
        except MemoryError:
            message = _(
                "The job needed more memory than its limit of %(megabytes)s MB and was stopped."
            ) % {"megabytes": megabytes}
            job_fail(job_id=job_id, message=message)
            raise
        except Exception as error:
            job_fail(job_id=job_id, message=str(error))
            raise


def time_limit_message(seconds: float) -> str:
    if seconds < 120:
        return _("The job ran longer than its limit of %(seconds)s s and was stopped.") % {
            "seconds": f"{seconds:g}"
        }
    return _("The job ran longer than its limit of %(minutes)s minutes and was stopped.") % {
        "minutes": f"{seconds / 60:g}"
    }


def stopped_message() -> str:
    return _("The worker running this job stopped; start it again.")


def job_heartbeat(*, task_result_ids: Iterable[str]) -> int:
    """A sign of life for the jobs of these task results (the worker running them is alive)."""
    ids = [str(pk) for pk in task_result_ids]
    if not ids:
        return 0
    return Job.objects.filter(task_result_id__in=ids, status__in=UNFINISHED).update(
        heartbeat_at=timezone.now()
    )


def jobs_fail_stale(*, now: Any = None) -> list[int]:
    """Fail the jobs no worker is running any more, and their task results; returns their ids.

    The one truth about whether a job is under way: a job is stale when it is running with no
    sign of life (progress, or `qadam worker`'s heartbeat) for QADAM_JOB_STALE_SECONDS, or
    when its task result was claimed that long ago and the job has not been heard of since,
    or when its task result failed without the task reporting it (it could not start). Reads
    first and writes only when something is stale, so a page calling this does not wait for
    the worker's write lock on SQLite.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.QADAM_JOB_STALE_SECONDS)
    unfinished = list(
        Job.objects.filter(status__in=UNFINISHED).values_list(
            "pk", "status", "heartbeat_at", "created_at", "task_result_id"
        )
    )
    if not unfinished:
        return []
    results = {
        str(pk): (status, started_at)
        for pk, status, started_at in DBTaskResult.objects.filter(
            pk__in=_uuids(row[4] for row in unfinished)
        ).values_list("pk", "status", "started_at")
    }
    silent: list[int] = []
    broken: list[int] = []
    for pk, status, heartbeat_at, created_at, result_id in unfinished:
        result_status, started_at = results.get(result_id, (None, None))
        if result_status == TaskResultStatus.FAILED:
            broken.append(pk)
            continue
        # running by our account (from its last sign of life) or by the task result's
        heard_of = heartbeat_at or (created_at if status == Job.Status.RUNNING else None)
        claimed = started_at if result_status == TaskResultStatus.RUNNING else None
        if (heard_of or claimed) and max(filter(None, (heard_of, claimed))) < cutoff:
            silent.append(pk)
    if silent:
        _fail_many(silent, stopped_message(), now)
    if broken:
        _fail_many(broken, _("The job could not run; start it again."), now)
    return silent + broken


def _fail_many(job_ids: list[int], message: str, now: Any) -> None:
    with transaction.atomic():
        Job.objects.filter(pk__in=job_ids, status__in=UNFINISHED).update(
            status=Job.Status.FAILED, message=message, finished_at=now
        )
        result_ids = Job.objects.filter(pk__in=job_ids).values_list("task_result_id", flat=True)
        DBTaskResult.objects.filter(
            pk__in=_uuids(result_ids), status=TaskResultStatus.RUNNING
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="",
            traceback=message,
        )


def _uuids(values: Iterable[str]) -> list[UUID]:
    """The database backend's result ids (other backends' ids are not UUIDs)."""
    found = []
    for value in values:
        with suppress(ValueError, TypeError):
            found.append(UUID(value))
    return found


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
