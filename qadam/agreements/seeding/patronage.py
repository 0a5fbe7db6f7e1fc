"""Patronage: 4,000 patron companies over 600 colleges (BRIEF.md, sources 000 and 004), each
agreement with its obligations (internship places, mentors, equipment, sometimes funding or
guaranteed jobs) and the deliveries that make about 70% of the promised volume delivered."""

import numpy as np

from qadam.accounts.roles import Role
from qadam.agreements.choices import AgreementKind, ObligationKind, PartyKind, PartyRole
from qadam.agreements.seeding.common import (
    CATEGORIES,
    TERMINATION_REASONS,
    Register,
    agreement_dates,
    scaled,
)
from qadam.agreements.seeding.deliveries import Promises, deliveries_write
from qadam.agreements.seeding.organisations import (
    Colleges,
    Enterprises,
    demo_organisation,
    include,
    position,
)
from qadam.registry.seeding.profiles import Profile

PATRONS, PATRON_COLLEGES = 4_000, 600
NATIONAL_COLLEGES = 772
SECOND_COLLEGE = 0.10  # patrons (large ones, mostly) of a second college
SIZES = ("micro", "small", "medium", "large")
PATRON_LIKELIHOOD = np.array([0.3, 1.0, 3.0, 6.0])  # by size: large companies patron more
# log-odds: patronage is local and within a trade (the college's profile trains for the sector)
SAME_REGION, SAME_SECTOR = 3.0, 1.0
DUE_FROM, DUE_UNTIL = np.datetime64("2025-01-01"), np.datetime64("2027-12-31")
# by enterprise size (micro, small, medium, large)
PLACES = ((1, 4), (2, 7), (4, 16), (10, 41))  # internship places: [low, high)
WITH_EQUIPMENT = np.array([0.15, 0.35, 0.60, 0.80])
EQUIPMENT_MEDIAN = np.array([1.5e6, 4e6, 12e6, 40e6])  # tenge
WITH_FUNDING = np.array([0.03, 0.07, 0.15, 0.30])
FUNDING_MEDIAN = np.array([1e6, 3e6, 8e6, 25e6])
WITH_JOBS = np.array([0.05, 0.12, 0.25, 0.40])
JOBS = ((1, 3), (2, 6), (3, 12), (5, 26))
WITH_MENTORS = 0.75
TENGE_UNIT = 10_000  # money is promised and delivered in multiples of 10,000 tenge
EQUIPMENT = {
    "energy": ("тренажёр релейной защиты", "стенд «Электроснабжение»", "тепловизор"),
    "nuclear": ("симулятор щита управления энергоблоком", "дозиметрический комплект"),
    "construction": ("сварочный тренажёр", "лазерный нивелир", "учебная опалубка"),
    "mining": ("симулятор проходческого комбайна", "газоанализатор", "стенд горной автоматики"),
    "metallurgy": ("индукционная печь", "оптико-эмиссионный спектрометр", "твердомер"),
    "oil_gas": ("тренажёр бурения", "стенд трубопроводной арматуры", "станция КИПиА"),
    "chemistry": ("хроматограф", "лабораторный реактор", "вытяжной шкаф"),
    "transport": ("тренажёр локомотива", "стенд диагностики двигателей", "учебный автомобиль"),
    "mechanical": ("токарный станок с ЧПУ", "фрезерный станок с ЧПУ", "3D-принтер"),
    "it": ("серверная стойка", "комплект ноутбуков", "сетевое оборудование"),
    "agriculture": ("тренажёр трактора", "почвенная лаборатория", "доильная установка"),
    "services": ("профессиональная кухня", "швейные машины", "кассовые терминалы"),
    "health": ("симулятор пациента", "реанимационный манекен", "стоматологическая установка"),
    "education": ("интерактивная панель", "комплект робототехники", "мультимедийный класс"),
}
DESCRIPTIONS = {
    ObligationKind.INTERNSHIP_PLACES: "Места производственной практики для студентов",
    ObligationKind.MENTORS: "Наставники от предприятия для студентов",
    ObligationKind.EQUIPMENT: "Оснащение мастерских и лабораторий колледжа",
    ObligationKind.FUNDING: "Финансирование модернизации материально-технической базы",
    ObligationKind.JOBS: "Гарантированное трудоустройство выпускников",
}


