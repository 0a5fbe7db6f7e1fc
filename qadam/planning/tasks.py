"""Background tasks of workforce planning (run by `qadam worker`)."""

from typing import Any

from django.utils import translation
from django_tasks import task

from qadam.common.services import job_fail, job_finish, job_progress
from qadam.planning.runs import STEPS, run_allocation


@task()
def allocate_scenario(*, job_id: int, run_id: int, language: str = "ru") -> dict[str, Any]:
    """Project, allocate and compare one scenario run, reporting each step on the job."""

    def progress(step: str) -> None:
        job_progress(job_id=job_id, done=STEPS.index(step), total=len(STEPS), message=step)

    try:
        with translation.override(language):
            results = run_allocation(run_id=run_id, progress=progress)
    except Exception as error:
        job_fail(job_id=job_id, message=str(error))
        raise
    allocation = results["allocation"]
    job_finish(
        job_id=job_id, message=f"{allocation['seats']:,.0f} / {allocation['total_seats']:,.0f}"
    )
    return {"seats": allocation["seats"], "unmet": allocation["unmet"]}
