"""Academic mobility: the Kazakh students in Russia (about 55,000, half on scholarships:
BRIEF.md, source 003); the rows all mobility shares (educators: exchanges.py).

Most students in Russia are enrolled there for a whole degree: synthetic people in the
registry's name style with valid IINs (serials apart from the registry's, so no IIN belongs to
two people). Some study under a double-diploma agreement: those are registry students of the
sending university. Every one is still there on AS_OF; their ends_on spread over the next
years, so some return each year.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np

from qadam.agreements.choices import Direction, MobilityFunding, PersonKind
from qadam.agreements.models import Mobility
from qadam.agreements.seeding.common import scaled, stamp_of
from qadam.agreements.seeding.partners import RussianUniversities
from qadam.agreements.seeding.universities import FIELDS, DoubleDiploma
from qadam.common.bulk import bulk_insert
from qadam.registry.identifiers import check_digits_many
from qadam.registry.models import Student
from qadam.registry.seeding.national import TODAY, birth_window_start
from qadam.registry.seeding.people import make_people
from qadam.registry.seeding.profiles import Profile

STUDENTS_IN_RUSSIA = 55_000
SCHOLARSHIP_SHARE = 0.5
DOUBLE_DIPLOMA_SHARE = 0.06  # of the students in Russia, those sent by a Kazakh university
# (level, years, share, age in the first year)
LEVELS = (
    ("Бакалавриат", 4, 0.68, 18),
    ("Магистратура", 2, 0.17, 22),
    ("Специалитет", 5, 0.10, 18),
    ("Аспирантура", 3, 0.05, 24),
)
MORE_FIELDS = (("Юриспруденция", 2), ("Психология", 1), ("Лингвистика", 1), ("Дизайн", 1))
OTHER_FUNDING = (MobilityFunding.SELF, MobilityFunding.ENTERPRISE)
OTHER_FUNDING_SHARES = (0.88, 0.12)
# IIN serials of people abroad start here: the registry's are below 2,500 (or 5,000 higher)
SERIAL_BASE = 2_500
COLUMNS = (
    "created_at",
    "updated_at",
    "person_kind",
    "direction",
    "full_name",
    "iin",
    "student_id",
    "educator_id",
    "home_institution_id",
    "host_institution_id",
    "home_country",
    "host_country",
    "program",
    "starts_on",
    "ends_on",
    "funding",
    "scholarship",
    "agreement_id",
    "returned_on",
)


def iins_abroad(birth: np.ndarray, male: np.ndarray) -> list[str]:
    """Valid IINs unique among these people and apart from the registry's: the registry's
    rule (people.py) with serials from SERIAL_BASE."""
    years = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    months = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    century = np.where(years >= 2000, 5, 3) + (~male).astype(np.int64)
    bucket = birth.astype(np.int64) * 2 + (~male).astype(np.int64)
    order = np.argsort(bucket, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(bucket[order])) + 1]
    rank = np.arange(bucket.size) - np.repeat(starts, np.diff(np.r_[starts, bucket.size]))
    serial = np.empty(bucket.size, dtype=np.int64)
    serial[order] = SERIAL_BASE + rank
    if serial.max(initial=0) >= 5_000:
        raise ValueError("too many people abroad born on one day")
    head = ((years % 100) * 10**4 + months * 100 + days) * 10 + century
    while True:
        first_eleven = head * 10**4 + serial
        check = check_digits_many((first_eleven[:, None] // 10 ** np.arange(10, -1, -1)) % 10)
        invalid = check < 0
        if not invalid.any():
            return np.char.zfill((first_eleven * 10 + check).astype(str), 12).tolist()
        serial[invalid] += 5_000


@dataclass
class Rows:
    """Mobility rows in COLUMNS order."""

    rows: list[tuple[Any, ...]]

    def add(self, values: dict[str, Any]) -> None:
        stamp = stamp_of(values["starts_on"])
        values = {"created_at": stamp, "updated_at": stamp, **values}
        self.rows.append(tuple(values.get(column) for column in COLUMNS))


def _funding(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Exactly half on a scholarship (the host's quota); the others pay or an enterprise does."""
    scholarship = np.zeros(n, dtype=bool)
    scholarship[rng.permutation(n)[: round(n * SCHOLARSHIP_SHARE)]] = True
    other = np.array([f.value for f in OTHER_FUNDING])[
        rng.choice(len(OTHER_FUNDING), size=n, p=OTHER_FUNDING_SHARES)
    ]
    return scholarship, np.where(scholarship, MobilityFunding.HOST_SCHOLARSHIP.value, other)


def _fields(rng: np.random.Generator, n: int) -> np.ndarray:
    names = [name for name, _w in (*FIELDS, *MORE_FIELDS)]
    weights = np.array([w for _n, w in (*FIELDS, *MORE_FIELDS)], dtype=float)
    return np.array(names)[rng.choice(len(names), size=n, p=weights / weights.sum())]


