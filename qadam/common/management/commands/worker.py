"""`qadam worker`: run background jobs, starting the worker again whenever it dies."""

from argparse import ArgumentParser, BooleanOptionalAction
from typing import Any

from django.core.management.base import BaseCommand

from qadam.common.worker import Supervisor


class Command(BaseCommand):
    help = (
        "Run background jobs: a worker (task_worker) under a supervisor that restarts it "
        "when it dies and fails the jobs it was running. Ctrl-C stops both."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then stop")
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=None,
            help="a worker runs this many tasks, then a fresh one takes over (frees memory)",
        )
        parser.add_argument(
            "--reload",
            action=BooleanOptionalAction,
            default=False,
            help="accepted for db_worker's sake; the supervised worker never reloads",
        )
        parser.add_argument(
            "--max-restarts", type=int, default=None, help="give up after this many restarts"
        )
        parser.add_argument(
            "--watch-every", type=float, default=5.0, help="seconds between the supervisor's checks"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_args = [
            "--queue-name",
            options["queue_name"],
            "--interval",
            str(options["interval"]),
            f"--verbosity={options['verbosity']}",
        ]
        if options["batch"]:
            worker_args.append("--batch")
        if options["max_tasks"]:
            worker_args += ["--max-tasks", str(options["max_tasks"])]
        supervisor = Supervisor(
            worker_args=worker_args,
            watch_every=options["watch_every"],
            max_restarts=options["max_restarts"],
            renew=bool(options["max_tasks"]) and not options["batch"],
            stdout=self.stdout,
        )
        code = supervisor.run()
        if code:
            raise SystemExit(code)
