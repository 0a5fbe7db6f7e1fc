"""Every read of the modernisation, scoped to the user (scope.py): the national view, the
projects, a project with its lines and milestones, the lines an enterprise pays for, overdue
milestones and PPP investments. Money is summed over equipment lines only (rules.py)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from qadam.accounts.models import User
from qadam.modernisation import policies
from qadam.modernisation.choices import FundingSource
from qadam.modernisation.models import EquipmentLine, Investment, Milestone, Project
from qadam.modernisation.rules import TARGET_COLLEGES
from qadam.modernisation.scope import (
    visible_investments,
    visible_lines,
    visible_milestones,
    visible_projects,
)
from qadam.registry.models import Region

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=2))
DELIVERED = Q(delivered_on__isnull=False)
LINE_RELATED = ("project__college", "facility", "investor", "obligation__agreement", "delivery")


def _money(**extra: Any) -> dict[str, Any]:
    return {
        "committed": Coalesce(Sum("cost"), ZERO),
        "delivered": Coalesce(Sum("cost", filter=DELIVERED), ZERO),
        **extra,
    }


def open_milestones(today: date) -> Q:
    return Q(done_on__isnull=True, due_on__lt=today)


# --------------------------------------------------------------------------- national view


def programme_summary(*, user: User, today: date) -> dict[str, Any]:
    """Colleges in the programme against the target, money committed and delivered by
    source and by region, overdue milestones: the ministry's and analysts' view."""
    if not policies.may_read_programme(user):
        raise PermissionDenied
    lines = EquipmentLine.objects.all()
    totals = lines.aggregate(**_money())
    sources = {row["source"]: row for row in lines.values("source").annotate(**_money())}
    by_source = [
        {**sources.get(value, {"committed": 0, "delivered": 0}), "source": value, "label": label}
        for value, label in FundingSource.choices
    ]
    by_region = _by_region(today)
    colleges = Project.objects.count()
    return {
        "may_record": policies.may_record_investment(user),
        "target": TARGET_COLLEGES,
        "colleges": colleges,
        "target_share": colleges / TARGET_COLLEGES,
        "totals": totals,
        "by_source": by_source,
        "by_region": by_region,
        "overdue": Milestone.objects.filter(open_milestones(today)).count(),
        "investments": Investment.objects.aggregate(
            count=Count("id"), amount=Coalesce(Sum("amount"), ZERO)
        ),
    }


def _by_region(today: date) -> list[dict[str, Any]]:
    money: dict[int, dict[str, Any]] = {
        row["project__college__region_id"]: dict(row)
        for row in EquipmentLine.objects.values("project__college__region_id")
        .annotate(**_money())
        .order_by()
    }
    colleges = dict(
        Project.objects.values_list("college__region_id").annotate(n=Count("id")).order_by()
    )
    overdue = dict(
        Milestone.objects.filter(open_milestones(today))
        .values_list("project__college__region_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        {
            "region": region,
            "colleges": colleges.get(region.pk, 0),
            "committed": money.get(region.pk, {}).get("committed", 0),
            "delivered": money.get(region.pk, {}).get("delivered", 0),
            "overdue": overdue.get(region.pk, 0),
        }
        for region in Region.objects.order_by("name_ru")
        if region.pk in colleges
    ]


def modernisation_statistics() -> dict[str, int | float]:
    """The headline figures for `qadam stats`."""
    totals = EquipmentLine.objects.aggregate(**_money())
    return {
        "colleges_in_modernisation": Project.objects.count(),
        "modernisation_committed_tenge": int(totals["committed"]),
        "modernisation_delivered_tenge": int(totals["delivered"]),
    }


# --------------------------------------------------------------------------- projects


def project_list(*, user: User) -> QuerySet[Project]:
    return (
        visible_projects(user=user)
        .select_related("college__region")
        .order_by("college__name_ru", "id")
    )


def project_export_list(*, user: User, today: date) -> QuerySet[Project]:
    """The projects with their money and overdue milestones as columns (one query)."""
    lines = EquipmentLine.objects.filter(project=OuterRef("pk")).order_by().values("project")
    late = Milestone.objects.filter(open_milestones(today), project=OuterRef("pk"))
    return project_list(user=user).annotate(
        committed=Coalesce(Subquery(lines.annotate(t=Sum("cost")).values("t")), ZERO),
        delivered=Coalesce(
            Subquery(lines.filter(DELIVERED).annotate(t=Sum("cost")).values("t")), ZERO
        ),
        overdue=Coalesce(
            Subquery(late.order_by().values("project").annotate(n=Count("id")).values("n")),
            Value(0),
        ),
    )


def project_figures(*, projects: list[Project], today: date) -> list[dict[str, Any]]:
    """A page of projects with their money and overdue milestones (two grouped queries)."""
    ids = [project.pk for project in projects]
    money: dict[int, dict[str, Any]] = {
        row["project_id"]: dict(row)
        for row in EquipmentLine.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(**_money())
        .order_by()
    }
    overdue = dict(
        Milestone.objects.filter(open_milestones(today), project_id__in=ids)
        .values_list("project_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        {
            "project": project,
            "committed": money.get(project.pk, {}).get("committed", 0),
            "delivered": money.get(project.pk, {}).get("delivered", 0),
            "overdue": overdue.get(project.pk, 0),
        }
        for project in projects
    ]


def project_get(*, user: User, project_id: int) -> Project:
    return visible_projects(user=user).select_related("college__region").get(pk=project_id)


def project_detail(*, user: User, project: Project, today: date) -> dict[str, Any]:
    lines = list(project.lines.select_related(*LINE_RELATED).order_by("id"))
    milestones = list(project.milestones.order_by("due_on", "id"))
    return {
        "project": project,
        "facilities": list(project.facilities.order_by("id")),
        "lines": lines,
        "milestones": milestones,
        "overdue_ids": {m.pk for m in milestones if m.done_on is None and m.due_on < today},
        "committed": sum((line.cost for line in lines), Decimal(0)),
        "delivered": sum((line.cost for line in lines if line.delivered_on), Decimal(0)),
        "may_plan": policies.may_plan_project(user, project),
        "may_deliver": policies.may_plan_project(user, project),  # the same people
    }


# --------------------------------------------------------------------------- lines


def line_list(*, user: User) -> QuerySet[EquipmentLine]:
    """The lines a user may read: an enterprise's are those it pays for."""
    return visible_lines(user=user).select_related(*LINE_RELATED).order_by("-id")


def line_get(*, user: User, line_id: int) -> EquipmentLine:
    return visible_lines(user=user).select_related(*LINE_RELATED).get(pk=line_id)


# --------------------------------------------------------------------------- milestones


def milestone_get(*, user: User, milestone_id: int) -> Milestone:
    return visible_milestones(user=user).select_related("project__college").get(pk=milestone_id)


def overdue_milestones(*, user: User, today: date) -> QuerySet[Milestone]:
    """Milestones past their due date and not done, oldest first."""
    return (
        visible_milestones(user=user)
        .filter(open_milestones(today))
        .select_related("project__college__region")
        .order_by("due_on", "id")
    )


# --------------------------------------------------------------------------- investments


def investment_list(*, user: User) -> QuerySet[Investment]:
    return (
        visible_investments(user=user)
        .select_related("investor", "institution", "agreement")
        .order_by("-year", "-id")
    )
