"""The joint programme's lists as XLSX (see qadam.common.exports): the programmes, a
programme's quotas with their progress, and a cohort's students, each read through its
page's own selector, so the file holds what the page shows that user."""

from typing import Any

from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.common.exports import Table, exporter, list_table
from qadam.common.exports import queryset_table as table
from qadam.common.filters import NoFilters
from qadam.common.localized import HEADERS, localized, variant_cells
from qadam.joint import selectors
from qadam.joint.filters import MemberFilters, ProgressFilters
from qadam.joint.models import CohortMember


@exporter("joint.programmes", title=_lazy("Joint KZ–RU training programmes"), filters=NoFilters)
def programmes(user: User, filters: NoFilters) -> Table:
    header = (
        _lazy("code"),
        _lazy("name"),
        _lazy("status"),
        _lazy("starts on"),
        _lazy("ends on"),
        _lazy("institutions of Kazakhstan"),
        _lazy("institutions of Russia"),
        _lazy("seats in quotas"),
        _lazy("students"),
        *HEADERS["name"],
    )
    return list_table(header, lambda: selectors.programme_list(user=user), _programme_row)


def _programme_row(row: dict[str, Any]) -> tuple[object, ...]:
    programme = row["programme"]
    return (
        programme.code,
        localized(programme),
        programme.get_status_display(),
        programme.starts_on,
        programme.ends_on,
        row["kz_participants"],
        row["ru_participants"],
        row["seats"],
        row["students"],
        *variant_cells(programme),
    )


@exporter("joint.quotas", title=_lazy("Quotas"), filters=ProgressFilters)
def quotas(user: User, filters: ProgressFilters) -> Table:
    programme = selectors.programme_get(user=user, programme_id=filters.programme)
    header = (
        _lazy("intake year"),
        _lazy("country"),
        _lazy("region"),
        _lazy("specialty"),
        _lazy("seats"),
        _lazy("students"),
    )
    rows = selectors.programme_progress(user=user, programme=programme)["quotas"]
    return list_table(header, lambda: rows, _quota_row, title=programme.code)


def _quota_row(row: dict[str, Any]) -> tuple[object, ...]:
    specialty = f"{row['specialty'].code} {localized(row['specialty'])}"
    return (row["year"], row["country"], row["region"], specialty, row["seats"], row["enrolled"])


@exporter("joint.members", title=_lazy("Cohort students"), filters=MemberFilters)
def members(user: User, filters: MemberFilters) -> Table:
    cohort = selectors.cohort_get(user=user, cohort_id=filters.cohort)
    header = (
        _lazy("last name"),
        _lazy("first name"),
        _lazy("patronymic"),
        _lazy("IIN"),
        _lazy("institution"),
        _lazy("joined on"),
        _lazy("status"),
    )
    title = f"{cohort.programme.code} · {cohort.intake_year}"
    return table(header, selectors.cohort_members(cohort=cohort), _member_row, title=title)


def _member_row(member: CohortMember) -> tuple[object, ...]:
    student = member.student
    return (
        student.last_name,
        student.first_name,
        student.middle_name,
        student.iin,
        localized(student.institution),
        member.joined_on,
        member.get_status_display(),
    )
