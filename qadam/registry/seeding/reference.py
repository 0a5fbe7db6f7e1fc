"""Loading the shipped reference data: regions, ISCO-08 occupations, the starter catalogue."""

from django.db import transaction

from qadam.registry.data_files import read_rows
from qadam.registry.models import Occupation, Region, Specialty

RIASEC_FIELDS = ("riasec_r", "riasec_i", "riasec_a", "riasec_s", "riasec_e", "riasec_c")


def _float_or_none(value: str) -> float | None:
    return float(value) if value.strip() else None


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Upsert regions, occupations and specialties on their natural keys; idempotent."""
    for row in read_rows("regions.csv"):
        Region.objects.update_or_create(
            kato=row["kato"],
            defaults={
                "iso_code": row["iso_code"],
                "name_kk": row["name_kk"],
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "population_thousands": int(row["population_2024"] or 0),
                "latitude": _float_or_none(row["centroid_lat"]),
                "longitude": _float_or_none(row["centroid_lon"]),
            },
        )
    for row in read_rows("isco08_unit_groups.csv"):
        Occupation.objects.update_or_create(
            code=row["code"],
            defaults={
                "title_en": row["title_en"],
                "title_ru": row["title_ru"],
                **{field: _float_or_none(row[field]) for field in RIASEC_FIELDS},
            },
        )
    occupations = {occupation.code: occupation for occupation in Occupation.objects.all()}
    for row in read_rows("tvet_specialties_starter.csv"):
        specialty, _created = Specialty.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_en": row["name_en"],
                "name_ru": row["name_ru"],
                "name_kk": row["name_kk"],
                "qualification_level": row["qualification_level"],
                "sector": row["sector"],
                "is_technical": row["is_technical"] == "1",
            },
        )
        codes = [code for code in row["isco08_codes"].split(";") if code]
        specialty.occupations.set([occupations[code] for code in codes])
    return {
        "regions": Region.objects.count(),
        "occupations": Occupation.objects.count(),
        "specialties": Specialty.objects.count(),
    }
