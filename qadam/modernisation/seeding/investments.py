"""The PPP investments of the modernisation seed: seed 002's partners in Pavlodar's
university, and an investor of the region in about one college project in twelve, each
under a public-private investment agreement with its two parties."""

from datetime import date
from decimal import Decimal

import numpy as np

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.agreements.choices import AgreementKind, AgreementStatus, PartyKind, PartyRole
from qadam.agreements.models import Agreement, Party
from qadam.agreements.seeding.common import AS_OF
from qadam.agreements.seeding.organisations import demo_organisation
from qadam.modernisation.choices import FundingSource, InvestmentStatus
from qadam.modernisation.models import EquipmentLine, Investment, Project
from qadam.modernisation.seeding.data import PAVLODAR_KATO, SEED_002_PARTNERS
from qadam.registry.choices import EnterpriseSize
from qadam.registry.models import Enterprise, Institution, Region

PPP_SHARE = 1 / 12  # ASSUMPTION: a PPP investor in about one project in twelve
SIZES = list(EnterpriseSize.values)  # micro ... large


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


def seed_002_investments() -> int:
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


def ppp_investors(projects: list[Project], rng: np.random.Generator) -> dict[int, int]:
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


def ppp_lines(
    projects: list[Project],
    investors: dict[int, int],
    lines: list[EquipmentLine],
    rng: np.random.Generator,
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
        lines += [
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
