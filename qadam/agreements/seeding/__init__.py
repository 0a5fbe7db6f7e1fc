"""The national dataset's partnerships (`qadam seed`, after the planning step).

What it adds, at national scale (the small profile: 1/100, at least a few of each kind):
1,453 Kazakh-Russian university agreements (double diplomas, joint research, joint
education), an agreement for each university branch, 4,000 patron companies over 600 colleges
with obligations about 70% delivered, about 250 memoranda signed in the festival week, 60
colleges with partners in 30 countries (9 with Russian colleges), 55,000 Kazakh students in
Russia (half on scholarships) and a few hundred educator exchanges. Foreign partners become
registry institutions (kind foreign_partner). Every part draws from its own stream of the
seed, so the same seed gives the same rows and changing one part leaves the others as they
were; rows are written in bulk with explicit ids (COPY on PostgreSQL).
"""

import numpy as np
from django.db.models import Model

from qadam.agreements.models import Agreement, Delivery, Document, Mobility, Obligation, Party
from qadam.agreements.seeding.colleges import seed_international, seed_memoranda
from qadam.agreements.seeding.common import Progress, Register
from qadam.agreements.seeding.exchanges import seed_educator_exchanges
from qadam.agreements.seeding.mobility import seed_students_in_russia
from qadam.agreements.seeding.organisations import colleges_load, enterprises_load
from qadam.agreements.seeding.partners import russian_universities_create
from qadam.agreements.seeding.patronage import seed_patronage
from qadam.agreements.seeding.universities import (
    seed_branch_agreements,
    seed_university_agreements,
)
from qadam.registry.seeding.profiles import Profile

# What a reset removes, in this order, before the registry's institutions and enterprises
# (raw deletes: children first). The foreign partner institutions go with the institutions.
PARTNERSHIP_MODELS: tuple[type[Model], ...] = (
    Delivery,
    Obligation,
    Party,
    Document,
    Mobility,
    Agreement,
)
STREAM = 6  # the partnerships' streams of the seed: [seed, STREAM, part]


def seed_partnerships(*, profile: Profile, seed: int, progress: Progress) -> dict[str, int]:
    """Adds the partnerships to a seeded registry, inside the caller's transaction; returns
    the counts of what it wrote."""

    def rng(part: int) -> np.random.Generator:
        return np.random.default_rng([seed, STREAM, part])

    counts: dict[str, int] = {}
    register = Register()
    progress("partnerships: universities")
    russian = russian_universities_create()
    counts["russian_universities"] = int(russian.ids.size)
    by_kind, double_diplomas = seed_university_agreements(rng(1), profile, register, russian)
    counts.update(by_kind)
    counts["branch"] = seed_branch_agreements(rng(2), register, russian)
    progress("partnerships: patronage")
    colleges, enterprises = colleges_load(), enterprises_load()
    counts.update(seed_patronage(rng(3), profile, register, colleges, enterprises))
    counts["memorandum"] = seed_memoranda(rng(4), profile, register, colleges, enterprises)
    international, links = seed_international(rng(5), profile, register, colleges)
    counts.update(international)
    counts.update(register.write())
    progress("partnerships: academic mobility")
    counts["students_in_russia"] = seed_students_in_russia(
        rng(6), profile, russian, double_diplomas
    )
    counts.update(seed_educator_exchanges(rng(7), profile, links, russian))
    return counts


__all__ = ["PARTNERSHIP_MODELS", "seed_partnerships"]
