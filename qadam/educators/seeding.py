"""The national dataset's educators' upskilling history and the specialties they teach.

ASSUMPTIONS (no published national figure was found; labelled as such):
- UPSKILLED_SHARE = 78 % of college educators completed a course or an internship within the
  last three years (the rest are the reminders' "overdue"); their latest one ended within the
  last two years before the dataset's day, so the share holds for a year after it;
- 40 % of them, and 60 % of the others, have an earlier record (3 to 8 years back);
- a quarter of upskilling is an internship at an enterprise (at a patron's, under its
  "internship places" obligation, where the college has one), the rest courses: online 40 %,
  at a centre of excellence 30 %, at an enterprise 20 %, abroad 10 %;
- a teacher of special subjects or a master of vocational training teaches one or two of the
  college's specialties.
Written with `common.bulk` (COPY / executemany) from numpy arrays: one pass, no ORM objects.
"""

from collections import defaultdict
from datetime import date, timedelta

import numpy as np
from django.db import connection

from qadam.agreements.models import Obligation, Party
from qadam.common.bulk import bulk_insert
from qadam.educators.models import Upskilling
from qadam.registry.models import Educator, Enterprise, Institution, Program
from qadam.registry.seeding.national import STAMP, TODAY

STREAM = 15  # this step's random streams: [seed, STREAM, part]
UPSKILLED_SHARE = 0.78
EARLIER_SHARE = (0.6, 0.4)  # an earlier record: (overdue educators, upskilled ones)
INTERNSHIP_SHARE = 0.25
COURSE_FORMS = np.array(["online", "centre", "enterprise", "abroad"])
COURSE_FORM_SHARES = np.cumsum([0.4, 0.3, 0.2])
PROVIDERS = {
    "online": "Национальный центр повышения квалификации «Өрлеу» (демо)",
    "centre": "Центр компетенций WorldSkills (демо)",
    "enterprise": "Учебный центр предприятия (демо)",
    "abroad": "Партнёрский колледж за рубежом (демо)",
}
TITLES = {
    "online": "Цифровые инструменты в профессиональном обучении",
    "centre": "Современные технологии по профилю специальности",
    "enterprise": "Производственные технологии предприятия",
    "abroad": "Дуальное обучение: опыт зарубежных колледжей",
}
COURSE_HOURS = np.array([36, 72, 80, 120])
UPSKILLING_COLUMNS = (
    "educator_id",
    "kind",
    "title",
    "provider",
    "form",
    "enterprise_id",
    "obligation_id",
    "hours",
    "started_on",
    "completed_on",
    "certificate_number",
    "certificate_file",
    "created_at",
    "updated_at",
)


def _educators() -> tuple[np.ndarray, np.ndarray]:
    rows = np.array(
        list(Educator.objects.order_by("id").values_list("id", "institution_id")), dtype=np.int64
    ).reshape(-1, 2)
    return rows[:, 0], rows[:, 1]


def _internship_offers() -> dict[int, list[tuple[int, int]]]:
    """college -> [(obligation, enterprise)]: patrons' internship places for it."""
    obligations = Obligation.objects.filter(
        kind="internship_places", beneficiary__isnull=False
    ).values_list("id", "beneficiary_id", "agreement_id")
    enterprises = dict(
        Party.objects.filter(enterprise__isnull=False)
        .order_by("agreement_id", "id")
        .values_list("agreement_id", "enterprise_id")
    )
    offers: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, college, agreement in obligations.order_by("id"):
        if agreement in enterprises:
            offers[college].append((pk, enterprises[agreement]))
    return offers


def _region_enterprises() -> tuple[dict[int, int], dict[int, np.ndarray]]:
    region_of = dict(Institution.objects.values_list("id", "region_id"))
    by_region: dict[int, list[int]] = defaultdict(list)
    for pk, region in Enterprise.objects.order_by("id").values_list("id", "region_id"):
        by_region[region].append(pk)
    return region_of, {r: np.array(ids) for r, ids in by_region.items()}


def _day(base: date, days: np.ndarray) -> list[str]:
    return [(base - timedelta(days=int(d))).isoformat() for d in days]


