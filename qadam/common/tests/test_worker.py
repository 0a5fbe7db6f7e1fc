"""`qadam worker`: the database worker keeps going through a locked database and past a job
that breaks its limits; the supervisor fails what a dead worker was running and starts a
new one; Ctrl-C stops both. Real database rows, real worker loop, real processes."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker
from django_tasks_db.models import DBTaskResult

from qadam.common.models import Job
from qadam.common.services import job_create, job_enqueue, job_finish, job_progress, job_run
from qadam.common.worker import Worker, worker_gone, worker_watch
from qadam.registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's database-wide write lock"
)
STOPPED = "The worker running this job stopped; start it again."


@task()
def _finish(*, job_id: int, language: str = "en") -> str:
    def work() -> str:
        job_finish(job_id=job_id, message="done")
        return "done"

    return job_run(job_id=job_id, language=language, work=work)


@task()
def _sleep(*, job_id: int, seconds: float, language: str = "en") -> None:
    job_run(job_id=job_id, language=language, work=lambda: time.sleep(seconds))


@task()
def _die(*, job_id: int, language: str = "en") -> None:
    """A job that takes its worker down with it (as a crash in C or the OOM killer would)."""
    job_progress(job_id=job_id, done=0, total=1)
    os._exit(3)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def owner(database_tasks):
    return UserFactory.analyst()


def queue(owner, task_, **kwargs) -> Job:
    job = job_create(owner=owner, kind="test", title="A job", parameters={})
    job_enqueue(job=job, task=task_, **kwargs)  # autocommit: queued at once
    job.refresh_from_db()
    return job


def worker(cls=Worker, worker_id: str = "test-worker"):
    return cls(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def status_of(job: Job) -> tuple[str, str]:
    job.refresh_from_db()
    return job.status, job.message


class WriteLock:
    """Another connection holding SQLite's write lock, as a long request would."""

    def __init__(self) -> None:
        name = connection.settings_dict["NAME"]
        self.db = sqlite3.connect(
            name, uri=name.startswith("file:"), check_same_thread=False, isolation_level=None
        )
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("UPDATE common_job SET title = title")

    def release(self) -> None:
        self.db.execute("ROLLBACK")
        self.db.close()


# --------------------------------------------------------------------------- the worker


def test_the_worker_runs_a_queued_job(owner):
    job = queue(owner, _finish)
    worker().run()
    assert status_of(job) == (Job.Status.SUCCEEDED, "done")
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


@sqlite_only
def test_the_worker_waits_out_a_locked_database_instead_of_dying(owner):
    job = queue(owner, _finish)
    lock = WriteLock()
    threading.Timer(1.5, lock.release).start()
    started = time.monotonic()
    worker().run()
    assert time.monotonic() - started >= 1.0  # it met the lock, waited, then ran the job
    assert status_of(job) == (Job.Status.SUCCEEDED, "done")


@sqlite_only
def test_the_library_worker_alone_dies_on_the_same_lock(owner):
    queue(owner, _finish)
    lock = WriteLock()
    try:
        with pytest.raises(OperationalError, match="is locked"):
            worker(LibraryWorker).run()
    finally:
        lock.release()


def test_a_job_past_its_time_limit_fails_and_the_worker_runs_the_next(owner, settings):
    settings.QADAM_JOB_TIME_LIMIT = 0.5
    slow = queue(owner, _sleep, seconds=30)
    quick = queue(owner, _finish)
    started = time.monotonic()
    worker().run()
    assert time.monotonic() - started < 15
    assert status_of(slow) == (
        Job.Status.FAILED,
        "The job ran longer than its limit of 0.5 s and was stopped.",
    )
    assert status_of(quick) == (Job.Status.SUCCEEDED, "done")
    results = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert sorted(results.values()) == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]


# --------------------------------------------------------------------------- the supervisor


def claimed(owner, worker_id: str, *, minutes_ago: float = 0) -> Job:
    """A job a worker has taken and started (its task result claimed, the job running)."""
    job = queue(owner, _finish)
    result = DBTaskResult.objects.get(pk=job.task_result_id)
    result.claim(worker_id)
    started = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=started)
    job_progress(job_id=job.pk, done=0, total=1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=started)
    return job


