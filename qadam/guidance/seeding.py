"""The demo festival of `qadam seed`: one guidance event with its pupils' completed
diagnostics, so the organiser's dashboard and the counsellor's list have data.

Pupils are simulated: an interest level per RIASEC scale drawn around the instrument's norms,
48 ratings around those levels. They are scored with the engine in one vectorised call,
matched to specialties with `recommend` (the same code as a live submission) and written with
COPY. Everything is drawn from the seed, so the same seed gives the same rows.
"""

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection

from qadam.accounts.models import User
from qadam.common.bulk import bulk_insert
from qadam.engines.guidance import holland_code, score
from qadam.guidance.models import SCALES, DiagnosticSession, GuidanceEvent, Instrument
from qadam.guidance.recommend import forget_catalogue, recommend
from qadam.guidance.services import (
    CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    RECOMMENDATIONS,
    RESUME_CODE_LENGTH,
    SKILLS,
    current_instrument,
)
from qadam.registry.models import Institution, Region
from qadam.registry.seeding.national import FESTIVAL_DAY
from qadam.registry.seeding.profiles import Profile

SESSIONS = {"national": 3_000, "small": 60}  # completed diagnostics at the demo festival
FESTIVAL_OPENS = datetime(2026, 10, 17, 4, 0, tzinfo=UTC)  # 10:00 in Almaty
FESTIVAL_HOURS = 7
DEMO_REGION_KATO = "19"  # the demo users' region (Almaty region), as in `demo_users`
LANGUAGE_SHARES = {"kk": 0.58, "ru": 0.39, "en": 0.03}
AGES = np.arange(13, 19)
AGE_SHARES = np.array([0.10, 0.17, 0.22, 0.23, 0.18, 0.10])
WITH_SCHOOL = 0.85  # pupils who name their school
SHARE_WITH_COUNSELLOR = 0.55
ITEM_NOISE = 0.9  # spread of a rating around the pupil's level on the item's scale
COLUMNS = (
    "created_at",
    "updated_at",
    "client_id",
    "resume_code",
    "instrument_id",
    "event_id",
    "language",
    "age",
    "region_id",
    "school_id",
    "consent_at",
    "share_with_counsellor",
    "answers",
    "skills",
    "score_r",
    "score_i",
    "score_a",
    "score_s",
    "score_e",
    "score_c",
    "holland_code",
    "recommendations",
    "top_specialty_id",
    "completed_at",
    "enrolment_iin",  # nobody has shared an IIN for enrolment yet
)


def instrument_norms(instrument: Instrument) -> tuple[np.ndarray, np.ndarray]:
    """The norms' mean and sd per scale, in the order of SCALES (neutral 3 and 1 if absent)."""
    by_scale = instrument.metadata.get("norms", {}).get("by_scale", {})
    mean = np.array([by_scale.get(s, {}).get("mean", 3.0) for s in SCALES], dtype=float)
    sd = np.array([by_scale.get(s, {}).get("sd", 1.0) for s in SCALES], dtype=float)
    return mean, sd


def simulated_answers(
    rng: np.random.Generator, n: int, item_scale: np.ndarray, mean: np.ndarray, sd: np.ndarray
) -> np.ndarray:
    """(n, items) ratings 1..5 of n simulated pupils: a level per scale drawn from the norms
    (so Holland codes vary as in the norm sample), each item's rating around its scale."""
    levels = rng.normal(mean, sd, size=(n, len(SCALES)))
    noisy = levels[:, item_scale] + rng.normal(0.0, ITEM_NOISE, size=(n, item_scale.size))
    return np.clip(np.rint(noisy), 1, 5).astype(np.int64)


def _codes(rng: np.random.Generator, n: int, length: int) -> list[str]:
    """n distinct codes over CODE_ALPHABET."""
    alphabet = np.array(list(CODE_ALPHABET))
    codes: list[str] = []
    seen: set[str] = set()
    while len(codes) < n:
        for row in alphabet[rng.integers(0, alphabet.size, size=(n, length))]:
            code = "".join(row)
            if code not in seen and len(codes) < n:
                seen.add(code)
                codes.append(code)
    return codes


def _festival_region() -> Region:
    """The region of the demo counsellor's school (so they see pupils), else the demo region."""
    school = (
        Institution.objects.filter(kind="school", region__kato=DEMO_REGION_KATO)
        .order_by("id")
        .first()
    ) or Institution.objects.filter(kind="school").order_by("id").first()
    if school is not None and school.region is not None:
        return school.region
    region = Region.objects.filter(kato=DEMO_REGION_KATO).first()
    return region or Region.objects.order_by("kato")[0]


