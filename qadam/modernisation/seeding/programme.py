"""The modernisation programme's rows: projects, workshops, lines, milestones, PPP investments
(see the package's docstring). Everything is drawn from its own stream of the seed and written
with bulk_create (a few thousand rows)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Model, Q

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    ObligationKind,
    PartyKind,
    PartyRole,
)
from qadam.agreements.models import Agreement, Delivery, Obligation, Party
from qadam.agreements.seeding.common import AS_OF, scaled
from qadam.agreements.seeding.organisations import demo_organisation
from qadam.agreements.seeding.patronage import EQUIPMENT
from qadam.modernisation.choices import FundingSource, InvestmentStatus, ProjectStatus
from qadam.modernisation.models import EquipmentLine, Facility, Investment, Milestone, Project
from qadam.modernisation.seeding.data import (
    FACILITIES,
    MILESTONES,
    PAVLODAR_KATO,
    SECTOR_OF_PROFILE,
    SEED_002_PARTNERS,
)
from qadam.registry.choices import EnterpriseSize
from qadam.registry.models import Enterprise, Institution, Region
from qadam.registry.seeding.profiles import Profile

PROJECTS = 285  # more than the 270 the Minister names (assumption: the programme's size)
# ASSUMPTIONS: each budget line's unit cost (median, million tenge) and quantity range; the
# shares of lines by budget source; a PPP investor in about one project in twelve; nine in
# ten milestones past due are done (within about three weeks of the date)
UNIT_COST_MEDIAN = 4.0
QUANTITY = (1, 12)
BUDGET_LINES = (4, 9)
BUDGET_SOURCES = (FundingSource.REPUBLICAN, FundingSource.LOCAL, FundingSource.OWN)
BUDGET_SHARES = (0.6, 0.3, 0.1)
PPP_SHARE = 1 / 12
DONE_SHARE = 0.88
LINES_PER_OBLIGATION = 3  # deliveries of one obligation shown as lines (the first ones)
SIZES = list(EnterpriseSize.values)  # micro ... large
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


def _investment_agreement(number: str, title: str, year: int, ends: date | None) -> Agreement:
    signed = date(year, 3, 1)
    in_force = ends is None or ends >= AS_OF
    return Agreement(
        number=number,
        kind=AgreementKind.INVESTMENT,
        title=title,
        status=AgreementStatus.ACTIVE if in_force else AgreementStatus.EXPIRED,
        signed_on=signed,
        starts_on=signed,
        ends_on=ends,
        description="Инвестиции в материально-техническую базу в рамках ГЧП.",
    )


def _parties(agreements: list[Agreement], pairs: list[tuple[int, int]]) -> None:
    Party.objects.bulk_create(
        party
        for agreement, (enterprise, institution) in zip(agreements, pairs, strict=True)
        for party in (
            Party(
                agreement=agreement,
                kind=PartyKind.ENTERPRISE,
                role=PartyRole.FUNDER,
                enterprise_id=enterprise,
            ),
            Party(
                agreement=agreement,
                kind=PartyKind.INSTITUTION,
                role=PartyRole.BENEFICIARY,
                institution_id=institution,
            ),
        )
    )


def _seed_002_partners(region: Region) -> list[Enterprise]:
    """Seed 002's partners are the registry's enterprises of the Pavlodar region, named as
    the source names them: in their sector where the region has one, the largest first (the
    registry keeps its published count; no demo user's enterprise is renamed)."""
    users = User.objects.filter(enterprise_id__isnull=False).values("enterprise_id")
    pool = list(Enterprise.objects.filter(region=region).exclude(pk__in=users).order_by("id"))
    pool.sort(key=lambda e: (-SIZES.index(e.size), e.pk))
    partners = []
    for name, sector, *_rest in SEED_002_PARTNERS:
        if not pool:
            break
        match = next((e for e in pool if e.sector == sector), pool[0])
        pool.remove(match)
        match.name = name
        partners.append(match)
    Enterprise.objects.bulk_update(partners, ["name"])
    return partners


def _seed_002_investments() -> int:
    """Seed 002's partners, their agreements and investments in Pavlodar's university."""
    region = Region.objects.get(kato=PAVLODAR_KATO)
    university = Institution.objects.filter(kind="university", region=region).order_by("id").first()
    if university is None:
        return 0
    partners = _seed_002_partners(region)
    agreements = Agreement.objects.bulk_create(
        _investment_agreement(
            f"PPP-{year}-{k + 1:04d}",
            f"Соглашение о ГЧП: {partner.name} — {university.name_ru}",
            year,
            None,
        )
        for k, (partner, (_n, _s, year, _a, _p)) in enumerate(
            zip(partners, SEED_002_PARTNERS, strict=False)
        )
    )
    _parties(agreements, [(p.pk, university.pk) for p in partners])
    Investment.objects.bulk_create(
        Investment(
            investor=partner,
            institution=university,
            agreement=agreement,
            amount=Decimal(amount) * 10**6,
            purpose=purpose,
            year=year,
            status=InvestmentStatus.INVESTED,
        )
        for partner, agreement, (_n, _s, year, amount, purpose) in zip(
            partners, agreements, SEED_002_PARTNERS, strict=False
        )
    )
    return len(partners)


def _ppp_investors(projects: list[Project], rng: np.random.Generator) -> dict[int, int]:
    """A large enterprise of the college's region for about one project in twelve."""
    large: dict[int, list[int]] = {}
    for pk, region in Enterprise.objects.filter(size="large").values_list("id", "region_id"):
        large.setdefault(region, []).append(pk)
    chosen: dict[int, int] = {}
    # the demo enterprise pays for lines at the demo college, so its page has some to show
    demo_enterprise = demo_organisation(Role.ENTERPRISE_HR)
    demo_college = demo_organisation(Role.COLLEGE_ADMIN)
    for project in projects:
        if demo_enterprise and project.college_id == demo_college:
            chosen[project.pk] = demo_enterprise
            continue
        candidates = large.get(project.college.region_id or 0)
        if candidates and rng.random() < PPP_SHARE:
            chosen[project.pk] = candidates[int(rng.integers(len(candidates)))]
    return chosen


def _ppp_lines(
    projects: list[Project], investors: dict[int, int], rows: Rows, rng: np.random.Generator
) -> int:
    """Each PPP project's investment, its agreement, and one or two lines it pays for."""
    if not investors:
        return 0
    chosen = [p for p in projects if p.pk in investors]
    year = [max(2024, p.starts_on.year) for p in chosen]
    agreements = Agreement.objects.bulk_create(
        _investment_agreement(
            f"PPP-{y}-C{p.college_id:05d}",
            f"Соглашение о ГЧП: модернизация — {p.college.name_ru}",
            y,
            p.ends_on,
        )
        for p, y in zip(chosen, year, strict=True)
    )
    _parties(agreements, [(investors[p.pk], p.college_id) for p in chosen])
    amounts = [Decimal(round(float(rng.lognormal(np.log(60), 0.5)))) * 10**6 for _p in chosen]
    investments = Investment.objects.bulk_create(
        Investment(
            investor_id=investors[p.pk],
            institution_id=p.college_id,
            agreement=a,
            amount=amount,
            purpose="Оснащение мастерских и лабораторий колледжа",
            year=y,
            status=InvestmentStatus.CONTRACTED,
        )
        for p, a, amount, y in zip(chosen, agreements, amounts, year, strict=True)
    )
    for project, investment in zip(chosen, investments, strict=True):
        parts = [investment.amount] if rng.random() < 0.5 else [investment.amount / 2] * 2
        rows.lines += [
            EquipmentLine(
                project=project,
                item="Оборудование учебного центра (ГЧП)",
                quantity=1,
                unit_cost=part,
                cost=part,
                source=FundingSource.PPP,
                investor_id=investment.investor_id,
                investment=investment,
            )
            for part in parts
        ]
    return len(investments)


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
    investments = _ppp_lines(projects, _ppp_investors(projects, rng(4)), rows, rng(5))
    EquipmentLine.objects.bulk_create(rows.lines, batch_size=2000)
    Milestone.objects.bulk_create(rows.milestones, batch_size=2000)
    partners = _seed_002_investments()
    return {
        "modernisation_projects": len(projects),
        "equipment_lines": len(rows.lines),
        "milestones": len(rows.milestones),
        "ppp_investments": investments + partners,
    }
