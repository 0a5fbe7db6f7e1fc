"""The demo placement round of `qadam seed`: one offer per enterprise and up to twenty ranked
applications per applicant, drawn with numpy and written in bulk (no ORM object per row)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import FloatField, Max, Model, Sum, Value
from django.db.models.functions import Cast, Coalesce

from qadam.common.bulk import bulk_insert, reset_sequence
from qadam.placements.models import MAX_CHOICES, Application, Offer, PlacementRound
from qadam.registry.choices import InstitutionKind, StudentStatus
from qadam.registry.models import Enterprise, Occupation, Program, Region, Specialty, Student
from qadam.registry.seeding.national import STAMP, birth_window_start
from qadam.registry.seeding.organisations import spread
from qadam.registry.seeding.people import make_people
from qadam.registry.seeding.profiles import Profile

STARTS_ON, ENDS_ON = date(2027, 2, 1), date(2027, 6, 30)
KINDS = np.array([Offer.Kind.DUAL.value, Offer.Kind.INTERNSHIP.value, Offer.Kind.TARGETED.value])
KIND_SHARES = [0.80, 0.12, 0.08]
RULES = np.array(
    [
        Offer.ScoringRule.GRADES.value,
        Offer.ScoringRule.WEIGHTED.value,
        Offer.ScoringRule.RANKING.value,
    ]
)
RULE_SHARES = [0.70, 0.25, 0.05]
# (grades, fit, distance, test) percentages of the weighted rule
WEIGHT_PRESETS = np.array([(50, 20, 20, 10), (40, 30, 30, 0), (60, 20, 20, 0), (40, 20, 10, 30)])
# an offer's title is its kind and its specialty's name, in Russian, Kazakh and English
TITLES = {
    "dual": "Дуальное обучение",
    "internship": "Производственная практика",
    "targeted": "Целевая подготовка",
}
TITLES_KK = {
    "dual": "Дуалды оқыту",
    "internship": "Өндірістік практика",
    "targeted": "Мақсатты даярлау",
}
TITLES_EN = {
    "dual": "Dual training",
    "internship": "Work placement",
    "targeted": "Targeted training",
}
# the national round's names (the `name` column holds the Russian one)
ROUND_NAMES = {
    "name": "Основной тур 2026",
    "name_kk": "Негізгі тур 2026",
    "name_en": "Main round 2026",
}
STREETS = ("Абая", "Сатпаева", "Толе би", "Достык", "Жибек жолы", "Айтеке би", "Республики")
SEATS_PER_APPLICANT = 1.1  # some slack, as in real rounds: not every seat is wanted
REGION_PREFERENCE = np.log(20.0)  # training is local: an own-region offer is 20x as attractive
OFFER_COLUMNS = (
    "id",
    "round_id",
    "enterprise_id",
    "title",
    "title_kk",
    "title_en",
    "kind",
    "occupation_id",
    "region_id",
    "address",
    "seats",
    "starts_on",
    "ends_on",
    "mentors",
    "scoring_rule",
    "weight_grades",
    "weight_fit",
    "weight_distance",
    "weight_test",
    "position",
    "salary_min",
    "salary_max",
    "work_years",
    "filled",
    "created_at",
    "updated_at",
)
APPLICATION_COLUMNS = (
    "round_id",
    "student_id",
    "offer_id",
    "rank",
    "test_score",
    "enterprise_rank",
    "created_at",
)


@dataclass(frozen=True)
class Students:
    """Parallel arrays, in student id order."""

    id: np.ndarray
    specialty: np.ndarray
    region: np.ndarray
    grade: np.ndarray

    def take(self, index: np.ndarray) -> "Students":
        return Students(
            self.id[index], self.specialty[index], self.region[index], self.grade[index]
        )


@dataclass(frozen=True)
class Offers:
    """Parallel arrays, one row per offer, plus the (offer index, specialty id) links."""

    enterprise: np.ndarray
    region: np.ndarray
    kind: np.ndarray
    rule: np.ndarray
    weights: np.ndarray  # (offers, 4)
    link_offer: np.ndarray
    link_specialty: np.ndarray


def _student_pool() -> Students:
    """Active college students with a program: who may apply."""
    rows = np.array(
        Student.objects.filter(
            status=StudentStatus.ACTIVE,
            institution__kind=InstitutionKind.COLLEGE,
            program__isnull=False,
        )
        .annotate(grade=Cast(Coalesce("grade_average", Value(3)), FloatField()))
        .order_by("id")
        .values_list("id", "program__specialty_id", "region_id", "grade"),
        dtype=float,
    ).reshape(-1, 4)
    ids, specialty, region = (rows[:, k].astype(np.int64) for k in range(3))
    return Students(ids, specialty, region, rows[:, 3])


def _offer_specialties(
    rng: np.random.Generator, sectors: np.ndarray, regions: np.ndarray, taught: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """1-3 distinct specialties of each enterprise's sector, those its region's colleges
    teach (by first-year places) far likelier, so offers meet the students nearby; technical
    ones for a sector the catalogue lacks. `taught` is (region id, specialty id) places."""
    catalogue = list(Specialty.objects.order_by("code").values_list("id", "sector", "is_technical"))
    ids = np.array([row[0] for row in catalogue])
    technical = ids[np.array([row[2] for row in catalogue], dtype=bool)]
    national = taught.sum(axis=0)
    wanted = rng.integers(1, 4, size=sectors.size)
    noise = rng.gumbel(size=(sectors.size, ids.size))  # one draw for all: order-independent
    link_offer, link_specialty = [], []
    for sector in np.unique(sectors):
        offers = np.flatnonzero(sectors == sector)
        candidates = ids[np.array([row[1] == sector for row in catalogue], dtype=bool)]
        candidates = candidates if candidates.size else (technical if technical.size else ids)
        # Gumbel-top-k: k distinct picks with probabilities proportional to the weights; a
        # specialty taught in the region outweighs one taught only elsewhere a thousandfold
        weight = taught[regions[offers][:, None], candidates[None, :]] + 1e-3 * (
            national[candidates] + 1.0
        )
        keys = np.log(weight) + noise[offers, : candidates.size]
        picks = np.argsort(-keys, axis=1)[:, :3]
        counts = np.minimum(wanted[offers], candidates.size)
        keep = np.arange(picks.shape[1]) < counts[:, None]
        link_offer.append(np.broadcast_to(offers[:, None], picks.shape)[keep])
        link_specialty.append(candidates[picks][keep])
    # row-major masks keep each offer's picks in preference order: the first is its main one
    link_offer_all, link_specialty_all = np.concatenate(link_offer), np.concatenate(link_specialty)
    order = np.argsort(link_offer_all, kind="stable")
    return link_offer_all[order], link_specialty_all[order]


def _taught(top_specialty: int) -> np.ndarray:
    """First-year places of college programs by (region id, specialty id)."""
    rows = list(
        Program.objects.filter(institution__kind=InstitutionKind.COLLEGE)
        .values_list("institution__region_id", "specialty_id")
        .annotate(places=Sum("capacity"))
        .order_by()
    )
    top_region = Region.objects.aggregate(top=Max("id"))["top"] or 0
    taught = np.zeros((top_region + 1, top_specialty + 1))
    for region, specialty, places in rows:
        if region is not None:
            taught[region, specialty] += places
    return taught


def _plan_offers(rng: np.random.Generator, taught: np.ndarray) -> Offers:
    enterprises = np.array(
        Enterprise.objects.order_by("id").values_list("id", "sector", "region_id"), dtype=object
    ).reshape(-1, 3)
    n = enterprises.shape[0]
    region = enterprises[:, 2].astype(np.int64)
    link_offer, link_specialty = _offer_specialties(
        rng, enterprises[:, 1].astype(str), region, taught
    )
    return Offers(
        enterprise=enterprises[:, 0].astype(np.int64),
        region=region,
        kind=KINDS[rng.choice(KINDS.size, size=n, p=KIND_SHARES)],
        rule=RULES[rng.choice(RULES.size, size=n, p=RULE_SHARES)],
        weights=WEIGHT_PRESETS[rng.integers(0, len(WEIGHT_PRESETS), size=n)],
        link_offer=link_offer,
        link_specialty=link_specialty,
    )


def _first_occupations() -> dict[int, int]:
    """Each specialty's first ISCO-08 occupation: the lowest code."""
    first: dict[int, int] = {}
    links = Specialty.occupations.through.objects.order_by("-occupation__code")
    for specialty, occupation in links.values_list("specialty_id", "occupation_id"):
        first[specialty] = occupation  # descending, so the lowest code is written last
    return first


