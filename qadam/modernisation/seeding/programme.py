"""The modernisation programme's rows: projects, workshops, lines, milestones, PPP investments
(see the package's docstring). Everything is drawn from its own stream of the seed and written
with bulk_create (a few thousand rows)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Model, Q

from qadam.accounts.roles import Role
from qadam.agreements.choices import (
    ObligationKind,
)
from qadam.agreements.models import Delivery, Obligation, Party
from qadam.agreements.seeding.common import AS_OF, scaled
from qadam.agreements.seeding.organisations import demo_organisation
from qadam.agreements.seeding.patronage import EQUIPMENT
from qadam.modernisation.choices import FundingSource, ProjectStatus
from qadam.modernisation.models import EquipmentLine, Facility, Investment, Milestone, Project
from qadam.modernisation.seeding.data import (
    FACILITIES,
    MILESTONES,
    SECTOR_OF_PROFILE,
)
from qadam.modernisation.seeding.investments import (
    ppp_investors,
    ppp_lines,
    seed_002_investments,
)
from qadam.registry.models import Institution
from qadam.registry.seeding.profiles import Profile

PROJECTS = 285  # more than the 270 the Minister names (assumption: the programme's size)
# ASSUMPTIONS: each budget line's unit cost (median, million tenge) and quantity range; the
# shares of lines by budget source; nine in
# ten milestones past due are done (within about three weeks of the date)
UNIT_COST_MEDIAN = 4.0
QUANTITY = (1, 12)
BUDGET_LINES = (4, 9)
BUDGET_SOURCES = (FundingSource.REPUBLICAN, FundingSource.LOCAL, FundingSource.OWN)
BUDGET_SHARES = (0.6, 0.3, 0.1)
DONE_SHARE = 0.88
LINES_PER_OBLIGATION = 3  # deliveries of one obligation shown as lines (the first ones)
STREAM = 9  # the modernisation's streams of the seed: [seed, STREAM, part]
# What a reset removes, children first (before agreements, enterprises and institutions)
MODERNISATION_MODELS: tuple[type[Model], ...] = (
    EquipmentLine,
    Milestone,
    Facility,
    Investment,
    Project,
)


@dataclass
class Rows:
    facilities: list[Facility] = field(default_factory=list)
    lines: list[EquipmentLine] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)


def _day(start: date, span_days: int, share: float) -> date:
    return start + timedelta(days=round(span_days * share))


def _chosen_colleges(rng: np.random.Generator, profile: Profile) -> list[Institution]:
    """The programme's colleges: the demo college, those a demo patron equips, then colleges
    with patrons' equipment obligations before the rest (state colleges only)."""
    n = scaled(profile, PROJECTS, minimum=5)
    demo_college = demo_organisation(Role.COLLEGE_ADMIN)
    colleges = list(
        Institution.objects.filter(kind="college")
        .filter(Q(ownership="state") | Q(pk=demo_college))
        .order_by("id")
    )
    equipped = set(
        Obligation.objects.filter(kind=ObligationKind.EQUIPMENT).values_list(
            "beneficiary_id", flat=True
        )
    )
    demo_patron = demo_organisation(Role.ENTERPRISE_HR)
    demo_equipped = set(
        Obligation.objects.filter(
            kind=ObligationKind.EQUIPMENT, agreement__parties__enterprise_id=demo_patron or 0
        ).values_list("beneficiary_id", flat=True)
    )
    first = {demo_college, *demo_equipped}
    keys = rng.random(len(colleges)) + np.array([c.pk in equipped for c in colleges]) * 0.5
    keys += np.array([c.pk in first for c in colleges]) * 10
    order = np.argsort(-keys, kind="stable")[:n]
    return [colleges[k] for k in sorted(order.tolist())]


def _obligations(college_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each college's equipment obligations with their patron and first deliveries."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Obligation.objects.filter(
            kind=ObligationKind.EQUIPMENT, beneficiary_id__in=college_ids
        )
        .order_by("id")
        .values("id", "beneficiary_id", "target", "delivered", "agreement_id", "party_id")
    ]
    patrons = dict(
        Party.objects.filter(
            agreement_id__in=[r["agreement_id"] for r in rows], enterprise_id__isnull=False
        ).values_list("agreement_id", "enterprise_id")
    )
    deliveries: dict[int, list[Delivery]] = {}
    for delivery in Delivery.objects.filter(obligation_id__in=[r["id"] for r in rows]).order_by(
        "delivered_on", "id"
    ):
        deliveries.setdefault(delivery.obligation_id, []).append(delivery)
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row["agreement_id"] not in patrons:
            continue
        row["enterprise_id"] = patrons[row["agreement_id"]]
        row["deliveries"] = deliveries.get(row["id"], [])[:LINES_PER_OBLIGATION]
        found.setdefault(row["beneficiary_id"], []).append(row)
    return found


