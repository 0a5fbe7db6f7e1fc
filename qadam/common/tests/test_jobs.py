"""Background-job bookkeeping: progress a user can follow, visible to its owner only."""

import pytest
from django_tasks import task

from qadam.common.models import Job
from qadam.common.selectors import job_get, job_list
from qadam.common.services import job_create, job_enqueue, job_fail, job_finish, job_progress
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
