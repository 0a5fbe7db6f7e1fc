"""The registry's colleges and enterprises as arrays, for drawing partnerships between them."""

from dataclasses import dataclass

import numpy as np
from django.db.models import Sum

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.registry.choices import InstitutionKind
from qadam.registry.models import Enterprise, Institution, Program
from qadam.registry.seeding.economy import PROFILE_OF_SECTOR


@dataclass(frozen=True)
class Colleges:
    """Parallel arrays in id order."""

    id: np.ndarray
    region: np.ndarray
    profile: np.ndarray  # "" for a college without one
    size: np.ndarray  # places over its programs (at least 1)
    name: list[str]  # Russian


@dataclass(frozen=True)
class Enterprises:
    """Parallel arrays in id order."""

    id: np.ndarray
    region: np.ndarray
    sector: np.ndarray
    profile: np.ndarray  # the college profile that trains for its sector
    size: np.ndarray
    name: list[str]


def colleges_load() -> Colleges:
    rows = list(
        Institution.objects.filter(kind=InstitutionKind.COLLEGE)
        .order_by("id")
        .values_list("id", "region_id", "profile", "name_ru")
    )
    capacity = dict(
        Program.objects.filter(institution__kind=InstitutionKind.COLLEGE)
        .values_list("institution_id")
        .annotate(total=Sum("capacity"))
        .order_by()
    )
    return Colleges(
        id=np.array([row[0] for row in rows], dtype=np.int64),
        region=np.array([row[1] or 0 for row in rows], dtype=np.int64),
        profile=np.array([row[2] for row in rows]),
        size=np.array([max(capacity.get(row[0]) or 0, 1) for row in rows], dtype=float),
        name=[row[3] for row in rows],
    )


def enterprises_load() -> Enterprises:
    rows = list(
        Enterprise.objects.order_by("id").values_list("id", "region_id", "sector", "size", "name")
    )
    return Enterprises(
        id=np.array([row[0] for row in rows], dtype=np.int64),
        region=np.array([row[1] for row in rows], dtype=np.int64),
        sector=np.array([row[2] for row in rows]),
        profile=np.array([str(PROFILE_OF_SECTOR.get(row[2], "")) for row in rows]),
        size=np.array([row[3] for row in rows]),
        name=[row[4] for row in rows],
    )


def demo_organisation(role: Role) -> int | None:
    """The organisation the first demo user of `role` acts for, if the demo users exist: the
    seed makes sure their pages have partnerships to show."""
    field = "enterprise_id" if role == Role.ENTERPRISE_HR else "institution_id"
    ids = User.objects.filter(role=role).order_by("id").values_list(field, flat=True)
    return next(iter(ids), None)


def include(chosen: np.ndarray, index: int | None) -> np.ndarray:
    """`chosen` (distinct indices) with `index` in it, replacing the last one if needed."""
    if index is None or index in chosen:
        return chosen
    chosen = chosen.copy()
    chosen[-1] = index
    return chosen


def position(ids: np.ndarray, pk: int | None) -> int | None:
    """The index of registry id `pk` in the sorted `ids`, None if absent."""
    if pk is None:
        return None
    k = int(np.searchsorted(ids, pk))
    return k if k < ids.size and ids[k] == pk else None
