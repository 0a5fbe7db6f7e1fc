"""Background-job bookkeeping: progress a user can follow, visible to its owner only."""

import re
import resource
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks import task

from qadam.common.limits import MB
from qadam.common.models import Job
from qadam.common.selectors import job_get, job_list
from qadam.common.services import (
    job_create,
    job_enqueue,
    job_fail,
    job_finish,
    job_progress,
    job_run,
    jobs_fail_stale,
)
from qadam.registry.tests.factories import UserFactory


@task()
def _record_call(*, job_id: int, word: str) -> str:
    job_finish(job_id=job_id, message=word)
    return word


@pytest.fixture
def job(db):
    return job_create(owner=UserFactory.analyst(), kind="test", title="A job", parameters={"a": 1})


def test_new_job_is_queued_at_zero_percent(job):
    assert (job.status, job.percent, job.is_finished) == (Job.Status.QUEUED, 0, False)


def test_progress_finish_and_percent(job):
    job_progress(job_id=job.pk, done=25, total=200, message="working")
    job.refresh_from_db()
    assert (job.status, job.percent, job.message) == (Job.Status.RUNNING, 12, "working")
    job_finish(job_id=job.pk, result_file="exports/x.xlsx", message="200")
    job.refresh_from_db()
    assert (job.status, job.percent, job.is_finished) == (Job.Status.SUCCEEDED, 100, True)
    assert job.result_file == "exports/x.xlsx" and job.finished_at is not None


def test_failure_keeps_a_bounded_message(job):
    job_fail(job_id=job.pk, message="x" * 5000)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.is_finished
    assert len(job.message) == 2000


def test_job_is_enqueued_only_when_the_transaction_commits(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job_enqueue(job=job, task=_record_call, word="hello")
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.SUCCEEDED, "hello")
    assert job.task_result_id


def test_jobs_are_seen_by_their_owner_only(job):
    stranger = UserFactory.ministry_admin()
    assert list(job_list(user=job.owner)) == [job]
    assert list(job_list(user=stranger)) == []
    assert job_get(user=job.owner, job_id=job.pk) == job
    with pytest.raises(Job.DoesNotExist):
        job_get(user=stranger, job_id=job.pk)


# --------------------------------------------------------------------------- stale jobs


def test_a_running_job_silent_past_the_stale_time_fails(job, settings):
    settings.LANGUAGE_CODE = "en"
    settings.QADAM_JOB_STALE_SECONDS = 120
    job_progress(job_id=job.pk, done=1, total=10)
    assert jobs_fail_stale() == []  # heard of just now
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    assert jobs_fail_stale() == [job.pk]
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    assert job.message == "The worker running this job stopped; start it again."
    job_progress(job_id=job.pk, done=2, total=10)  # a late report does not revive it
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_a_queued_job_waiting_for_a_worker_is_not_stale(job, settings):
    settings.QADAM_JOB_STALE_SECONDS = 120
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=3))
    assert jobs_fail_stale() == []
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED


# --------------------------------------------------------------------------- limits


@task()
def _sleep(*, job_id: int, seconds: float) -> str:
    def work() -> str:
        time.sleep(seconds)
        job_finish(job_id=job_id, message="slept")
        return "slept"

    return job_run(job_id=job_id, language="en", work=work)


@task()
def _allocate(*, job_id: int, megabytes: int) -> int:
    def work() -> int:
        size = len(bytearray(megabytes * MB))
        job_finish(job_id=job_id, message="allocated")
        return size

    return job_run(job_id=job_id, language="en", work=work)


def _queued(owner, task_, **kwargs):
    queued = job_create(owner=owner, kind="test", title="A job", parameters={})
    job_enqueue(job=queued, task=task_, **kwargs)
    return queued


def _data_megabytes() -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmData:\s+(\d+) kB", status).group(1)) // 1024


def test_a_job_past_its_time_limit_fails_and_the_next_one_runs(
    job, settings, django_capture_on_commit_callbacks
):
    settings.QADAM_JOB_TIME_LIMIT = 0.5
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        slow = _queued(job.owner, _sleep, seconds=30)
        quick = _queued(job.owner, _sleep, seconds=0)
    assert time.monotonic() - started < 10  # stopped at the limit, not after 30 s
    slow.refresh_from_db()
    quick.refresh_from_db()
    assert slow.status == Job.Status.FAILED
    assert slow.message == "The job ran longer than its limit of 0.5 s and was stopped."
    assert quick.status == Job.Status.SUCCEEDED
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no timer left behind


def test_a_job_past_its_memory_limit_fails_and_the_next_one_runs(
    job, settings, django_capture_on_commit_callbacks
):
    settings.QADAM_JOB_MEMORY_LIMIT_MB = _data_megabytes() + 200
    before = resource.getrlimit(resource.RLIMIT_DATA)
    with django_capture_on_commit_callbacks(execute=True):
        greedy = _queued(job.owner, _allocate, megabytes=2000)
        modest = _queued(job.owner, _allocate, megabytes=20)
    greedy.refresh_from_db()
    modest.refresh_from_db()
    assert greedy.status == Job.Status.FAILED
    limit = settings.QADAM_JOB_MEMORY_LIMIT_MB
    assert greedy.message == (
        f"The job needed more memory than its limit of {limit} MB and was stopped."
    )
    assert modest.status == Job.Status.SUCCEEDED
    assert resource.getrlimit(resource.RLIMIT_DATA) == before  # lifted after the job
