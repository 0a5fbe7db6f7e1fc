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
from qadam.registry.data_files import read_rows
from qadam.registry.models import (
    Educator,
    Enterprise,
    Institution,
    Program,
    Region,
    Specialty,
    Student,
)
from qadam.registry.seeding.economy import (
    PROFILE_NAMES,
    PROFILES,
    college_sectors,
    enterprise_sectors,
    read_economy,
    region_shares,
)
from qadam.registry.seeding.educators import educator_columns
from qadam.registry.seeding.organisations import (
    NAMES,
    NPP_OPERATOR,
    SIZES,
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
        # the educators' records (category, education, ...): a stream of their own as well
        self.educator_rng = np.random.default_rng([seed, 15])
        # and the quota categories theirs (issue 16), so they reshuffle nothing either
        self.category_rng = np.random.default_rng([seed, 2])
        self.progress = progress
        self.regions = list(Region.objects.order_by("kato"))
        self.region_weights = np.array([r.population_thousands or 1 for r in self.regions], float)
        self.specialties = list(Specialty.objects.order_by("code"))
        self.economy = read_economy()
        self.region_of_college: dict[int, Region] = {}
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
        """Colleges per region (published shares where known), each region's profiles in
        proportion to its economy, its signature profile first (No. 1)."""
        published = [self.economy[r.kato].college_share for r in self.regions]
        per_region = spread(self.profile.colleges, region_shares(published, self.region_weights))
        bins = make_bins(self.rng, self.profile.colleges, start_serial=1)
        colleges: list[Institution] = []
        for region, count in zip(self.regions, per_region, strict=True):
            weights = self.economy[region.kato].profile_weights()
            per_profile = spread(int(count), weights)
            order = np.argsort(-weights, kind="stable")
            profiles = np.repeat(np.array(PROFILES)[order], per_profile[order])
            for number, profile in enumerate(profiles.tolist(), start=1):
                ru, kk, en = PROFILE_NAMES[profile]
                colleges.append(
                    self._institution(
                        kind="college",
                        code=f"C-{region.kato}-{number:03d}",
                        bin=bins[len(colleges)],
                        region=region,
                        profile=profile,
                        ownership="state" if self.rng.random() < 0.8 else "private",
                        languages="kk,ru" if self.rng.random() < 0.85 else "kk",
                        name_ru=f"{ru} №{number}, {region.name_ru}",
                        name_kk=f"{region.name_kk} №{number} {kk}",
                        name_en=f"{en} No. {number}, {region.name_en}",
                    )
                )
                self.region_of_college[colleges[-1].id] = region
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
                name_ru=row["name_ru"],
                name_kk=row["name_kk"],  # blank where we do not know it: Russian is shown
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
    def _specialty_choice(self, sectors: dict[str, float], size: int) -> list[Specialty]:
        """Distinct specialties of the given sectors, in proportion to each sector's weight."""
        weights = np.array([sectors.get(s.sector, 0.0) for s in self.specialties])
        picks = self.rng.choice(
            len(self.specialties),
            size=min(size, int(np.count_nonzero(weights))),
            replace=False,
            p=weights / weights.sum(),
        )
        return [self.specialties[i] for i in picks]

    def build_programs(
        self, institution: Institution, sectors: dict[str, float], count: int
    ) -> list[Program]:
        programs = []
        for specialty in self._specialty_choice(sectors, count):
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
        """153,000 seats over college programs, 70% technical, in proportion to capacity; a
        program whose share exceeds its capacity (a region with few colleges of one kind)
        gets the capacity raised to its seats, left unfilled. Changes `capacity` in place."""
        technical = np.array([p.specialty.is_technical for p in programs])
        college = np.array([p.institution.kind == "college" for p in programs])
        seats = np.zeros(len(programs), dtype=np.int64)
        total = self.profile.state_funded_seats
        technical_seats = round(total * self.profile.technical_share)
        for mask, target in (
            (college & technical, technical_seats),
            (college & ~technical, total - technical_seats),
        ):
            seats[mask] = spread(target, capacity[mask].astype(float))
            capacity[mask] = np.maximum(capacity[mask], seats[mask])
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
        rural = self.category_rng.random(n) < RURAL_SHARE
        disability = self.category_rng.random(n) < DISABILITY_SHARE
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
                    bool(rural[i]),
                    bool(disability[i]),
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
        post = np.searchsorted([0.7, 0.95], self.rng.random(age.size))
        position = positions[post]
        more = educator_columns(self.educator_rng, age, post)
        stamp = connection.ops.adapt_datetimefield_value(STAMP)
        columns = zip(
            people.iin,
            people.last_name,
            people.first_name,
            people.middle_name,
            people.birth_date,
            people.sex,
            institution,
            position,
            more.category,
            more.education,
            more.subjects,
            more.years_in_industry,
            more.languages,
            more.is_foreign_manager,
            strict=True,
        )
        return [
            (iin, last, first, middle, born.isoformat(), sex, int(inst), str(pos), stamp, stamp,
             str(c), str(e), str(subject), int(y), str(lang), bool(f))
            for iin, last, first, middle, born, sex, inst, pos, c, e, subject, y, lang, f in columns
        ]  # fmt: skip

    # -- enterprises ------------------------------------------------------------------------
    def enterprises(self) -> list[Enterprise]:
        """The NPP operator first, then each region's enterprises (by population), their
        sectors following the region's economy."""
        count = self.profile.enterprises
        per_region = spread(count, self.region_weights)
        centres = {row["kato"]: row["admin_center_ru"] for row in read_rows("regions.csv")}
        operator_region = next(r for r in self.regions if r.kato == NPP_OPERATOR["kato"])
        per_region[self.regions.index(operator_region)] -= 1
        bins = make_bins(self.rng, count, start_serial=10_000)
        enterprises = [
            Enterprise(
                id=1,
                name=NPP_OPERATOR["name"],
                bin=bins[0],
                sector=NPP_OPERATOR["sector"],
                size=NPP_OPERATOR["size"],
                region=operator_region,
                created_at=STAMP,
                updated_at=STAMP,
            )
        ]
        words, stems = NAMES["enterprise_sector_words"], NAMES["enterprise_stems"]
        for region, n in zip(self.regions, per_region.tolist(), strict=True):
            sectors, sizes = enterprise_sectors(self.rng, n, self.economy[region.kato])
            forms = self.rng.choice(NAMES["enterprise_forms"], size=n)
            local = self.rng.random(n) < 0.4  # named after the region's centre
            stem = self.rng.choice(stems, size=n)
            pick = self.rng.random(n)
            for i in range(n):
                sector, k = str(sectors[i]), len(enterprises) + 1
                word = words[sector][int(pick[i] * len(words[sector]))]
                first = centres[region.kato] if local[i] else stem[i]
                enterprises.append(
                    Enterprise(
                        id=k,
                        name=f"{forms[i]} «{first} {word}-{k}»",
                        bin=bins[k - 1],
                        sector=sector,
                        size=SIZES[int(sizes[i])],
                        region_id=region.id,
                        created_at=STAMP,
                        updated_at=STAMP,
                    )
                )
        return enterprises

    # -- everything -------------------------------------------------------------------------
    def build(self) -> None:
        self.progress("institutions")
        colleges = self.build_colleges()
        universities, branches = self.build_universities()
        self.build_schools()
        Institution.objects.bulk_create(self.institutions, batch_size=2000)
        reset_sequence(Institution)

        self.progress("programs")
        for college in colleges:
            economy = self.economy[self.region_of_college[college.id].kato]
            sectors = college_sectors(self.rng, college.profile, economy)
            self.build_programs(college, sectors, int(self.rng.integers(6, 13)))
        for university in (*universities, *branches):
            self.build_programs(university, UNIVERSITY_SECTORS, 6)
        sizes = self.institution_sizes(colleges, universities, branches)
        assigned = self.assign_students(self.programs, sizes)
        seats = self.state_funded_seats(self.programs, assigned["capacity"])
        for program, capacity, seat_count in zip(
            self.programs, assigned["capacity"], seats, strict=True
        ):
            program.capacity = int(capacity)
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
        # each region's students (published shares where known), then its colleges' sizes
        region_of = np.array([self.regions.index(self.region_of_college[c.id]) for c in colleges])
        has_college = np.bincount(region_of, minlength=len(self.regions)) > 0
        published = [self.economy[r.kato].student_share for r in self.regions]
        weights = region_shares(published, self.region_weights) * has_college
        per_region = spread(self.profile.college_students, weights)
        college_weights = self.rng.lognormal(0.0, 0.45, size=len(colleges))
        college_sizes = np.zeros(len(colleges), dtype=np.int64)
        for r in np.flatnonzero(has_college):
            mask = region_of == r
            college_sizes[mask] = spread(int(per_region[r]), college_weights[mask])
        sizes = dict(zip([c.id for c in colleges], college_sizes.tolist(), strict=True))
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
    "rural",
    "disability",
    "created_at",
    "updated_at",
)
# Assumptions for the quota categories (issue 16), labelled as such: 38% of Kazakhstan's
# people live in rural areas (Bureau of National Statistics, 2023: urban 62.2%), and college
# students come from villages about as often; students with a disability are taken as 1.5%
# (people with a disability are about 3.7% of the population, fewer of them of college age).
RURAL_SHARE = 0.38
DISABILITY_SHARE = 0.015
# universities' programs: engineering first, in any of the technical sectors
UNIVERSITY_SECTORS = {
    "it": 3.0,
    "energy": 1.0,
    "nuclear": 1.0,
    "mechanical": 1.0,
    "construction": 1.0,
    "oil_gas": 1.0,
    "mining": 1.0,
    "metallurgy": 1.0,
}
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
    "category",
    "education",
    "subjects",
    "years_in_industry",
    "languages",
    "is_foreign_manager",
)
