"""`qadam task_worker`: one database worker that survives a locked database; `qadam worker`
runs it under a supervisor, which is how it is meant to be started."""

from typing import Any

from django_tasks_db.management.commands import db_worker

from qadam.common.worker import Worker


class Command(db_worker.Command):
    help = "Run one background worker (qadam worker supervises it)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        exclude = options["exclude_queues"]
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=exclude.split(",") if exclude else [],
        )
        # no autoreload: the supervisor starts a fresh worker whenever this one ends
        worker.configure_signals()
        worker.run()
