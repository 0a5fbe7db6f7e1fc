"""What each role's home page shows."""

from typing import Any

import plotly.graph_objects as go
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import Scope
from qadam.agreements.reminders import reminders_for
from qadam.planning import selectors as planning_selectors
from qadam.planning.pipeline import pipeline_context
from qadam.registry.filters import StudentCountFilters
from qadam.registry.selectors import registry_totals, student_counts


def _bar_chart(rows: list[dict[str, Any]], title: str) -> str:
    figure = go.Figure(
        go.Bar(
            # a masked count ("<5") is drawn as 0
            x=[row["count"] if isinstance(row["count"], int) else 0 for row in rows][::-1],
            y=[str(row["label"]) for row in rows][::-1],
            orientation="h",
            marker_color="#1d6fa5",
        )
    )
    figure.update_layout(
        title=title,
        height=max(300, 22 * len(rows) + 80),
        margin={"l": 10, "r": 10, "t": 40},
        yaxis={"automargin": True},
    )
    return str(figure.to_json())


def home_context(*, user: User, scope: Scope) -> dict[str, Any]:
    """Headline figures and charts for `user`, within their scope."""
    context: dict[str, Any] = {"scope": scope, "role": scope.role}
    if scope.national_aggregates:
        # national counts by kind of institution: never one total of schools and colleges
        context["totals"] = registry_totals()
        by_region = student_counts(user=user, filters=StudentCountFilters(by="region"))
        context["region_chart"] = _bar_chart(by_region, _("Students by region"))
    elif scope.aggregates:
        by_funding = student_counts(user=user, filters=StudentCountFilters(by="funding"))
        context["student_total"] = sum(row["count"] for row in by_funding)
        context["by_funding"] = by_funding
    if scope.role == Role.STUDENT and user.student_id:
        context["student"] = user.student
    if scope.role == Role.ENTERPRISE_HR:
        context["enterprise"] = user.enterprise
        megaproject = planning_selectors.megaproject_operated(user=user)
        if megaproject is not None:  # a megaproject's HR: their home is its pipeline
            context.update(pipeline_context(user, megaproject))
    if scope.institution_ids:
        context["institution"] = user.institution
    # agreements expiring within 90 days and obligations overdue, within what the user sees
    context["reminders"] = reminders_for(user, timezone.localdate())
    return context
