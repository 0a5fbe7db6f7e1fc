"""Kazakh-Russian university agreements (double diplomas, joint research, joint education) and
the agreements behind the university branches."""

from dataclasses import dataclass
from datetime import date

import numpy as np

from qadam.agreements.choices import AgreementKind, PartyKind, PartyRole
from qadam.agreements.seeding.common import (
    CATEGORIES,
    TERMINATION_REASONS,
    Register,
    agreement_dates,
    scaled,
)
from qadam.agreements.seeding.partners import OMSK_UNIVERSITY, RussianUniversities
from qadam.registry.choices import InstitutionKind
from qadam.registry.models import Institution
from qadam.registry.seeding.organisations import spread
from qadam.registry.seeding.profiles import Profile

UNIVERSITY_AGREEMENTS = 1_453  # BRIEF.md, sources 000 and 001
# The brief names double-diploma programs first and "joint scientific and educational
# projects" after them; we take double diplomas as the largest group, research next.
KIND_SHARES = {
    AgreementKind.DOUBLE_DIPLOMA: 0.43,
    AgreementKind.JOINT_RESEARCH: 0.33,
    AgreementKind.JOINT_EDUCATION: 0.24,
}
YEARS = {  # how long each kind runs: a degree cycle, a research grant, a program cycle
    AgreementKind.DOUBLE_DIPLOMA: 5.0,
    AgreementKind.JOINT_RESEARCH: 3.0,
    AgreementKind.JOINT_EDUCATION: 4.0,
}
# fields of study, with how often joint programs choose them (engineering first)
FIELDS = (
    ("Атомная энергетика и теплофизика", 4),
    ("Нефтегазовое дело", 5),
    ("Электроэнергетика и электротехника", 5),
    ("Горное дело", 3),
    ("Металлургия", 3),
    ("Химическая технология", 2),
    ("Строительство", 3),
    ("Технология транспортных процессов", 2),
    ("Информатика и вычислительная техника", 5),
    ("Прикладная математика и информатика", 3),
    ("Машиностроение", 3),
    ("Экономика", 2),
    ("Международные отношения", 1),
    ("Лечебное дело", 2),
    ("Педагогическое образование", 1),
    ("Агроинженерия", 2),
)
TOPICS = (
    "Безопасность реакторов ВВЭР и обращение с отработавшим топливом",
    "Цифровые двойники электрических сетей",
    "Переработка хвостов обогащения медных руд",
    "Водные ресурсы трансграничных рек Иртыш и Урал",
    "Засухоустойчивые сорта яровой пшеницы",
    "Материалы для водородной энергетики",
    "Методы повышения нефтеотдачи пластов",
    "Сейсмическая безопасность зданий",
    "Искусственный интеллект в медицинской диагностике",
    "Радиационная экология бывшего Семипалатинского полигона",
    "Логистика транспортного коридора Север — Юг",
    "Редкоземельные металлы: извлечение и очистка",
    "Экосистема Каспийского моря",
    "Подготовка кадров для атомной отрасли",
)
TITLES = {
    AgreementKind.DOUBLE_DIPLOMA: "Программа двух дипломов «{}»",
    AgreementKind.JOINT_RESEARCH: "Совместный научный проект «{}»",
    AgreementKind.JOINT_EDUCATION: "Совместная образовательная программа «{}»",
}
DESCRIPTIONS = {
    AgreementKind.DOUBLE_DIPLOMA: "Обучение по согласованным учебным планам с выдачей дипломов "
    "обоих университетов; квота — {} студентов в год.",
    AgreementKind.JOINT_RESEARCH: "Совместные исследования и публикации, обмен исследователями; "
    "{} участников с каждой стороны.",
    AgreementKind.JOINT_EDUCATION: "Совместно разработанная программа, чтение курсов "
    "преподавателями партнёра; {} студентов в год.",
}
# the year a branch opened: the brief dates MSU's (2001); the others are illustrative
BRANCH_OPENED = {"Lomonosov Moscow State University": 2001}
KAZNU = "Al-Farabi Kazakh National University"  # runs the one Kazakh branch in Russia (Omsk)


@dataclass(frozen=True)
class DoubleDiploma:
    """An active double-diploma agreement: who sends and hosts its students, in what field."""

    agreement: int
    home: int
    host: int
    field: str


def _university_weights(rng: np.random.Generator, count: int) -> np.ndarray:
    """Some universities sign far more than others (a long-tailed spread)."""
    return rng.lognormal(0.0, 0.7, size=count)


