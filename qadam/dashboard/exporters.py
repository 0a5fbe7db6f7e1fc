"""The dashboard's list as XLSX: the user's background jobs (see qadam.common.exports)."""

from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.common.exports import Table, exporter, queryset_table
from qadam.common.models import Job
from qadam.common.selectors import job_list

JOBS_SHOWN = 50  # the jobs page shows the latest fifty


@exporter("dashboard.jobs", title=_lazy("Background jobs"))
def jobs(user: User, params: dict[str, str]) -> Table:
    return queryset_table(
        (
            _lazy("job"),
            _lazy("status"),
            _lazy("done"),
            _lazy("total"),
            _lazy("started"),
            _lazy("finished at"),
        ),
        job_list(user=user)[:JOBS_SHOWN],
        _job_row,
    )


def _job_row(job: Job) -> tuple[object, ...]:
    return (
        job.title,
        job.get_status_display(),
        job.done,
        job.total,
        job.created_at,
        job.finished_at,
    )
