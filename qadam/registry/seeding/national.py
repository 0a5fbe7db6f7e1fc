"""The deterministic national dataset: `qadam seed --profile national --seed 42`.

Institutions and enterprises are synthetic (the brief's published figures, real regions and
real university names); people are synthetic with valid, unique IINs.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from django.db import connection

from qadam.common.bulk import bulk_insert, reset_sequence
from qadam.registry.choices import Funding, StudentStatus
from qadam.registry.models import (
    Educator,
    Enterprise,
    Institution,
    Program,
    Region,
    Specialty,
    Student,
)
from qadam.registry.seeding.organisations import (
    COLLEGE_PROFILES,
    ENTERPRISE_SECTORS,
    ENTERPRISE_SIZES,
    NAMES,
    PROFILE_WEIGHTS,
    make_bins,
    read_csv,
    spread,
)
from qadam.registry.seeding.people import make_people
from qadam.registry.seeding.profiles import Profile

TODAY = date(2026, 9, 1)  # the academic year the dataset describes
STAMP = datetime(2026, 9, 1, tzinfo=UTC)
# the demo career festival's day (guidance), whose week the memoranda were signed in (agreements)
FESTIVAL_DAY = date(2026, 10, 17)
YEAR_SHARES = {3: np.array([0.38, 0.33, 0.29]), 4: np.array([0.33, 0.28, 0.23, 0.16])}
FUNDING_OTHER = (Funding.PAID, Funding.TARGETED, Funding.SCHOLARSHIP)
FUNDING_OTHER_SHARES = np.array([0.86, 0.09, 0.05])
Progress = Callable[[str], None]


def birth_window_start(age: np.ndarray) -> np.ndarray:
    """The first birth date of someone who is `age` on TODAY (a year-long window)."""
    starts = np.array([np.datetime64(date(TODAY.year - a - 1, 9, 2)) for a in range(100)])
    return starts[age]


class NationalBuilder:
    """Builds one profile's dataset into an empty registry, inside the caller's transaction."""

    def __init__(self, profile: Profile, seed: int, progress: Progress) -> None:
        self.profile = profile
        self.rng = np.random.default_rng(seed)
        # a stream of its own, so adding grades did not reshuffle the rest of the country
        self.grade_rng = np.random.default_rng([seed, 1])
        self.progress = progress
        self.regions = list(Region.objects.order_by("kato"))
        self.region_weights = np.array([r.population_thousands or 1 for r in self.regions], float)
        self.specialties = list(Specialty.objects.order_by("code"))
        self.next_institution_id = 1
        self.institutions: list[Institution] = []
        self.programs: list[Program] = []

    # -- institutions -----------------------------------------------------------------------
    def _institution(self, **fields: Any) -> Institution:
        institution = Institution(
            id=self.next_institution_id, created_at=STAMP, updated_at=STAMP, **fields
        )
        self.next_institution_id += 1
        self.institutions.append(institution)
        return institution

    def build_colleges(self) -> list[Institution]:
        per_region = spread(self.profile.colleges, self.region_weights)
        profiles = self.rng.choice(
            len(COLLEGE_PROFILES),
            size=self.profile.colleges,
            p=PROFILE_WEIGHTS / PROFILE_WEIGHTS.sum(),
        )
        bins = make_bins(self.rng, self.profile.colleges, start_serial=1)
        colleges, k = [], 0
        for region, count in zip(self.regions, per_region, strict=True):
            for number in range(1, count + 1):
                ru, kk, en, _sector = COLLEGE_PROFILES[profiles[k]]
                colleges.append(
                    self._institution(
                        kind="college",
                        code=f"C-{region.kato}-{number:03d}",
                        bin=bins[k],
                        region=region,
                        ownership="state" if self.rng.random() < 0.8 else "private",
                        languages="kk,ru" if self.rng.random() < 0.85 else "kk",
                        name_ru=f"{ru} №{number}, {region.name_ru}",
                        name_kk=f"{region.name_kk} №{number} {kk}",
                        name_en=f"{en} No. {number}, {region.name_en}",
                    )
                )
                k += 1
        self.college_profiles = profiles
        return colleges

    def build_universities(self) -> tuple[list[Institution], list[Institution]]:
        by_kato = {region.kato: region for region in self.regions}
        universities = [
            self._institution(
                kind="university",
                code=f"U-{index:03d}",
                region=by_kato[row["kato"]],
                ownership=row["ownership"],
                languages="kk,ru,en",
                name_en=row["name_en"],
                name_ru=row["name_en"],
                name_kk=row["name_en"],
            )
            for index, row in enumerate(read_csv("universities.csv"), start=1)
        ]
        branches = []
        for index, row in enumerate(read_csv("foreign_branches.csv"), start=1):
            parent = self._institution(
                kind="foreign_partner",
                code=f"F-RU-{index:03d}",
                country="RU",
                ownership="foreign",
                languages="ru",
                name_en=row["parent_en"],
                name_ru=row["parent_ru"],
                name_kk=row["parent_ru"],
            )
            branches.append(
                self._institution(
                    kind="foreign_branch",
                    code=f"B-RU-{index:03d}",
                    region=by_kato[row["kato"]],
                    country="KZ",
                    ownership="foreign",
                    languages="ru",
                    parent=parent,
                    name_en=row["branch_en"],
                    name_ru=row["branch_ru"],
                    name_kk=row["branch_ru"],
                )
            )
        return universities, branches

    def build_schools(self) -> None:
        per_region = spread(self.profile.schools, self.region_weights)
        for region, count in zip(self.regions, per_region, strict=True):
            for number in range(1, count + 1):
                self._institution(
                    kind="school",
                    code=f"S-{region.kato}-{number:04d}",
                    region=region,
                    name_ru=f"Школа-гимназия №{number}, {region.name_ru}",
                    name_kk=f"{region.name_kk} №{number} мектеп-гимназиясы",
                    name_en=f"School-gymnasium No. {number}, {region.name_en}",
                )

    # -- programs ---------------------------------------------------------------------------
    def _specialty_choice(self, sector: str, size: int) -> list[Specialty]:
        """Distinct specialties, most from the college's own sector, technical ones favoured."""
        weights = np.array(
            [
                (6.0 if s.sector == sector else 1.0) * (1.6 if s.is_technical else 1.0)
                for s in self.specialties
            ]
        )
        picks = self.rng.choice(
            len(self.specialties),
            size=min(size, len(self.specialties)),
            replace=False,
            p=weights / weights.sum(),
        )
        return [self.specialties[i] for i in picks]

    def build_programs(self, institution: Institution, sector: str, count: int) -> list[Program]:
        programs = []
        for specialty in self._specialty_choice(sector, count):
            months = 34 if specialty.qualification_level == "worker" else 46
            programs.append(
                Program(
                    institution=institution,
                    specialty=specialty,
                    language="kk" if self.rng.random() < 0.6 else "ru",
                    form="dual" if self.rng.random() < 0.3 else "classic",
                    duration_months=months if institution.kind == "college" else 46,
                    capacity=0,
                    state_funded_seats=0,
                    created_at=STAMP,
                    updated_at=STAMP,
                )
            )
        self.programs.extend(programs)
        return programs

    # -- students ---------------------------------------------------------------------------
    def assign_students(
        self, programs: list[Program], institution_sizes: dict[int, int]
    ) -> dict[str, np.ndarray]:
        """Students per program and year; capacities follow from the first-year cohort."""
        program_institution = np.array([p.institution.id for p in programs])
        program_years = np.array([int(np.ceil(p.duration_months / 12)) for p in programs])
        weights = self.rng.gamma(2.0, 1.0, size=len(programs))
        counts = np.zeros(len(programs), dtype=np.int64)
        for institution_id, size in institution_sizes.items():
            mask = program_institution == institution_id
            counts[mask] = spread(size, weights[mask])
        program_of_student = np.repeat(np.arange(len(programs)), counts)
        years = program_years[program_of_student]
        year = np.empty(program_of_student.size, dtype=np.int64)
        for duration, shares in YEAR_SHARES.items():
            mask = years == duration
            year[mask] = 1 + np.searchsorted(
                np.cumsum(shares), self.rng.random(int(mask.sum())) * 0.999999
            )
        first_years = np.bincount(program_of_student[year == 1], minlength=len(programs))
        capacity = (
            np.ceil(first_years * self.rng.uniform(1.0, 1.2, size=len(programs))).astype(int) + 1
        )
        return {"program": program_of_student, "year": year, "capacity": capacity}

    def state_funded_seats(self, programs: list[Program], capacity: np.ndarray) -> np.ndarray:
        """153,000 seats over college programs, 70% technical, each within its capacity."""
        technical = np.array([p.specialty.is_technical for p in programs])
        college = np.array([p.institution.kind == "college" for p in programs])
        seats = np.zeros(len(programs), dtype=np.int64)
        total = self.profile.state_funded_seats
        technical_seats = round(total * self.profile.technical_share)
        for mask, target in (
            (college & technical, technical_seats),
            (college & ~technical, total - technical_seats),
        ):
            share = capacity[mask] * 0.92
            seats[mask] = np.minimum(spread(target, share), capacity[mask])
        return seats

    def student_rows(
        self, programs: list[Program], assigned: dict[str, np.ndarray], seats: np.ndarray
    ) -> list[tuple[Any, ...]]:
        program = assigned["program"]
        year = assigned["year"]
        n = program.size
        age = 15 + year + (self.rng.random(n) < 0.35)
        people = make_people(self.rng, born_from=birth_window_start(age), born_days=np.full(n, 365))
        capacity = np.array([p.capacity for p in programs], dtype=float)
        p_state = np.clip(seats / np.maximum(capacity, 1) * 1.02, 0, 0.97)[program]
        is_state = self.rng.random(n) < p_state
        other = np.asarray(FUNDING_OTHER, dtype=object)[
            np.searchsorted(np.cumsum(FUNDING_OTHER_SHARES), self.rng.random(n) * 0.999999)
        ]
        funding = np.where(is_state, Funding.STATE_ORDER.value, other.astype(str))
        status = np.where(
            self.rng.random(n) < 0.03,
            StudentStatus.ACADEMIC_LEAVE.value,
            StudentStatus.ACTIVE.value,
        )
        institution_region = np.array([p.institution.region_id for p in programs])[program]
        region_ids = np.array([r.id for r in self.regions])
        moved = self.rng.random(n) < 0.1
        region = np.where(
            moved, region_ids[self.rng.integers(0, len(region_ids), n)], institution_region
        )
        durations = np.array([p.duration_months for p in programs])[program]
        enrolled_year = TODAY.year - year + 1
        grades = np.round(np.clip(self.grade_rng.normal(3.85, 0.45, n), 2.6, 5.0), 2)
        ops = connection.ops
        stamp = ops.adapt_datetimefield_value(STAMP)
        rows = []
        program_ids = [p.id for p in programs]
        institution_ids = [p.institution.id for p in programs]
        for i, (iin, last, first, middle, born, sex) in enumerate(
            zip(
                people.iin,
                people.last_name,
                people.first_name,
                people.middle_name,
                people.birth_date,
                people.sex,
                strict=True,
            )
        ):
            p = int(program[i])
            enrolled = date(int(enrolled_year[i]), 9, 1)
            graduation = date(enrolled.year + (int(durations[i]) + 2) // 12, 6, 30)
            rows.append(
                (
                    iin,
                    last,
                    first,
                    middle,
                    born.isoformat(),
                    sex,
                    int(region[i]),
                    institution_ids[p],
                    program_ids[p],
                    int(year[i]),
                    funding[i],
                    status[i],
                    enrolled.isoformat(),
                    graduation.isoformat(),
                    f"{grades[i]:.2f}",
                    stamp,
                    stamp,
                )
            )
        return rows

    def educator_rows(
        self, colleges: list[Institution], sizes: dict[int, int]
    ) -> list[tuple[Any, ...]]:
        per_college = {
            c.id: max(3, sizes[c.id] // self.profile.students_per_educator) for c in colleges
        }
        institution = np.repeat(list(per_college), list(per_college.values()))
        age = self.rng.integers(24, 65, size=institution.size)
        people = make_people(
            self.rng, born_from=birth_window_start(age), born_days=np.full(age.size, 365)
        )
        positions = np.array(
            ["преподаватель", "мастер производственного обучения", "заведующий отделением"]
        )
        position = positions[np.searchsorted([0.7, 0.95], self.rng.random(age.size))]
        stamp = connection.ops.adapt_datetimefield_value(STAMP)
        return [
            (iin, last, first, middle, born.isoformat(), sex, int(inst), str(pos), stamp, stamp)
            for iin, last, first, middle, born, sex, inst, pos in zip(
                people.iin,
                people.last_name,
                people.first_name,
                people.middle_name,
                people.birth_date,
                people.sex,
                institution,
                position,
                strict=True,
            )
        ]

    # -- enterprises ------------------------------------------------------------------------
    def enterprises(self) -> list[Enterprise]:
        count = self.profile.enterprises
        region = np.repeat([r.id for r in self.regions], spread(count, self.region_weights))
        sectors, sector_weights = zip(*ENTERPRISE_SECTORS, strict=True)
        sector = self.rng.choice(
            sectors, size=count, p=np.array(sector_weights) / sum(sector_weights)
        )
        sizes, size_weights = zip(*ENTERPRISE_SIZES, strict=True)
        size = self.rng.choice(sizes, size=count, p=size_weights)
        forms = self.rng.choice(NAMES["enterprise_forms"], size=count)
        words = np.asarray(NAMES["enterprise_words"])
        first, second = self.rng.choice(words, size=count), self.rng.choice(words, size=count)
        bins = make_bins(self.rng, count, start_serial=10_000)
        return [
            Enterprise(
                id=i + 1,
                name=f"{forms[i]} «{first[i]} {second[i]}-{i + 1}»",
                bin=bins[i],
                sector=str(sector[i]),
                size=str(size[i]),
                region_id=int(region[i]),
                created_at=STAMP,
                updated_at=STAMP,
            )
            for i in range(count)
        ]

    # -- everything -------------------------------------------------------------------------
    def build(self) -> None:
        self.progress("institutions")
        colleges = self.build_colleges()
        universities, branches = self.build_universities()
        self.build_schools()
        Institution.objects.bulk_create(self.institutions, batch_size=2000)
        reset_sequence(Institution)

        self.progress("programs")
        for college, profile in zip(colleges, self.college_profiles, strict=True):
            self.build_programs(
                college, COLLEGE_PROFILES[profile][3], int(self.rng.integers(6, 13))
            )
        for university in (*universities, *branches):
            self.build_programs(university, "it", 6)
        sizes = self.institution_sizes(colleges, universities, branches)
        assigned = self.assign_students(self.programs, sizes)
        for program, capacity in zip(self.programs, assigned["capacity"], strict=True):
            program.capacity = int(capacity)
        seats = self.state_funded_seats(self.programs, assigned["capacity"])
        for program, seat_count in zip(self.programs, seats, strict=True):
            program.state_funded_seats = int(seat_count)
        Program.objects.bulk_create(self.programs, batch_size=2000)

        self.progress("students")
        bulk_insert(Student, STUDENT_COLUMNS, self.student_rows(self.programs, assigned, seats))
        self.progress("educators")
        bulk_insert(Educator, EDUCATOR_COLUMNS, self.educator_rows(colleges, sizes))
        self.progress("enterprises")
        Enterprise.objects.bulk_create(self.enterprises(), batch_size=5000)
        reset_sequence(Enterprise)

    def institution_sizes(
        self,
        colleges: list[Institution],
        universities: list[Institution],
        branches: list[Institution],
    ) -> dict[int, int]:
        college_weights = self.rng.lognormal(0.0, 0.45, size=len(colleges))
        sizes = dict(
            zip(
                [c.id for c in colleges],
                spread(self.profile.college_students, college_weights).tolist(),
                strict=True,
            )
        )
        sizes.update({u.id: self.profile.university_students_each for u in universities})
        branch_sizes = spread(
            self.profile.foreign_branch_students, self.rng.lognormal(0, 0.3, len(branches))
        )
        sizes.update(dict(zip([b.id for b in branches], branch_sizes.tolist(), strict=True)))
        return sizes


STUDENT_COLUMNS = (
    "iin",
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "sex",
    "region_id",
    "institution_id",
    "program_id",
    "year_of_study",
    "funding",
    "status",
    "enrolled_on",
    "expected_graduation_on",
    "grade_average",
    "created_at",
    "updated_at",
)
EDUCATOR_COLUMNS = (
    "iin",
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "sex",
    "institution_id",
    "position",
    "created_at",
    "updated_at",
)