def _mentors(rng: np.random.Generator, n: int) -> list[str]:
    """One or two mentors' names per offer, one a line."""
    people = make_people(
        rng,
        born_from=birth_window_start(rng.integers(30, 60, 2 * n)),
        born_days=np.full(2 * n, 365),
    )
    names = [
        f"{last} {first}" for last, first in zip(people.last_name, people.first_name, strict=True)
    ]
    second = rng.random(n) < 0.3
    return [names[2 * i] + (f"\n{names[2 * i + 1]}" if second[i] else "") for i in range(n)]


def _offer_rows(
    rng: np.random.Generator, round_id: int, offers: Offers, seats: np.ndarray, first: int
) -> list[tuple[Any, ...]]:
    """Rows in OFFER_COLUMNS order (tuples, not models: bulk_create is slow on SQLite)."""
    n = offers.enterprise.size
    main = offers.link_specialty[np.r_[0, np.flatnonzero(np.diff(offers.link_offer)) + 1]]
    specialty_names = dict(Specialty.objects.values_list("id", "name_ru"))
    names_kk = dict(Specialty.objects.values_list("id", "name_kk"))
    names_en = dict(Specialty.objects.values_list("id", "name_en"))
    occupations = _first_occupations()
    occupation_titles = dict(Occupation.objects.values_list("id", "title_ru"))
    region_names = dict(Region.objects.values_list("id", "name_ru"))
    mentors = _mentors(rng, n)
    streets, houses = rng.integers(0, len(STREETS), n), rng.integers(1, 200, n)
    salary_min = np.round(rng.uniform(250_000, 450_000, n), -4).astype(int)
    salary_max = np.minimum(salary_min + np.round(rng.uniform(50_000, 150_000, n), -4), 600_000)
    work_years = rng.integers(2, 4, n)
    stamp = connection.ops.adapt_datetimefield_value(STAMP)
    rows = []
    for i in range(n):
        kind, rule, specialty = str(offers.kind[i]), str(offers.rule[i]), int(main[i])
        region, occupation = int(offers.region[i]), occupations.get(specialty)
        weights = offers.weights[i].tolist() if rule == Offer.ScoringRule.WEIGHTED else [0] * 4
        position = occupation_titles[occupation] if occupation else specialty_names[specialty]
        targeted = (
            (position[:200], int(salary_min[i]), int(salary_max[i]), int(work_years[i]))
            if kind == Offer.Kind.TARGETED
            else ("", None, None, None)
        )
        rows.append(
            (
                first + i,
                round_id,
                int(offers.enterprise[i]),
                f"{TITLES[kind]}: {specialty_names[specialty]}"[:200],
                f"{TITLES_KK[kind]}: {names_kk[specialty] or specialty_names[specialty]}"[:200],
                f"{TITLES_EN[kind]}: {names_en[specialty] or specialty_names[specialty]}"[:200],
                kind,
                occupation,
                region,
                f"{region_names[region]}, ул. {STREETS[streets[i]]}, {houses[i]}",
                int(seats[i]),
                STARTS_ON.isoformat(),
                ENDS_ON.isoformat(),
                mentors[i],
                rule,
                *weights,
                *targeted,
                0,
                stamp,
                stamp,
            )
        )
    return rows


