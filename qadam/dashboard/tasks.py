"""The national figures' refresh as a background task (run by `qadam worker`)."""

from django.utils import timezone
from django_tasks import task

from qadam.dashboard.kpis.figures import figures_refresh


@task()
def kpi_figures_refresh_task() -> str:
    """Recompute the national figures if the data changed since they were computed."""
    return figures_refresh(today=timezone.localdate()).computed_at.isoformat()
