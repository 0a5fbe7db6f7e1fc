"""Runs of a scenario: queued one at a time, computed as a background job; a finished run's
seats exported as XLSX."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.common.audit import audited_create, audited_update
from qadam.common.errors import ApplicationError
from qadam.common.localized import localized
from qadam.common.models import Job
from qadam.common.services import job_create, job_enqueue, jobs_fail_stale
from qadam.planning.models import AllocationRun, Scenario
from qadam.planning.policies import require_planner

UNDER_WAY = (AllocationRun.Status.QUEUED, AllocationRun.Status.RUNNING)


def runs_reconcile() -> int:
    """A run is under way only while its job is: a run whose job failed (its worker died,
    or it ran past its limits) fails with the job's message. Returns how many failed."""
    jobs_fail_stale()
    # read first, write only what failed: pages call this, and a write on SQLite waits
    orphans = AllocationRun.objects.filter(
        status__in=UNDER_WAY, job__status=Job.Status.FAILED
    ).values_list("pk", "job__message")
    now = timezone.now()
    for run_id, message in orphans:
        AllocationRun.objects.filter(pk=run_id, status__in=UNDER_WAY).update(
            status=AllocationRun.Status.FAILED, error=message, finished_at=now
        )
    return len(orphans)


@transaction.atomic
def run_prepare(*, scenario: Scenario, actor: User | None = None) -> AllocationRun:
    """A queued run; the command line and seeding compute it in the foreground."""
    # the scenario's row locked: two starts at once make one run, not two
    locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
    runs_reconcile()
    if AllocationRun.objects.filter(scenario=locked, status__in=UNDER_WAY).exists():
        raise ApplicationError(_("A run of this scenario is already under way."))
    run = AllocationRun(scenario=locked, started_by=actor, inputs_version=locked.inputs_version)
    return audited_create(actor=actor, instance=run)


@transaction.atomic
def run_start(*, actor: User, scenario: Scenario, language: str = "ru") -> AllocationRun:
    """Queue a projection and allocation of the scenario as a background job."""
    from qadam.planning.tasks import allocate_scenario

    require_planner(actor)
    run = run_prepare(scenario=scenario, actor=actor)
    job = job_create(
        owner=actor,
        kind="planning.allocate",
        title=_("Allocation: %(scenario)s") % {"scenario": localized(scenario)},
        parameters={"run_id": run.pk},
    )
    run = audited_update(actor=actor, instance=run, changes={"job": job})
    job_enqueue(job=job, task=allocate_scenario, run_id=run.pk, language=language)
    return run


def run_export_start(*, actor: User, run: AllocationRun, language: str = "ru") -> int:
    """Queue the XLSX of a finished run's seats as a background job; returns the job's id."""
    from qadam.planning.tasks_export import export_seats  # the task module reads selectors

    if not user_scope(user=actor).national_aggregates:
        raise PermissionDenied(_("Only the ministry's planners and analysts may do this."))
    if run.status != AllocationRun.Status.FINISHED:
        raise ApplicationError(_("Only a finished run's seats can be exported."))
    with transaction.atomic():
        job = job_create(
            owner=actor,
            kind="planning.seat_export",
            title=_("Seats of %(scenario)s, run %(run)s")
            % {"scenario": localized(run.scenario), "run": run.pk},
            parameters={"run_id": run.pk},
        )
        job_enqueue(job=job, task=export_seats, user_id=actor.pk, run_id=run.pk, language=language)
    return job.pk
