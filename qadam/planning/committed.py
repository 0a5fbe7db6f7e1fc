"""Trainees under targeted contracts toward a megaproject are committed supply to it.

A run counts them apart: they fill the megaproject's hires in the year they graduate (or
later, if it hires none that year), and they leave the supply the regions and the other
megaprojects share, so no graduate is counted twice.
"""

import numpy as np
from django.db.models import Count
from django.db.models.functions import ExtractYear

from qadam.planning.models import Megaproject
from qadam.planning.pipeline import committed_contracts, megaproject_enterprises
from qadam.planning.registry_arrays import RegistryArrays


def committed_trainees(
    reg: RegistryArrays, years: np.ndarray, megaproject_ids: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Contracted trainees by (row, megaproject, year) and by (row, region, year) of their
    college, in the year they graduate; those graduating before the first year count in it."""
    s, r, h = reg.n_specialties + 1, reg.n_regions, years.size
    by_megaproject, by_region = np.zeros((s, len(megaproject_ids), h)), np.zeros((s, r, h))
    megaprojects = Megaproject.objects.in_bulk(megaproject_ids)
    for m, megaproject_id in enumerate(megaproject_ids):
        enterprises = megaproject_enterprises(megaprojects[megaproject_id])
        rows = (
            committed_contracts(megaproject_id, enterprises)
            .values("student__program__specialty_id", "student__program__institution__region_id")
            .annotate(year=ExtractYear("student__expected_graduation_on"), n=Count("id"))
            .order_by()
        )
        for row in rows:
            specialty = row["student__program__specialty_id"]
            region = row["student__program__institution__region_id"]
            if row["year"] is None or specialty is None or row["year"] > years[-1]:
                continue
            i = int(np.searchsorted(reg.specialty_id, specialty))
            j = int(np.searchsorted(reg.region_id, region))
            t = max(int(row["year"] - years[0]), 0)
            if i < reg.n_specialties and reg.specialty_id[i] == specialty and j < r:
                by_megaproject[i, m, t] += row["n"]
                by_region[i, j, t] += row["n"]
    return by_megaproject, by_region


def hires_left(hires: np.ndarray, committed: np.ndarray) -> np.ndarray:
    """Hires (row, megaproject, year) the contracted trainees leave open: each trainee fills
    a hire in their graduation year, or the next year with one open."""
    left = hires.copy()
    waiting = np.zeros(hires.shape[:2])
    for t in range(hires.shape[2]):
        waiting += committed[..., t]
        used = np.minimum(waiting, left[..., t])
        left[..., t] -= used
        waiting -= used
    return left
