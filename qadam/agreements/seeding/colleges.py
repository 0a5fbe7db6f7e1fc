"""Colleges' other partnerships: the memoranda signed with enterprises at the career festival,
and international partnerships with colleges abroad (60 colleges, 30 countries, 9 of them
with Russian colleges: BRIEF.md, sources 000, 001 and 004)."""

from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from qadam.accounts.roles import Role
from qadam.agreements.choices import AgreementKind, PartyKind, PartyRole
from qadam.agreements.seeding.common import (
    CATEGORIES,
    FESTIVAL_WEEK,
    TERMINATION_REASONS,
    Register,
    agreement_dates,
    scaled,
)
from qadam.agreements.seeding.organisations import (
    Colleges,
    Enterprises,
    demo_organisation,
    position,
)
from qadam.agreements.seeding.partners import foreign_colleges, foreign_colleges_create
from qadam.registry.seeding.profiles import Profile

MEMORANDA = 250
FESTIVAL_DAY_SHARES = np.array([0.30, 0.15, 0.15, 0.15, 0.25])  # most on opening and closing
MEMORANDUM_YEARS = 3
NATIONAL_COLLEGES = 772
INTERNATIONAL_COLLEGES, COUNTRIES, WITH_RUSSIAN_COLLEGES = 60, 30, 9
SECOND_PARTNER = 0.25  # colleges with partners in two countries
INTERNATIONAL_YEARS = 3.0


@dataclass(frozen=True)
class Link:
    """An international partnership: the Kazakh college, its partner abroad, the agreement."""

    college: int
    partner: int
    country: str
    agreement: int
    active: bool


def seed_memoranda(
    rng: np.random.Generator,
    profile: Profile,
    register: Register,
    colleges: Colleges,
    enterprises: Enterprises,
) -> int:
    """Memoranda between colleges and enterprises of their region, of the college's trade where
    the region has one (another region's when the region has none), signed during the festival
    week; returns how many."""
    n = scaled(profile, MEMORANDA, minimum=3)
    p_college = np.sqrt(colleges.size) / np.sqrt(colleges.size).sum()
    college = rng.choice(colleges.id.size, size=n, p=p_college)
    demo = position(colleges.id, demo_organisation(Role.COLLEGE_ADMIN))
    college[0] = college[0] if demo is None else demo
    days = rng.choice(len(FESTIVAL_WEEK), size=n, p=FESTIVAL_DAY_SHARES)
    first, last = FESTIVAL_WEEK[0], FESTIVAL_WEEK[-1]
    signed_pairs: set[tuple[int, int]] = set()
    for i, c in enumerate(college.tolist()):
        local = np.flatnonzero(enterprises.region == colleges.region[c])
        fitting = local[enterprises.profile[local] == colleges.profile[c]]  # its trade
        pool = fitting if fitting.size else local if local.size else np.arange(enterprises.id.size)
        e = int(pool[rng.integers(0, pool.size)])
        while (c, e) in signed_pairs:  # one memorandum per pair
            e = int(rng.integers(0, enterprises.id.size))
        signed_pairs.add((c, e))
        day = FESTIVAL_WEEK[days[i]]
        pk = register.agreement(
            kind=AgreementKind.MEMORANDUM,
            title=f"Меморандум о сотрудничестве: {colleges.name[c]} — {enterprises.name[e]}",
            status="active",
            dates=(day, day, day.replace(year=day.year + MEMORANDUM_YEARS) - timedelta(days=1)),
            description=f"Подписан на фестивале профессий ({first.day}–{last.day} октября "
            f"{last.year} г.): практика, дуальное обучение, трудоустройство выпускников.",
        )
        register.party(
            pk, PartyKind.INSTITUTION, PartyRole.PARTNER, institution=int(colleges.id[c])
        )
        register.party(
            pk, PartyKind.ENTERPRISE, PartyRole.PARTNER, enterprise=int(enterprises.id[e])
        )
    return n