def _patron_lines(project: Project, obligations: list[dict[str, Any]]) -> list[EquipmentLine]:
    """Lines drawn from the patrons' obligations: a delivered line per delivery (its tenge),
    and what is left of the obligation as one line still to come."""
    lines: list[EquipmentLine] = []
    for obligation in obligations:
        common = {
            "project": project,
            "quantity": 1,
            "source": FundingSource.PATRON,
            "investor_id": obligation["enterprise_id"],
            "obligation_id": obligation["id"],
        }
        shown = Decimal(0)
        for delivery in obligation["deliveries"]:
            lines.append(
                EquipmentLine(
                    item=delivery.description[:200],
                    unit_cost=delivery.quantity,
                    cost=delivery.quantity,
                    delivered_on=delivery.delivered_on,
                    evidence=delivery.evidence[:255],
                    delivery_id=delivery.pk,
                    **common,
                )
            )
            shown += delivery.quantity
        left = obligation["target"] - obligation["delivered"]
        if left > 0:
            lines.append(
                EquipmentLine(
                    item="Оборудование по договору о шефстве", unit_cost=left, cost=left, **common
                )
            )
    return lines


def _budget_lines(
    rng: np.random.Generator,
    project: Project,
    facilities: list[Facility],
    sector: str,
    span: int,
) -> list[EquipmentLine]:
    pool = EQUIPMENT.get(sector) or EQUIPMENT["mechanical"]
    count = int(rng.integers(BUDGET_LINES[0], BUDGET_LINES[1] + 1))
    sources = rng.choice(len(BUDGET_SOURCES), size=count, p=BUDGET_SHARES)
    elapsed = (AS_OF - project.starts_on).days
    lines = []
    for k in range(count):
        quantity = int(rng.integers(QUANTITY[0], QUANTITY[1] + 1))
        unit = Decimal(round(UNIT_COST_MEDIAN * 1e6 * rng.lognormal(0, 0.6) / 1000) * 1000)
        arrives = _day(project.starts_on, span, float(rng.uniform(0.25, 0.7)))
        delivered = arrives <= AS_OF and elapsed > 0 and rng.random() < 0.9
        lines.append(
            EquipmentLine(
                project=project,
                facility=facilities[k % len(facilities)],
                item=pool[int(rng.integers(len(pool)))].capitalize(),
                quantity=quantity,
                unit_cost=unit,
                cost=unit * quantity,
                source=str(BUDGET_SOURCES[int(sources[k])]),
                delivered_on=arrives if delivered else None,
                evidence=f"Акт приёма-передачи № {project.college_id}-{k + 1}" if delivered else "",
            )
        )
    return lines


def _milestones(rng: np.random.Generator, project: Project, span: int) -> list[Milestone]:
    milestones = []
    for ru, kk, en, share in MILESTONES:
        due = _day(project.starts_on, span, share)
        done = None
        if due < AS_OF and rng.random() < DONE_SHARE:
            done = min(AS_OF, due + timedelta(days=int(rng.integers(-20, 25))))
        milestones.append(
            Milestone(
                project=project,
                title=ru,
                title_kk=kk,
                title_en=en,
                due_on=due,
                done_on=done,
                evidence="Протокол комиссии" if done else "",
            )
        )
    return milestones


def _status(project: Project, milestones: list[Milestone]) -> str:
    if all(m.done_on for m in milestones):
        return ProjectStatus.COMPLETED
    return ProjectStatus.UNDER_WAY if project.starts_on <= AS_OF else ProjectStatus.PLANNED


def seed_modernisation(*, profile: Profile, seed: int) -> dict[str, int]:
    """Adds the programme to a seeded registry and partnerships, inside the caller's
    transaction; returns the counts of what it wrote."""

    def rng(part: int) -> np.random.Generator:
        return np.random.default_rng([seed, STREAM, part])

    colleges = _chosen_colleges(rng(1), profile)
    draw = rng(2)
    projects = []
    for college in colleges:
        starts = date(2024, 9, 1) + timedelta(days=int(draw.integers(0, 730)))
        span = int(draw.integers(540, 1100))
        projects.append(
            Project(college=college, starts_on=starts, ends_on=starts + timedelta(days=span))
        )
    projects = Project.objects.bulk_create(projects)
    rows = Rows()
    obligations = _obligations([c.pk for c in colleges])
    draw = rng(3)
    for project in projects:
        span = (project.ends_on - project.starts_on).days
        profile_name = project.college.profile or "polytechnic"
        facilities = [
            Facility(project=project, kind=kind, name=ru, name_kk=kk, name_en=en)
            for kind, ru, kk, en in FACILITIES.get(profile_name, FACILITIES["polytechnic"])
        ]
        rows.facilities += facilities
        sector = SECTOR_OF_PROFILE.get(profile_name, "mechanical")
        rows.lines += _budget_lines(draw, project, facilities, sector, span)
        rows.lines += _patron_lines(project, obligations.get(project.college_id, []))
        milestones = _milestones(draw, project, span)
        rows.milestones += milestones
        project.status = _status(project, milestones)
    Facility.objects.bulk_create(rows.facilities)  # ids set: the lines name them
    Project.objects.bulk_update(projects, ["status"])
    investments = ppp_lines(projects, ppp_investors(projects, rng(4)), rows.lines, rng(5))
    EquipmentLine.objects.bulk_create(rows.lines, batch_size=2000)
    Milestone.objects.bulk_create(rows.milestones, batch_size=2000)
    partners = seed_002_investments()
    return {
        "modernisation_projects": len(projects),
        "equipment_lines": len(rows.lines),
        "milestones": len(rows.milestones),
        "ppp_investments": investments + partners,
    }