def size_levels(enterprises: Enterprises) -> np.ndarray:
    """Each enterprise's size as an index of SIZES (micro 0 ... large 3)."""
    return np.array([SIZES.index(size) for size in enterprises.size.tolist()], dtype=np.int64)


def _pairs(
    rng: np.random.Generator, profile: Profile, colleges: Colleges, enterprises: Enterprises
) -> tuple[np.ndarray, np.ndarray]:
    """(enterprise index, college index) of every patronage: each patron's likeliest college
    (same region, same sector, larger), every chosen college with at least one patron, and a
    second college for some patrons."""
    n_colleges = min(
        colleges.id.size, max(3, round(profile.colleges * PATRON_COLLEGES / NATIONAL_COLLEGES))
    )
    n_patrons = min(enterprises.id.size, max(n_colleges, scaled(profile, PATRONS, minimum=10)))
    p_college = np.sqrt(colleges.size) / np.sqrt(colleges.size).sum()
    chosen = np.sort(rng.choice(colleges.id.size, size=n_colleges, replace=False, p=p_college))
    chosen = np.sort(include(chosen, position(colleges.id, demo_organisation(Role.COLLEGE_ADMIN))))
    likelihood = PATRON_LIKELIHOOD[size_levels(enterprises)]
    patrons = rng.choice(
        enterprises.id.size, size=n_patrons, replace=False, p=likelihood / likelihood.sum()
    )
    patrons = np.sort(
        include(patrons, position(enterprises.id, demo_organisation(Role.ENTERPRISE_HR)))
    )
    keys = (
        np.log(colleges.size[chosen])[None, :]
        + SAME_REGION * (enterprises.region[patrons][:, None] == colleges.region[chosen][None, :])
        + SAME_SECTOR * (enterprises.profile[patrons][:, None] == colleges.profile[chosen][None, :])
        + rng.gumbel(size=(patrons.size, chosen.size))
    )
    primary = keys.argmax(axis=1)
    counts = np.bincount(primary, minlength=chosen.size)
    for lonely in np.flatnonzero(counts == 0).tolist():  # the patron that likes it most
        movable = np.flatnonzero(counts[primary] > 1)
        mover = movable[np.argmax(keys[movable, lonely])]
        counts[primary[mover]] -= 1
        primary[mover], counts[lonely] = lonely, 1
    weight = likelihood[patrons] / likelihood[patrons].sum()  # larger ones more often
    second_of = np.sort(
        rng.choice(patrons.size, size=round(patrons.size * SECOND_COLLEGE), replace=False, p=weight)
    )
    keys[second_of, primary[second_of]] = -np.inf
    second = keys[second_of].argmax(axis=1)
    patron = np.r_[patrons, patrons[second_of]]
    college = chosen[np.r_[primary, second]]
    order = np.lexsort((college, patron))
    return patron[order], college[order]


def _items(rng: np.random.Generator, sector: str) -> str:
    """What equipment is promised, one item a line."""
    pool = EQUIPMENT.get(sector) or EQUIPMENT["mechanical"]
    picks = rng.choice(len(pool), size=int(rng.integers(1, min(3, len(pool)) + 1)), replace=False)
    return "\n".join(f"{int(rng.integers(1, 5))} × {pool[k]}" for k in sorted(picks))


def _tenge_units(rng: np.random.Generator, median: float) -> int:
    return max(1, round(median * rng.lognormal(0.0, 0.5) / TENGE_UNIT))


