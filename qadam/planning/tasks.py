"""Background tasks of workforce planning (run by `qadam worker`)."""

from typing import Any

from django_tasks import task

from qadam.common.services import job_finish, job_progress, job_run
from qadam.planning.runs import STEPS, run_allocation


@task()
def allocate_scenario(*, job_id: int, run_id: int, language: str = "ru") -> dict[str, Any]:
    """Project, allocate and compare one scenario run, reporting each step on the job."""

    def progress(step: str) -> None:
        job_progress(job_id=job_id, done=STEPS.index(step), total=len(STEPS), message=step)

    def work() -> dict[str, Any]:
        allocation = run_allocation(run_id=run_id, progress=progress)["allocation"]
        job_finish(
            job_id=job_id,
            message=f"{allocation['seats']:,.0f} / {allocation['total_seats']:,.0f}",
        )
        return {"seats": allocation["seats"], "unmet": allocation["unmet"]}

    return job_run(job_id=job_id, language=language, work=work)
