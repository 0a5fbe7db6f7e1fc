"""The seed's foreign partner institutions: Russian universities (beside the nine parents of
the branches the registry already holds) and colleges abroad, bulk created in the registry."""

import re
from dataclasses import dataclass

import numpy as np
from django.db.models import Max

from qadam.agreements.seeding.common import read_csv
from qadam.common.bulk import reset_sequence
from qadam.registry.choices import InstitutionKind, Ownership
from qadam.registry.models import Institution
from qadam.registry.seeding.national import STAMP

RUSSIAN_CODE = re.compile(r"^F-RU-(\d{3})$")  # the builder's branch parents: F-RU-001..009
BRANCH_PARENT_WEIGHT = 4.0  # Moscow, MEPhI, Tomsk...: as sought after as the larger ones
RUSSIAN_SPEAKING = {"RU", "BY", "KG", "UZ"}
OMSK_UNIVERSITY = "Dostoevsky Omsk State University"  # hosts Al-Farabi KazNU's branch


@dataclass(frozen=True)
class RussianUniversities:
    """Every Russian partner university (registry id) with how often Kazakh students and
    universities choose it (relative weights)."""

    ids: np.ndarray
    weights: np.ndarray
    by_name: dict[str, int]


def _create(institutions: list[Institution]) -> list[int]:
    start = (Institution.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    for offset, institution in enumerate(institutions):
        institution.id = start + offset
    Institution.objects.bulk_create(institutions, batch_size=1000)
    reset_sequence(Institution)
    return [institution.id for institution in institutions]


def russian_universities_create() -> RussianUniversities:
    """The Russian universities of data/russian_universities.csv, numbered after the
    registry's branch parents, returned with those parents."""
    existing = Institution.objects.filter(
        kind=InstitutionKind.FOREIGN_PARTNER, country="RU", code__startswith="F-RU-"
    ).order_by("id")
    parents = []  # (id, English name, number)
    for institution in existing:
        if match := RUSSIAN_CODE.match(institution.code):
            parents.append((institution.id, institution.name_en, int(match[1])))
    last = max((number for *_, number in parents), default=0)
    rows = read_csv("russian_universities.csv")
    ids = _create(
        [
            Institution(
                kind=InstitutionKind.FOREIGN_PARTNER,
                code=f"F-RU-{last + k:03d}",
                country="RU",
                ownership=Ownership.FOREIGN,
                languages="ru",
                name_en=row["name_en"],
                name_ru=row["name_ru"],
                name_kk=row["name_ru"],
                created_at=STAMP,
                updated_at=STAMP,
            )
            for k, row in enumerate(rows, start=1)
        ]
    )
    by_name = {name: pk for pk, name, _number in parents}
    by_name.update({row["name_en"]: pk for row, pk in zip(rows, ids, strict=True)})
    weights = [BRANCH_PARENT_WEIGHT] * len(parents) + [float(row["weight"]) for row in rows]
    return RussianUniversities(
        ids=np.array([pk for pk, *_ in parents] + ids, dtype=np.int64),
        weights=np.array(weights),
        by_name=by_name,
    )


def foreign_colleges() -> list[dict[str, str]]:
    """data/foreign_colleges.csv: country (ISO 3166-1 alpha-2), name_en, name_ru; Russia
    first, then 29 more countries."""
    return read_csv("foreign_colleges.csv")


def foreign_colleges_create(rows: list[dict[str, str]]) -> list[int]:
    """Registry institutions for the colleges abroad in `rows`; returns their ids."""
    numbers: dict[str, int] = {}
    institutions = []
    for row in rows:
        country = row["country"]
        numbers[country] = numbers.get(country, 0) + 1
        institutions.append(
            Institution(
                kind=InstitutionKind.FOREIGN_PARTNER,
                code=f"F-{country}-C{numbers[country]:02d}",
                country=country,
                ownership=Ownership.FOREIGN,
                languages="ru" if country in RUSSIAN_SPEAKING else "en",
                name_en=row["name_en"],
                name_ru=row["name_ru"],
                name_kk=row["name_ru"],
                created_at=STAMP,
                updated_at=STAMP,
            )
        )
    return _create(institutions)