def _promise(
    rng: np.random.Generator,
    promises: Promises,
    *,
    common: dict[str, object],
    level: int,
    sector: str,
    window: tuple[np.datetime64, np.datetime64],
) -> None:
    """The obligations of one patronage agreement (`common`: the fields they share), each due
    on a day in `window`."""
    places = int(rng.integers(*PLACES[level]))
    wanted: list[tuple[ObligationKind, int, int, str]] = [
        (ObligationKind.INTERNSHIP_PLACES, places, 1, "")
    ]  # (kind, target units, unit, items)
    if rng.random() < WITH_MENTORS:
        wanted.append((ObligationKind.MENTORS, max(1, places // int(rng.integers(3, 6))), 1, ""))
    if rng.random() < WITH_EQUIPMENT[level]:
        units = _tenge_units(rng, EQUIPMENT_MEDIAN[level])
        wanted.append((ObligationKind.EQUIPMENT, units, TENGE_UNIT, _items(rng, sector)))
    if rng.random() < WITH_FUNDING[level]:
        units = _tenge_units(rng, FUNDING_MEDIAN[level])
        wanted.append((ObligationKind.FUNDING, units, TENGE_UNIT, ""))
    if rng.random() < WITH_JOBS[level]:
        wanted.append((ObligationKind.JOBS, int(rng.integers(*JOBS[level])), 1, ""))
    first, last = window
    for kind, target, unit, items in wanted:
        due = first + int(rng.integers(0, int((last - first).astype(int)) + 1))
        promises.add(
            kind=str(kind),
            description=DESCRIPTIONS[kind],
            items=items,
            target=target,
            unit=unit,
            due=due,
            **common,
        )


def seed_patronage(
    rng: np.random.Generator,
    profile: Profile,
    register: Register,
    colleges: Colleges,
    enterprises: Enterprises,
) -> dict[str, int]:
    """The patronage agreements, their parties, obligations and deliveries; returns counts."""
    patron, college = _pairs(rng, profile, colleges, enterprises)
    dates = agreement_dates(rng, np.where(rng.random(patron.size) < 0.7, 3.0, 5.0))
    levels = size_levels(enterprises)
    promises = Promises()
    demo = demo_organisation(Role.ENTERPRISE_HR)
    demo_parties: set[int] = set()
    for i, (e, c) in enumerate(zip(patron.tolist(), college.tolist(), strict=True)):
        category = CATEGORIES[dates.category[i]]
        starts, ends = dates.starts_on[i], dates.ends_on[i]
        pk = register.agreement(
            kind=AgreementKind.PATRONAGE,
            title=f"Договор о шефстве: {enterprises.name[e]} — {colleges.name[c]}",
            status=str(dates.status[i]),
            dates=(dates.signed_on[i], starts, ends),
            description="Предприятие-шеф обеспечивает практику, наставничество "
            "и обновление материальной базы колледжа.",
            termination_reason=TERMINATION_REASONS[i % 3] if category == "terminated" else "",
        )
        party = register.party(
            pk, PartyKind.ENTERPRISE, PartyRole.PATRON, enterprise=int(enterprises.id[e])
        )
        if int(enterprises.id[e]) == demo and category == "active":
            demo_parties.add(party)
        beneficiary = int(colleges.id[c])
        register.party(pk, PartyKind.INSTITUTION, PartyRole.BENEFICIARY, institution=beneficiary)
        first = min(max(starts, DUE_FROM), ends)
        _promise(
            rng,
            promises,
            common={
                "agreement": pk,
                "party": party,
                "beneficiary": beneficiary,
                "starts": starts,
                "started": category in ("active", "expiring", "expired", "terminated"),
                "stamp": register.agreement_stamp[pk],
            },
            level=int(levels[e]),
            sector=str(enterprises.sector[e]),
            window=(first, max(first, min(ends, DUE_UNTIL))),
        )
    deliveries_write(rng, register, promises, keep_open=frozenset(demo_parties))
    return {
        "patronage": int(patron.size),
        "patrons": int(np.unique(patron).size),
        "patron_colleges": int(np.unique(college).size),
        "obligations": len(promises.kind),
    }