def upskilling_rows(rng: np.random.Generator) -> list[tuple[object, ...]]:
    educators, colleges = _educators()
    n = educators.size
    upskilled = rng.random(n) < UPSKILLED_SHARE
    earlier = rng.random(n) < np.where(upskilled, EARLIER_SHARE[1], EARLIER_SHARE[0])
    # latest records: within two years of the dataset's day; earlier ones 3-8 years back
    who = np.concatenate([np.flatnonzero(upskilled), np.flatnonzero(earlier)])
    ago = np.concatenate(
        [
            rng.integers(10, 730, size=int(upskilled.sum())),
            rng.integers(3 * 365 + 30, 8 * 365, size=int(earlier.sum())),
        ]
    )
    offers = _internship_offers()
    region_of, enterprises = _region_enterprises()
    internship = rng.random(who.size) < INTERNSHIP_SHARE
    forms = COURSE_FORMS[np.searchsorted(COURSE_FORM_SHARES, rng.random(who.size))]
    course_hours = COURSE_HOURS[rng.integers(0, COURSE_HOURS.size, who.size)]
    internship_hours = rng.integers(72, 241, who.size)
    picks = rng.random(who.size)
    completed = _day(TODAY, ago)
    stamp = connection.ops.adapt_datetimefield_value(STAMP)
    rows: list[tuple[object, ...]] = []
    for i, index in enumerate(who.tolist()):
        college = int(colleges[index])
        end = date.fromisoformat(completed[i])
        number = f"СК-{end.year}-{i + 1:06d}"
        if internship[i]:
            offered = offers.get(college)
            if offered:
                obligation, enterprise = offered[int(picks[i] * len(offered))]
            else:
                local = enterprises.get(region_of[college])
                if local is None or not local.size:
                    continue
                obligation, enterprise = None, int(local[int(picks[i] * local.size)])
            hours = int(internship_hours[i])
            rows.append(
                (int(educators[index]), "internship", "Стажировка на предприятии",
                 "Предприятие-партнёр (демо)", "", enterprise, obligation, hours,
                 (end - timedelta(days=hours // 6 + 7)).isoformat(), end.isoformat(),
                 number, "", stamp, stamp)
            )  # fmt: skip
        else:
            form = str(forms[i])
            hours = int(course_hours[i])
            rows.append(
                (int(educators[index]), "course", TITLES[form], PROVIDERS[form], form, None,
                 None, hours, (end - timedelta(days=hours // 8 + 4)).isoformat(),
                 end.isoformat(), number, "", stamp, stamp)
            )  # fmt: skip
    return rows


def _specialty_rows(rng: np.random.Generator) -> list[tuple[int, int]]:
    """Teachers of special subjects and masters of training: one or two of their college's
    specialties."""
    by_college: dict[int, list[int]] = defaultdict(list)
    for college, specialty in (
        Program.objects.filter(institution__kind="college")
        .order_by("institution_id", "specialty_id")
        .distinct()
        .values_list("institution_id", "specialty_id")
    ):
        by_college[college].append(specialty)
    teaching = Educator.objects.filter(
        subjects__in=["Специальные дисциплины", "Производственное обучение"]
    ).order_by("id")
    found = list(teaching.values_list("id", "institution_id"))
    first, second, two = rng.random((3, len(found)))
    rows: list[tuple[int, int]] = []
    for i, (educator, college) in enumerate(found):
        offered = by_college.get(college)
        if not offered:
            continue
        pick = int(first[i] * len(offered))
        rows.append((educator, offered[pick]))
        if two[i] < 0.35 and len(offered) > 1:  # a second one, never the same
            other = (pick + 1 + int(second[i] * (len(offered) - 1))) % len(offered)
            rows.append((educator, offered[other]))
    return rows


def seed_upskilling(*, seed: int) -> dict[str, int]:
    """Adds the specialties taught and the upskilling history to a seeded registry (after
    the partnerships, whose patrons' obligations provide internships), inside the caller's
    transaction; returns the counts written."""
    rows = upskilling_rows(np.random.default_rng([seed, STREAM, 1]))
    bulk_insert(Upskilling, UPSKILLING_COLUMNS, rows)
    taught = _specialty_rows(np.random.default_rng([seed, STREAM, 2]))
    bulk_insert(Educator.specialties.through, ("educator_id", "specialty_id"), taught)
    return {"upskilling": len(rows), "specialties_taught": len(taught)}


EDUCATOR_MODELS = (Upskilling, Educator.specialties.through)
