"""The modernisation's lists as XLSX (see qadam.common.exports): projects, equipment lines,
overdue milestones and PPP investments, each through its page's selector, so the file holds
the rows the page shows the user."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.common.exports import Table, exporter, queryset_table
from qadam.common.filters import NoFilters
from qadam.common.localized import localized
from qadam.modernisation import selectors
from qadam.modernisation.models import EquipmentLine, Investment, Milestone, Project

PROJECT_HEADER = (
    _lazy("college"),
    _lazy("region"),
    _lazy("status"),
    _lazy("starts on"),
    _lazy("ends on"),
    _lazy("committed, tenge"),
    _lazy("delivered, tenge"),
    _lazy("milestones overdue"),
)


@exporter("modernisation.projects", title=_lazy("Modernisation projects"), filters=NoFilters)
def projects(user: User, filters: NoFilters) -> Table:
    queryset = selectors.project_export_list(user=user, today=timezone.localdate())
    return queryset_table(PROJECT_HEADER, queryset, _project_row)


def _project_row(project: Project) -> tuple[object, ...]:
    return (
        localized(project.college),
        localized(project.college.region),
        project.get_status_display(),
        project.starts_on,
        project.ends_on,
        project.committed,  # type: ignore[attr-defined]  # annotated by the selector
        project.delivered,  # type: ignore[attr-defined]
        project.overdue,  # type: ignore[attr-defined]
    )


LINE_HEADER = (
    _lazy("college"),
    _lazy("item"),
    _lazy("workshop or laboratory"),
    _lazy("quantity"),
    _lazy("unit cost, tenge"),
    _lazy("cost, tenge"),
    _lazy("funding source"),
    _lazy("patron or investor"),
    _lazy("obligation"),
    _lazy("delivered on"),
    _lazy("evidence"),
)


@exporter("modernisation.lines", title=_lazy("Equipment lines"), filters=NoFilters)
def lines(user: User, filters: NoFilters) -> Table:
    return queryset_table(LINE_HEADER, selectors.line_list(user=user), _line_row)


def _line_row(line: EquipmentLine) -> tuple[object, ...]:
    return (
        localized(line.project.college),
        localized(line, "item"),
        localized(line.facility) if line.facility else "",
        line.quantity,
        line.unit_cost,
        line.cost,
        line.get_source_display(),
        str(line.investor or ""),
        line.obligation.agreement.number if line.obligation else "",
        line.delivered_on,
        line.evidence,
    )


OVERDUE_HEADER = (_lazy("college"), _lazy("region"), _lazy("milestone"), _lazy("due on"))


@exporter("modernisation.overdue", title=_lazy("Overdue milestones"), filters=NoFilters)
def overdue(user: User, filters: NoFilters) -> Table:
    queryset = selectors.overdue_milestones(user=user, today=timezone.localdate())
    return queryset_table(OVERDUE_HEADER, queryset, _milestone_row)


def _milestone_row(milestone: Milestone) -> tuple[object, ...]:
    college = milestone.project.college
    return (
        localized(college),
        localized(college.region),
        localized(milestone, "title"),
        milestone.due_on,
    )


INVESTMENT_HEADER = (
    _lazy("investor"),
    _lazy("institution"),
    _lazy("amount, tenge"),
    _lazy("purpose"),
    _lazy("year"),
    _lazy("status"),
    _lazy("agreement"),
)


@exporter("modernisation.investments", title=_lazy("PPP investments"), filters=NoFilters)
def investments(user: User, filters: NoFilters) -> Table:
    queryset = selectors.investment_list(user=user)
    return queryset_table(INVESTMENT_HEADER, queryset, _investment_row)


def _investment_row(investment: Investment) -> tuple[object, ...]:
    return (
        str(investment.investor),
        localized(investment.institution),
        investment.amount,
        investment.purpose,
        investment.year,
        investment.get_status_display(),
        investment.agreement.number if investment.agreement else "",
    )