def _choices(
    rng: np.random.Generator, applicants: Students, offers: Offers, popularity: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(applicant index, offer index, rank): each applicant ranks min(20, compatible) distinct
    offers accepting their specialty, drawn by popularity and favouring their own region."""
    log_popularity = np.log(popularity)
    parts = []
    for specialty in np.unique(applicants.specialty):
        students = np.flatnonzero(applicants.specialty == specialty)
        compatible = offers.link_offer[offers.link_specialty == specialty]
        same_region = offers.region[compatible] == applicants.region[students, None]
        # Gumbel-top-k again: sorted keys give a draw without replacement, best first
        keys = log_popularity[compatible] + REGION_PREFERENCE * same_region
        keys = keys + rng.gumbel(size=keys.shape)
        k = min(MAX_CHOICES, compatible.size)
        top = np.argpartition(-keys, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(top, np.argsort(-np.take_along_axis(keys, top, 1), axis=1), 1)
        parts.append(
            (
                np.repeat(students, k),
                compatible[top].ravel(),
                np.tile(np.arange(k), students.size) + 1,
            )
        )
    student, offer, rank = (np.concatenate(column) for column in zip(*parts, strict=True))
    order = np.lexsort((rank, student))  # insert in (student, rank) order: index-friendly
    return student[order], offer[order], rank[order]


def _assessments(
    rng: np.random.Generator, grade: np.ndarray, offer: np.ndarray, offers: Offers
) -> tuple[np.ndarray, np.ndarray]:
    """Test scores where a weighted offer tests (NaN elsewhere), and each ranking offer's
    order of its applicants (0 elsewhere); both follow grades, with noise."""
    n = offer.size
    tested = (offers.rule[offer] == Offer.ScoringRule.WEIGHTED) & (offers.weights[offer, 3] > 0)
    score = np.round(np.clip(rng.normal(55 + 20 * (grade - 3.85), 15), 0, 100), 1)
    test_score = np.where(tested, score, np.nan)
    ranked = np.flatnonzero(offers.rule[offer] == Offer.ScoringRule.RANKING)
    impression = grade + rng.normal(0, 0.4, n)
    order = ranked[np.lexsort((-impression[ranked], offer[ranked]))]
    starts = np.r_[0, np.flatnonzero(np.diff(offer[order])) + 1]
    sizes = np.diff(np.r_[starts, order.size])
    enterprise_rank = np.zeros(n, dtype=np.int64)
    enterprise_rank[order] = np.arange(order.size) - np.repeat(starts, sizes) + 1
    return test_score, enterprise_rank


@contextmanager
def _indexes_and_keys_deferred(model: type[Model]) -> Iterator[None]:
    """Drop a table's plain indexes (and on PostgreSQL its foreign keys) for a bulk load and
    recreate them after, as PostgreSQL's "Populating a Database" advises: one sort per index
    and one join per key instead of millions of B-tree inserts and per-row trigger checks.
    Unique constraints stay. Inside the caller's transaction, so a failure restores all."""
    table = model._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                [table],
            )
            keys = cursor.fetchall()
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                " AND tablename = %s AND indexname NOT IN"
                " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                [table, table],
            )
        else:  # SQLite checks foreign keys cheaply; its constraint indexes have no sql
            keys = []
            cursor.execute(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
        indexes = cursor.fetchall()
        if keys:  # PostgreSQL alters no table with checks pending: run them now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        if keys:  # back to Django's default: every foreign key is checked at commit
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _write_applications(
    rng: np.random.Generator,
    round_id: int,
    first: int,
    applicants: Students,
    offers: Offers,
    popularity: np.ndarray,
) -> None:
    student, offer, rank = _choices(rng, applicants, offers, popularity)
    test_score, enterprise_rank = _assessments(rng, applicants.grade[student], offer, offers)
    # a string: psycopg formats a datetime per row, 2.5x slower over COPY
    stamp = str(connection.ops.adapt_datetimefield_value(STAMP))
    with _indexes_and_keys_deferred(Application):
        bulk_insert(
            Application,
            APPLICATION_COLUMNS,
            zip(
                repeat(round_id),
                applicants.id[student].tolist(),
                (first + offer).tolist(),
                rank.tolist(),
                [None if x != x else x for x in test_score.tolist()],  # NaN: untested
                [x or None for x in enterprise_rank.tolist()],
                repeat(stamp),
            ),
        )


def seed_placement_round(
    *, profile: Profile, seed: int, progress: Callable[[str], None]
) -> PlacementRound:
    """A closed national round with offers and applications, inside the caller's transaction;
    the same registry and seed give the same round."""
    rng = np.random.default_rng([seed, 2])  # a stream of its own: the country stays as it was
    pool = _student_pool()
    top_specialty = Specialty.objects.aggregate(top=Max("id"))["top"] or 0
    offers = _plan_offers(rng, _taught(top_specialty))
    # only students some offer accepts can apply
    eligible = np.flatnonzero(np.isin(pool.specialty, offers.link_specialty))
    size = min(profile.placement_applicants, eligible.size)
    applicants = pool.take(eligible[np.sort(rng.choice(eligible.size, size, replace=False))])

    n = offers.enterprise.size
    total_seats = max(round(SEATS_PER_APPLICANT * size), n)
    seats = 1 + spread(total_seats - n, rng.lognormal(0.0, 0.9, n))  # a few big employers
    # bigger offers are more visible, and a guaranteed job attracts more
    targeted = offers.kind == Offer.Kind.TARGETED
    popularity = rng.lognormal(0.0, 0.7, n) * np.sqrt(seats) * np.where(targeted, 1.5, 1.0)

    round_ = PlacementRound.objects.create(
        **ROUND_NAMES,
        term="Весна 2027",
        institution=None,
        status=PlacementRound.Status.CLOSED,
        lottery_seed=seed,
        max_choices=MAX_CHOICES,
    )
    first = (Offer.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    bulk_insert(Offer, OFFER_COLUMNS, _offer_rows(rng, round_.id, offers, seats, first))
    reset_sequence(Offer)
    links = zip((first + offers.link_offer).tolist(), offers.link_specialty.tolist(), strict=True)
    bulk_insert(Offer.specialties.through, ("offer_id", "specialty_id"), links)
    progress("placement applications")
    _write_applications(rng, round_.id, first, applicants, offers, popularity)
    return round_