def _event(
    rng: np.random.Generator, organiser: User, instrument: Instrument, region: Region
) -> GuidanceEvent:
    taken = set(GuidanceEvent.objects.values_list("join_code", flat=True))
    join_code = next(c for c in _codes(rng, len(taken) + 1, JOIN_CODE_LENGTH) if c not in taken)
    event = GuidanceEvent(
        organiser=organiser,
        name=f"Фестиваль профессий «Qadam» — {region.name_ru}",
        kind=GuidanceEvent.Kind.FESTIVAL,
        join_code=join_code,
        instrument=instrument,
        region=region,
        starts_on=FESTIVAL_DAY,
        ends_on=FESTIVAL_DAY,
        is_open=True,
    )
    event.full_clean()
    event.save()
    return event


def _pupils(rng: np.random.Generator, n: int, schools: list[int]) -> dict[str, np.ndarray]:
    """Who the pupils are: language, age, school, consent to share, self-rated skills."""
    languages = np.array(list(LANGUAGE_SHARES))
    shares = np.array(list(LANGUAGE_SHARES.values()))
    with_school = (rng.random(n) < WITH_SCHOOL) & bool(schools)
    drawn = np.array(schools or [0])[rng.integers(0, max(len(schools), 1), n)]
    school = np.where(with_school, drawn, 0)
    return {
        "language": languages[rng.choice(languages.size, size=n, p=shares)],
        "age": AGES[rng.choice(AGES.size, size=n, p=AGE_SHARES)],
        "school": school,
        "share": rng.random(n) < SHARE_WITH_COUNSELLOR,
        "skills": rng.integers(1, 6, size=(n, len(SKILLS))),
        "rated": rng.random((n, len(SKILLS))) < 0.6,
        "completed": np.sort(rng.integers(0, FESTIVAL_HOURS * 3600, n)),
        "minutes": rng.integers(8, 25, n),
    }


def _rows(
    rng: np.random.Generator,
    event: GuidanceEvent,
    item_scale: np.ndarray,
    answers: np.ndarray,
    pupils: dict[str, np.ndarray],
) -> list[tuple[Any, ...]]:
    """The sessions' rows in COLUMNS order, scored in one call and recommended per pupil."""
    n = answers.shape[0]
    scores = score(answers.astype(np.float64), item_scale)
    codes = holland_code(scores)
    digits = (answers + ord("0")).astype(np.uint8)
    resume_codes = _codes(rng, n, RESUME_CODE_LENGTH)
    client_ids = [uuid.UUID(bytes=rng.bytes(16), version=4) for _ in range(n)]
    client_id_field = DiagnosticSession._meta.get_field("client_id")
    stamp = connection.ops.adapt_datetimefield_value
    rows = []
    for i in range(n):
        picks = recommend(scores[i], k=RECOMMENDATIONS)
        completed = FESTIVAL_OPENS + timedelta(seconds=int(pupils["completed"][i]))
        started = completed - timedelta(minutes=int(pupils["minutes"][i]))
        skills = {
            skill: int(pupils["skills"][i, j])
            for j, skill in enumerate(SKILLS)
            if pupils["rated"][i, j]
        }
        school = int(pupils["school"][i]) or None
        rows.append(
            (
                stamp(started),
                stamp(completed),
                client_id_field.get_db_prep_value(client_ids[i], connection),
                resume_codes[i],
                event.instrument_id,
                event.pk,
                str(pupils["language"][i]),
                int(pupils["age"][i]),
                event.region_id,
                school,
                stamp(started),
                bool(pupils["share"][i]) and school is not None,
                digits[i].tobytes().decode("ascii"),
                json.dumps(skills),
                *(round(float(value), 3) for value in scores[i]),
                codes[i],
                json.dumps([{"specialty": r.specialty_id, "fit": r.fit} for r in picks]),
                picks[0].specialty_id if picks else None,
                stamp(completed),
                "",
            )
        )
    return rows


def seed_guidance_event(
    *, profile: Profile, seed: int, organiser: User, progress: Callable[[str], None]
) -> GuidanceEvent:
    """One festival in the demo counsellor's region, organised by `organiser`, with the
    profile's number of completed diagnostics (national 3,000, small 60), inside the caller's
    transaction. Needs the instrument, the specialty catalogue and the schools loaded."""
    rng = np.random.default_rng([seed, 4])  # a stream of its own: the rest stays as it was
    instrument = current_instrument()
    region = _festival_region()
    event = _event(rng, organiser, instrument, region)
    n = SESSIONS.get(profile.name, SESSIONS["small"])
    progress(f"guidance festival {event.join_code}: {n:,} diagnostics")
    items = list(instrument.items.order_by("position").values_list("scale", flat=True))
    item_scale = np.array([SCALES.index(s) for s in items])
    answers = simulated_answers(rng, n, item_scale, *instrument_norms(instrument))
    schools = list(
        Institution.objects.filter(kind="school", region=region)
        .order_by("id")
        .values_list("id", flat=True)
    )
    pupils = _pupils(rng, n, schools)
    forget_catalogue()  # the catalogue may have been read before this load
    bulk_insert(DiagnosticSession, COLUMNS, _rows(rng, event, item_scale, answers, pupils))
    return event
