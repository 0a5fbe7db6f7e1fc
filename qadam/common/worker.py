"""`qadam worker`: django-tasks' database worker that survives a locked database, run under
a supervisor that restarts it when it dies (ADR 0006).

The supervisor (the `worker` command) starts the worker (`task_worker`) as a child process
with an id of its own, and while it runs, every few seconds: gives the jobs it is running
a sign of life (so they are not taken for stale), fails stale jobs of any worker, and kills
it when a job has run past its time limit plus a grace period (stuck in C, where the
in-process timer cannot reach it). When the child exits, the jobs it was running fail at
once and, unless it was asked to stop, a new child starts (waiting longer after each quick
death). SIGINT and SIGTERM stop both.
"""

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import OperationalError, close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

from qadam.common.models import Job
from qadam.common.services import (
    UNFINISHED,
    job_fail,
    job_heartbeat,
    jobs_fail_stale,
    stopped_message,
    time_limit_message,
)

logger = logging.getLogger("qadam.worker")

LOCKED_RETRY_SECONDS = 1.0
SAVE_RESULT_PATIENCE = 120.0  # seconds to keep trying to record a task's outcome
KILL_GRACE_SECONDS = 60.0  # past the time limit before the supervisor kills the worker
RESTART_DELAYS = (1, 2, 5, 10, 30)  # seconds; a child that ran a minute starts the list anew


def _retry_locked(call: Callable[[], Any], *, patience: float) -> Any:
    """Call, retrying while SQLite (or MySQL) says the database is locked."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return call()
        except OperationalError as error:
            if not is_locked_database_exception(error) or time.monotonic() > deadline:
                raise
            logger.warning("database is locked; retrying in %s s", LOCKED_RETRY_SECONDS)
            time.sleep(LOCKED_RETRY_SECONDS)


class Worker(DatabaseWorker):
    """The database worker, which keeps going when the database is locked: claiming a task
    and recording its outcome are retried instead of ending the process."""

    def run(self) -> None:
        while True:
            try:
                super().run()
                return
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                # BEGIN EXCLUSIVE before claiming a task is outside the library's own retry
                logger.warning("database is locked; retrying in %s s", LOCKED_RETRY_SECONDS)
                time.sleep(LOCKED_RETRY_SECONDS)
                if not self.running:
                    return

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # the library records the outcome with three quick tries; a long write by the web
        # process outlasts them, so each try here waits as long as a lock can reasonably last
        set_successful, set_failed = db_task_result.set_successful, db_task_result.set_failed

        def successful(value: Any) -> None:
            _retry_locked(lambda: set_successful(value), patience=SAVE_RESULT_PATIENCE)

        def failed(error: BaseException) -> None:
            _retry_locked(lambda: set_failed(error), patience=SAVE_RESULT_PATIENCE)

        db_task_result.set_successful = successful
        db_task_result.set_failed = failed
        super().run_task(db_task_result)


# --------------------------------------------------------------------------- supervisor


def worker_id_new() -> str:
    return f"qadam-{os.getpid()}-{get_random_string(12)}"[:64]


def _running_of(worker_id: str) -> list[DBTaskResult]:
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "worker_ids", "started_at"
    )
    return [result for result in running if result.worker_ids[-1:] == [worker_id]]


def worker_gone(*, worker_id: str, message: str) -> list[int]:
    """Fail what the worker `worker_id` was running when it stopped; returns the jobs' ids."""
    results = _running_of(worker_id)
    if not results:
        return []
    now = timezone.now()
    ids = [str(result.pk) for result in results]
    jobs = list(
        Job.objects.filter(task_result_id__in=ids, status__in=UNFINISHED).values_list(
            "pk", flat=True
        )
    )
    for job_id in jobs:
        job_fail(job_id=job_id, message=message)
    DBTaskResult.objects.filter(pk__in=[r.pk for r in results]).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="",
        traceback=message,
    )
    return jobs


def worker_watch(*, worker_id: str, now: Any = None) -> bool:
    """One round of the supervisor's watch over its worker; True when it must be killed (a
    job past its time limit and the grace period, which is failed here)."""
    now = now or timezone.now()
    results = _running_of(worker_id)
    job_heartbeat(task_result_ids=[str(result.pk) for result in results])
    jobs_fail_stale(now=now)
    limit = settings.QADAM_JOB_TIME_LIMIT
    if not limit:
        return False
    overdue = now - timedelta(seconds=limit + KILL_GRACE_SECONDS)
    if any(result.started_at and result.started_at < overdue for result in results):
        worker_gone(worker_id=worker_id, message=time_limit_message(limit))
        return True
    return False


class Supervisor:
    """Runs `task_worker` as a child and starts it again whenever it dies."""

    def __init__(
        self,
        *,
        worker_args: list[str],
        watch_every: float = 5.0,
        max_restarts: int | None = None,
        renew: bool = False,
        stdout: Any = None,
    ) -> None:
        self.worker_args = worker_args
        self.renew = renew  # a worker that ended its --max-tasks is replaced by a fresh one
        self.watch_every = watch_every
        self.max_restarts = max_restarts
        self.stopping = False
        self.child: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self.say: Callable[[str], None] = stdout.write if stdout else logger.warning

    def stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.terminate()  # a second signal for the worker: it stops its task now

    def command(self, worker_id: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "qadam",
            "task_worker",
            "--no-reload",
            "--worker-id",
            worker_id,
            *self.worker_args,
        ]

    def run(self) -> int:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        delays = iter(RESTART_DELAYS)
        while True:
            worker_id = worker_id_new()
            started = time.monotonic()
            self.child = subprocess.Popen(self.command(worker_id))
            code = self._watch(worker_id, self.child)
            self._safely(partial(worker_gone, worker_id=worker_id, message=stopped_message()))
            if self.stopping or (code == 0 and not self.renew):  # asked to stop, or batch done
                return code
            if self.max_restarts is not None and self.restarts >= self.max_restarts:
                return code
            if time.monotonic() - started > 60:
                delays = iter(RESTART_DELAYS)
            delay = 0 if code == 0 else next(delays, RESTART_DELAYS[-1])
            self.say(f"The worker stopped (exit code {code}); starting it again in {delay} s.\n")
            self.restarts += 1
            self._sleep(delay)
            if self.stopping:
                return code

    def _watch(self, worker_id: str, child: subprocess.Popen[bytes]) -> int:
        while (code := child.poll()) is None:
            must_kill = self._safely(lambda: worker_watch(worker_id=worker_id))
            if must_kill:
                self.say("A job ran past its time limit; stopping its worker.\n")
                child.kill()
                return child.wait()
            self._sleep(self.watch_every, child)
        return code

    def _sleep(self, seconds: float, child: subprocess.Popen[bytes] | None = None) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.stopping:
            if child is not None and child.poll() is not None:
                return
            time.sleep(min(0.2, seconds))

    def _safely(self, call: Callable[[], Any]) -> Any:
        """The supervisor's own reads and writes: a locked or lost database is retried on the
        next round, never the end of the supervisor."""
        try:
            close_old_connections()
            return call()
        except OperationalError as error:
            self.say(f"database not available to the supervisor: {error}\n")
            return None
