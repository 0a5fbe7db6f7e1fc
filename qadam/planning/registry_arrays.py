"""The registry as the planning engines see it: regions, specialties, programs, employers.

Read once per run, outside any transaction; indices (not ids) link the arrays.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count

from qadam.registry.choices import EnterpriseSize, InstitutionKind, Sector, StudentStatus
from qadam.registry.models import Enterprise, Program, Region, Specialty, Student

# Representative staff of an enterprise by size class. The SME law's classes are up to 15,
# 100 and 250 employees; the registry holds the class, not the headcount (assumption).
STAFF_BY_SIZE = {
    EnterpriseSize.MICRO: 8,
    EnterpriseSize.SMALL: 50,
    EnterpriseSize.MEDIUM: 170,
    EnterpriseSize.LARGE: 700,
}
IN_PIPELINE = (StudentStatus.ACTIVE, StudentStatus.ACADEMIC_LEAVE)
SECTORS = [code for code, _label in Sector.choices]


@dataclass(frozen=True, eq=False)
class RegistryArrays:
    region_id: np.ndarray  # (R,)
    specialty_id: np.ndarray  # (S,)
    specialty_code: list[str]
    specialty_level: list[str]
    specialty_sector: np.ndarray  # (S,) index into SECTORS
    specialty_technical: np.ndarray  # (S,) bool
    program_id: np.ndarray  # (P,)
    program_specialty: np.ndarray  # (P,) specialty index
    program_region: np.ndarray  # (P,) region index
    program_kind: np.ndarray  # (P,) institution kind
    duration: np.ndarray  # (P,) whole years
    capacity: np.ndarray  # (P,) first-year seats
    state_seats: np.ndarray  # (P,) last year's state-funded first-year seats
    other_intake: np.ndarray  # (P,) first-year students not on the state order
    enrolled: np.ndarray  # (P, D) students by year of study
    staff: np.ndarray  # (len(SECTORS), R) estimated employees of the registry's enterprises
    # (R,) thousands; stands in for each region's school leavers, which the registry lacks
    population: np.ndarray | None = None

    @property
    def n_regions(self) -> int:
        return int(self.region_id.size)

    @property
    def n_specialties(self) -> int:
        return int(self.specialty_id.size)

    @property
    def college(self) -> np.ndarray:
        return np.asarray(self.program_kind == InstitutionKind.COLLEGE)


def _index(ids: np.ndarray, values: list[Any]) -> np.ndarray:
    """Positions of ``values`` in the sorted id array ``ids``."""
    return np.searchsorted(ids, np.array(values, dtype=np.int64))


def _specialties() -> dict[str, Any]:
    rows = list(
        Specialty.objects.order_by("id").values_list(
            "id", "code", "qualification_level", "sector", "is_technical"
        )
    )
    return {
        "id": np.array([r[0] for r in rows], dtype=np.int64),
        "code": [r[1] for r in rows],
        "level": [r[2] for r in rows],
        "sector": np.array([SECTORS.index(r[3]) for r in rows], dtype=np.int64),
        "technical": np.array([r[4] for r in rows], dtype=bool),
    }


def _programs(region_ids: np.ndarray, specialty_ids: np.ndarray) -> dict[str, np.ndarray]:
    rows = list(
        Program.objects.exclude(institution__kind=InstitutionKind.SCHOOL)
        .exclude(institution__region__isnull=True)
        .order_by("id")
        .values_list(
            "id",
            "specialty_id",
            "institution__region_id",
            "institution__kind",
            "duration_months",
            "capacity",
            "state_funded_seats",
        )
    )
    return {
        "id": np.array([r[0] for r in rows], dtype=np.int64),
        "specialty": _index(specialty_ids, [r[1] for r in rows]),
        "region": _index(region_ids, [r[2] for r in rows]),
        "kind": np.array([r[3] for r in rows], dtype=object),
        "duration": np.array([max(1, -(-r[4] // 12)) for r in rows], dtype=np.int64),
        "capacity": np.array([r[5] for r in rows], dtype=np.float64),
        "state_seats": np.array([r[6] for r in rows], dtype=np.float64),
    }


def _students(program_ids: np.ndarray, max_duration: int) -> tuple[np.ndarray, np.ndarray]:
    """Students by program and year of study, and first-years off the state order."""
    enrolled = np.zeros((program_ids.size, max_duration))
    other_intake = np.zeros(program_ids.size)
    rows = (
        Student.objects.filter(program__isnull=False, status__in=IN_PIPELINE)
        .values_list("program_id", "year_of_study", "funding")
        .annotate(n=Count("id"))
        .order_by()
    )
    for program_id, year, funding, count in rows:
        p = int(np.searchsorted(program_ids, program_id))
        if p >= program_ids.size or program_ids[p] != program_id:
            continue  # a school's or a region-less institution's program
        enrolled[p, min(year, max_duration) - 1] += count
        if year == 1 and funding != "state_order":
            other_intake[p] += count
    return enrolled, other_intake


def _staff(region_ids: np.ndarray) -> np.ndarray:
    staff = np.zeros((len(SECTORS), region_ids.size))
    rows = Enterprise.objects.values_list("sector", "region_id", "size").annotate(n=Count("id"))
    for sector, region_id, size, count in rows.order_by():
        r = int(np.searchsorted(region_ids, region_id))
        staff[SECTORS.index(sector), r] += count * STAFF_BY_SIZE[EnterpriseSize(size)]
    return staff


def read_registry() -> RegistryArrays:
    region_ids = np.array(Region.objects.order_by("id").values_list("id", flat=True), np.int64)
    specialties = _specialties()
    programs = _programs(region_ids, specialties["id"])
    max_duration = int(programs["duration"].max(initial=1))
    enrolled, other_intake = _students(programs["id"], max_duration)
    # students beyond a program's duration (a registry slip) count in its final year
    duration = programs["duration"]
    beyond = np.arange(max_duration)[None, :] >= duration[:, None]
    extra = (enrolled * beyond).sum(axis=1)
    enrolled[beyond] = 0.0
    enrolled[np.arange(duration.size), duration - 1] += extra
    return RegistryArrays(
        region_id=region_ids,
        specialty_id=specialties["id"],
        specialty_code=specialties["code"],
        specialty_level=specialties["level"],
        specialty_sector=specialties["sector"],
        specialty_technical=specialties["technical"],
        program_id=programs["id"],
        program_specialty=programs["specialty"],
        program_region=programs["region"],
        program_kind=programs["kind"],
        duration=programs["duration"],
        capacity=programs["capacity"],
        state_seats=programs["state_seats"],
        other_intake=other_intake,
        enrolled=enrolled,
        staff=_staff(region_ids),
        population=np.array(
            Region.objects.order_by("id").values_list("population_thousands", flat=True), float
        ),
    )


def occupation_links(reg: RegistryArrays) -> dict[int, list[int]]:
    """Occupation id -> indices of the specialties that train for it."""
    links: dict[int, list[int]] = defaultdict(list)
    pairs = Specialty.occupations.through.objects.values_list("occupation_id", "specialty_id")
    for occupation_id, specialty_id in pairs:
        links[occupation_id].append(int(np.searchsorted(reg.specialty_id, specialty_id)))
    return links
