"""Background tasks of the registry (run by `qadam worker`)."""

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext_lazy as _lazy
from django_tasks import task

from qadam.common.services import job_fail, job_finish, job_progress
from qadam.common.xlsx import write_xlsx
from qadam.registry.filters import RegistryFilters
from qadam.registry.selectors import student_list

EXPORT_COLUMNS = {
    "iin": _lazy("IIN"),
    "last_name": _lazy("last name"),
    "first_name": _lazy("first name"),
    "middle_name": _lazy("patronymic"),
    "birth_date": _lazy("birth date"),
    "sex": _lazy("sex"),
    "region__name_ru": _lazy("region"),
    "institution__name_ru": _lazy("institution"),
    "program__specialty__code": _lazy("specialty"),
    "year_of_study": _lazy("year of study"),
    "funding": _lazy("funding"),
    "status": _lazy("status"),
}


@task()
def export_students(
    *, job_id: int, user_id: int, filters: dict[str, Any], language: str = "ru"
) -> str:
    """Write the students the user may see, with the list's filters, to an XLSX file."""
    try:
        with translation.override(language):
            return _export(job_id, user_id, filters)
    except Exception as error:
        job_fail(job_id=job_id, message=str(error))
        raise


def _export(job_id: int, user_id: int, filters: dict[str, Any]) -> str:
    user = get_user_model().objects.get(pk=user_id)
    queryset = student_list(user=user, filters=RegistryFilters.from_query(filters))
    total = queryset.count()
    job_progress(job_id=job_id, done=0, total=total)
    relative = f"exports/students-{job_id}.xlsx"
    rows: Iterator[tuple[Any, ...]] = queryset.values_list(*EXPORT_COLUMNS).iterator(
        chunk_size=5000
    )
    count = write_xlsx(
        settings.MEDIA_ROOT / relative,
        [str(title) for title in EXPORT_COLUMNS.values()],
        rows,
        on_progress=lambda done: job_progress(job_id=job_id, done=done, total=total),
    )
    job_finish(job_id=job_id, result_file=relative, message=str(count))
    return relative