def seed_university_agreements(
    rng: np.random.Generator, profile: Profile, register: Register, russian: RussianUniversities
) -> tuple[dict[str, int], list[DoubleDiploma]]:
    """Agreements between the registry's universities and Russian ones; returns counts by kind
    and the active double-diploma agreements (mobility sends students under them)."""
    total = scaled(profile, UNIVERSITY_AGREEMENTS, minimum=len(KIND_SHARES) * 3)
    per_kind = spread(total, np.array(list(KIND_SHARES.values())))
    kazakh = np.array(
        Institution.objects.filter(kind=InstitutionKind.UNIVERSITY)
        .order_by("id")
        .values_list("id", flat=True)
    )
    kazakh_p = _university_weights(rng, kazakh.size)
    field_names = [name for name, _weight in FIELDS]
    field_p = np.array([weight for _name, weight in FIELDS], dtype=float)
    counts: dict[str, int] = {}
    double_diplomas = []
    for kind, n in zip(KIND_SHARES, per_kind.tolist(), strict=True):
        home = rng.choice(kazakh, size=n, p=kazakh_p / kazakh_p.sum())
        host = rng.choice(russian.ids, size=n, p=russian.weights / russian.weights.sum())
        field = rng.choice(len(FIELDS), size=n, p=field_p / field_p.sum())
        topic = rng.integers(0, len(TOPICS), size=n)
        size = rng.integers(5, 31, size=n)
        dates = agreement_dates(rng, np.full(n, YEARS[kind]))
        for i in range(n):
            subject = TOPICS[topic[i]] if kind == AgreementKind.JOINT_RESEARCH else None
            subject = subject or field_names[field[i]]
            terminated = CATEGORIES[dates.category[i]] == "terminated"
            pk = register.agreement(
                kind=kind,
                title=TITLES[kind].format(subject),
                status=str(dates.status[i]),
                dates=(dates.signed_on[i], dates.starts_on[i], dates.ends_on[i]),
                description=DESCRIPTIONS[kind].format(int(size[i])),
                termination_reason=TERMINATION_REASONS[i % 3] if terminated else "",
            )
            register.party(pk, PartyKind.INSTITUTION, PartyRole.PARTNER, institution=int(home[i]))
            register.party(
                pk,
                PartyKind.FOREIGN_INSTITUTION,
                PartyRole.PARTNER,
                institution=int(host[i]),
                country="RU",
            )
            active = CATEGORIES[dates.category[i]] in ("active", "expiring")
            if kind == AgreementKind.DOUBLE_DIPLOMA and active:
                double_diplomas.append(
                    DoubleDiploma(pk, int(home[i]), int(host[i]), field_names[field[i]])
                )
        counts[kind] = n
    return counts, double_diplomas


def _branch(
    register: Register, *, title: str, opened: date, coordinator: int, host: int, abroad: str
) -> None:
    """A branch agreement: the founding university coordinates, the branch (or the university
    hosting it) hosts; `abroad` is the side registered as a foreign institution."""
    pk = register.agreement(
        kind=AgreementKind.BRANCH,
        title=title,
        status="active",
        dates=(opened, opened, None),
        description="Бессрочное соглашение о деятельности филиала.",
    )
    for institution, role in ((coordinator, PartyRole.COORDINATOR), (host, PartyRole.HOST)):
        foreign = (institution == coordinator) == (abroad == "coordinator")
        register.party(
            pk,
            PartyKind.FOREIGN_INSTITUTION if foreign else PartyKind.INSTITUTION,
            role,
            institution=institution,
            country="RU" if foreign else "KZ",
        )


def seed_branch_agreements(
    rng: np.random.Generator, register: Register, russian: RussianUniversities
) -> int:
    """One agreement per branch of a Russian university in the registry (the parent and the
    branch), and Al-Farabi KazNU's branch at Omsk State University; returns how many."""
    branches = Institution.objects.filter(
        kind=InstitutionKind.FOREIGN_BRANCH, parent__isnull=False
    ).select_related("parent")
    count = 0
    for branch in branches.order_by("id"):
        assert branch.parent is not None
        year = BRANCH_OPENED.get(branch.parent.name_en) or int(rng.integers(2010, 2025))
        opened = date(year, int(rng.integers(3, 9)), int(rng.integers(1, 29)))
        _branch(
            register,
            title=f"Соглашение о деятельности филиала: {branch.name_ru}",
            opened=opened,
            coordinator=branch.parent.id,
            host=branch.id,
            abroad="coordinator",
        )
        count += 1
    kaznu = Institution.objects.filter(kind=InstitutionKind.UNIVERSITY, name_en=KAZNU).first()
    omsk = russian.by_name.get(OMSK_UNIVERSITY)
    if kaznu is not None and omsk is not None:
        _branch(
            register,
            title="Соглашение о филиале КазНУ имени аль-Фараби в Омском государственном "
            "университете им. Ф. М. Достоевского",
            opened=date(2023, 6, int(rng.integers(1, 29))),  # illustrative
            coordinator=kaznu.id,
            host=omsk,
            abroad="host",
        )
        count += 1
    return count