def test_what_a_dead_worker_was_running_fails_at_once(owner):
    mine = claimed(owner, "dead-worker")
    other = claimed(owner, "live-worker")
    assert worker_gone(worker_id="dead-worker", message=STOPPED) == [mine.pk]
    assert status_of(mine) == (Job.Status.FAILED, STOPPED)
    assert DBTaskResult.objects.get(pk=mine.task_result_id).status == TaskResultStatus.FAILED
    assert status_of(other)[0] == Job.Status.RUNNING


def test_the_supervisor_keeps_its_workers_jobs_alive_and_fails_the_silent(owner, settings):
    settings.QADAM_JOB_STALE_SECONDS = 120
    settings.QADAM_JOB_TIME_LIMIT = 3600
    mine = claimed(owner, "watched", minutes_ago=10)  # a long job, silent but its worker alive
    orphan = claimed(owner, "vanished", minutes_ago=10)  # nobody heard of it for 10 minutes
    assert worker_watch(worker_id="watched") is False
    assert status_of(mine)[0] == Job.Status.RUNNING
    assert status_of(orphan) == (Job.Status.FAILED, STOPPED)


def test_the_supervisor_stops_a_worker_stuck_past_the_time_limit(owner, settings):
    settings.QADAM_JOB_TIME_LIMIT = 60
    stuck = claimed(owner, "stuck", minutes_ago=5)  # past 60 s and the grace period
    assert worker_watch(worker_id="stuck") is True
    assert status_of(stuck) == (
        Job.Status.FAILED,
        "The job ran longer than its limit of 60 s and was stopped.",
    )


# --------------------------------------------------------------------------- qadam worker


@pytest.fixture
def database_url(tmp_path):
    """The test database as the `qadam worker` processes open it: PostgreSQL's as it is (the
    rows are committed), SQLite's in-memory one copied to a file."""

    def url() -> str:
        settings_dict = connection.settings_dict
        if connection.vendor == "postgresql":
            user, host, port = (settings_dict[key] for key in ("USER", "HOST", "PORT"))
            return f"postgres://{user}@{host}:{port or 5432}/{settings_dict['NAME']}"
        path = tmp_path / "worker.sqlite3"
        target = sqlite3.connect(path)
        source = sqlite3.connect(settings_dict["NAME"], uri=True)
        source.backup(target)
        source.close()
        target.close()
        return f"sqlite:///{path}"

    return url


def qadam_worker(url: str, tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qadam.settings.local",
        "DATABASE_URL": url,
        "QADAM_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "test",
    }
    command = [sys.executable, "-m", "qadam", "worker", "--interval", "0.2", *args]
    return subprocess.Popen(
        command,
        env=env,
        cwd=django_settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )


def jobs_in(url: str) -> dict[int, tuple[str, str]]:
    """The jobs as the worker processes left them."""
    if url.startswith("sqlite:///"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            found = db.execute("SELECT id, status, message FROM common_job").fetchall()
        finally:
            db.close()
    else:  # the same database as this test's
        found = list(Job.objects.values_list("pk", "status", "message"))
    return {pk: (status, message) for pk, status, message in found}


def test_qadam_worker_starts_a_new_worker_when_one_dies(owner, database_url, tmp_path):
    fatal = queue(owner, _die)
    after = queue(owner, _finish)
    url = database_url()
    process = qadam_worker(url, tmp_path, "--batch", "--watch-every", "0.2")
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output.decode()
    assert b"The worker stopped (exit code 3)" in output
    # the worker process has no request: it writes in the platform's language (ru)
    with translation.override("ru"):
        stopped = gettext(STOPPED)
    assert stopped != STOPPED
    assert jobs_in(url) == {fatal.pk: ("failed", stopped), after.pk: ("succeeded", "done")}


def test_ctrl_c_stops_the_supervisor_and_its_worker(owner, database_url, tmp_path):
    process = qadam_worker(database_url(), tmp_path)
    assert process.stdout is not None
    line = b""
    while b"Starting worker" not in line:  # the worker itself is up, waiting for jobs
        line = process.stdout.readline()
        assert line, "qadam worker ended before its worker started"
    assert process.poll() is None
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends the terminal's foreground group
    process.communicate(timeout=30)
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # nobody left in the group: the worker stopped too
        os.killpg(process.pid, 0)