def _student_row(
    *,
    person: tuple[str, str],
    program: str,
    period: tuple[str, str],
    funding: tuple[bool, str],
    host: int,
    student: int | None = None,
    sent_by: DoubleDiploma | None = None,
) -> tuple[Any, ...]:
    """A row in COLUMNS order. person: full name and IIN; period: starts_on and ends_on;
    funding: on a scholarship, and the funding; sent_by: the double-diploma agreement."""
    stamp = stamp_of(period[0])
    return (
        stamp,
        stamp,
        PersonKind.STUDENT.value,
        Direction.OUTGOING.value,
        *person,
        student,
        None,
        sent_by.home if sent_by else None,
        host,
        "KZ",
        "RU",
        program,
        *period,
        funding[1],
        funding[0],
        sent_by.agreement if sent_by else None,
        None,
    )


def _university_students(agreements: list[DoubleDiploma]) -> dict[int, list[tuple[Any, ...]]]:
    """The sending universities' students past their first year, by university."""
    pool: dict[int, list[tuple[Any, ...]]] = {}
    for row in (
        Student.objects.filter(
            institution_id__in={a.home for a in agreements}, year_of_study__gte=2
        )
        .order_by("id")
        .values_list("institution_id", "id", "iin", "last_name", "first_name", "middle_name")
    ):
        pool.setdefault(row[0], []).append(row)
    return pool


def _double_diploma_students(
    rng: np.random.Generator,
    n: int,
    agreements: list[DoubleDiploma],
    funding: list[tuple[bool, str]],
) -> list[tuple[Any, ...]]:
    """Up to `n` registry students of the sending universities, each spending this year (or
    this and last) at the partner university."""
    if not agreements or n == 0:
        return []
    pool = _university_students(agreements)
    for home in pool:  # each university's students in a random order: taken from the front
        pool[home] = [pool[home][k] for k in rng.permutation(len(pool[home]))]
    per_agreement = np.bincount(rng.integers(0, len(agreements), size=n), minlength=len(agreements))
    rows: list[tuple[Any, ...]] = []
    for agreement, count in zip(agreements, per_agreement.tolist(), strict=True):
        students = pool.get(agreement.home, [])
        pool[agreement.home] = students[count:]
        for _home, student, iin, last, first, middle in students[:count]:
            starts = "2025-09-01" if rng.random() < 0.3 else "2026-09-01"
            rows.append(
                _student_row(
                    person=(f"{last} {first} {middle}".strip(), iin),
                    program=f"Программа двух дипломов: {agreement.field}",
                    period=(starts, "2027-06-30"),
                    funding=funding[len(rows)],
                    host=agreement.host,
                    student=student,
                    sent_by=agreement,
                )
            )
    return rows


def _degree_students(
    rng: np.random.Generator,
    n: int,
    russian: RussianUniversities,
    funding: list[tuple[bool, str]],
) -> list[tuple[Any, ...]]:
    """`n` synthetic students enrolled in Russia for a whole degree, in any year of it."""
    level = rng.choice(len(LEVELS), size=n, p=[share for *_x, share, _age in LEVELS])
    years = np.array([lv[1] for lv in LEVELS])[level]
    year_of_study = 1 + (rng.random(n) * years).astype(np.int64)
    age = np.array([lv[3] for lv in LEVELS])[level] + year_of_study - 1 + (rng.random(n) < 0.3)
    people = make_people(rng, born_from=birth_window_start(age), born_days=np.full(n, 365))
    iins = iins_abroad(
        np.array(people.birth_date, dtype="datetime64[D]"), np.array(people.sex) == "M"
    )
    host = rng.choice(russian.ids, size=n, p=russian.weights / russian.weights.sum()).tolist()
    programs = np.char.add(
        np.array([f"{lv[0]}: " for lv in LEVELS])[level], _fields(rng, n)
    ).tolist()
    first_year = (TODAY.year - year_of_study + 1).tolist()
    last_year = (TODAY.year - year_of_study + 1 + years).tolist()
    return [
        _student_row(
            person=(
                f"{people.last_name[i]} {people.first_name[i]} {people.middle_name[i]}",
                iins[i],
            ),
            program=programs[i],
            period=(f"{first_year[i]}-09-01", f"{last_year[i]}-06-30"),
            funding=funding[i],
            host=host[i],
        )
        for i in range(n)
    ]


def seed_students_in_russia(
    rng: np.random.Generator,
    profile: Profile,
    russian: RussianUniversities,
    double_diplomas: list[DoubleDiploma],
) -> int:
    """Writes the Kazakh students in Russia; returns how many."""
    n = scaled(profile, STUDENTS_IN_RUSSIA, minimum=10)
    scholarship, kind = _funding(rng, n)
    funding = list(zip(scholarship.tolist(), kind.tolist(), strict=True))
    rows = _double_diploma_students(
        rng, max(1, round(n * DOUBLE_DIPLOMA_SHARE)), double_diplomas, funding
    )
    rows += _degree_students(rng, n - len(rows), russian, funding[len(rows) :])
    bulk_insert(Mobility, COLUMNS, rows)
    return n