def _partner_rows(
    rng: np.random.Generator, n_colleges: int, n_russian: int, n_countries: int
) -> list[list[int]]:
    """For each international college (the first `n_russian` with a Russian college), the
    rows of foreign_colleges.csv it partners with; every one of the first `n_countries`
    countries of the file gets a partner."""
    rows = foreign_colleges()
    countries = list(dict.fromkeys(row["country"] for row in rows))[:n_countries]
    by_country = {c: [k for k, row in enumerate(rows) if row["country"] == c] for c in countries}
    others = countries[1:] or countries
    partners = []
    for j in range(n_colleges):
        if j < n_russian:
            country = "RU"
        else:
            k = j - n_russian
            country = others[k] if k < len(others) else others[rng.integers(0, len(others))]
        choice = by_country[country]
        mine = [
            choice[j % len(choice)] if country == "RU" else choice[rng.integers(0, len(choice))]
        ]
        if rng.random() < SECOND_PARTNER and len(others) > 1:
            second = [c for c in others if c != country][rng.integers(0, len(others) - 1)]
            mine.append(by_country[second][rng.integers(0, len(by_country[second]))])
        partners.append(mine)
    return partners


def seed_international(
    rng: np.random.Generator, profile: Profile, register: Register, colleges: Colleges
) -> tuple[dict[str, int], list[Link]]:
    """International partnerships of colleges with colleges abroad (registry institutions of
    kind foreign_partner, created here); returns counts and the partnerships."""
    ratio = profile.colleges / NATIONAL_COLLEGES
    n_colleges = min(colleges.id.size, max(2, round(INTERNATIONAL_COLLEGES * ratio)))
    n_russian = min(n_colleges - 1, max(1, round(WITH_RUSSIAN_COLLEGES * ratio)))
    n_countries = min(n_colleges, scaled(profile, COUNTRIES, minimum=2))
    chosen = rng.permutation(rng.choice(colleges.id.size, size=n_colleges, replace=False))
    demo = position(colleges.id, demo_organisation(Role.COLLEGE_ADMIN))
    if demo is not None:  # the demo college is one of those working with a Russian college
        chosen = np.r_[demo, chosen[chosen != demo][: n_colleges - 1]]
    partners = _partner_rows(rng, n_colleges, n_russian, n_countries)
    rows = foreign_colleges()
    used = sorted({k for mine in partners for k in mine})
    ids = dict(zip(used, foreign_colleges_create([rows[k] for k in used]), strict=True))
    pairs = [(int(c), k) for c, mine in zip(chosen.tolist(), partners, strict=True) for k in mine]
    dates = agreement_dates(rng, np.full(len(pairs), INTERNATIONAL_YEARS))
    links = []
    for i, (c, k) in enumerate(pairs):
        category = CATEGORIES[dates.category[i]]
        country = rows[k]["country"]
        pk = register.agreement(
            kind=AgreementKind.INTERNATIONAL,
            title=f"Международное партнёрство: {colleges.name[c]} — {rows[k]['name_ru']}",
            status=str(dates.status[i]),
            dates=(dates.signed_on[i], dates.starts_on[i], dates.ends_on[i]),
            description="Стажировки преподавателей и студентов, обмен учебными программами, "
            "совместные мастер-классы.",
            termination_reason=TERMINATION_REASONS[i % 3] if category == "terminated" else "",
        )
        college = int(colleges.id[c])
        register.party(pk, PartyKind.INSTITUTION, PartyRole.PARTNER, institution=college)
        register.party(
            pk,
            PartyKind.FOREIGN_INSTITUTION,
            PartyRole.PARTNER,
            institution=ids[k],
            country=country,
        )
        active = category in ("active", "expiring")
        links.append(Link(college, ids[k], country, pk, active))
    counts = {
        "international": len(pairs),
        "international_colleges": n_colleges,
        "international_countries": len({link.country for link in links}),
        "colleges_with_russian_colleges": len({x.college for x in links if x.country == "RU"}),
        "foreign_colleges": len(used),
    }
    return counts, links
