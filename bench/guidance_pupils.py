"""A festival's pupils as the load generator and the CPU bench send them (issue 4, 14): one
complete diagnostic per pupil, answers drawn around the instrument's norms so Holland codes
vary, a school of the region for 70%, some skills. Plain Python: no Django, no locust."""

import csv
import random
import uuid
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "qadam" / "guidance" / "data"
SCALES = ("R", "I", "A", "S", "E", "C")
LANGUAGES = (("kk", 0.55), ("ru", 0.40), ("en", 0.05))
SKILLS = ("numbers", "tools", "people", "computers")
INSTRUMENT_SHARE = 0.10  # pupils whose phone fetches the item bank (the rest cached it)
RESEND_SHARE = 0.02  # pupils whose phone sends the same form twice
ITEM_NOISE = 0.9  # spread of an item's rating around the pupil's level on its scale


def _items() -> list[tuple[str, str]]:
    with (DATA / "riasec48_v1.csv").open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda row: int(row["order"]))
    return [(row["item_id"], row["scale"]) for row in rows]


def _norms() -> dict[str, tuple[float, float]]:
    norms: dict[str, tuple[float, float]] = {}
    with (DATA / "riasec48_norms.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            norms[row["scale"]] = (float(row["mean"]), float(row["sd"]))
    return norms


ITEMS = _items()
NORMS = _norms()


def pupil_answers(rng: random.Random) -> dict[str, int]:
    """One pupil's 48 ratings: a level per scale drawn from the norms, items around it."""
    level = {scale: rng.gauss(*NORMS[scale]) for scale in SCALES}
    return {
        code: min(5, max(1, round(level[scale] + rng.gauss(0.0, ITEM_NOISE))))
        for code, scale in ITEMS
    }


def language(rng: random.Random) -> str:
    return rng.choices([code for code, _ in LANGUAGES], [share for _, share in LANGUAGES])[0]


def pupil_body(
    rng: random.Random, *, event_code: str, region_id: int, school_ids: list[int]
) -> dict[str, Any]:
    """One pupil's whole diagnostic as the phone posts it."""
    school = rng.choice(school_ids) if school_ids and rng.random() < 0.7 else None
    return {
        "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "consent": True,
        "language": language(rng),
        "age": rng.randint(13, 18),
        "region_id": region_id,
        "school_id": school,
        "share_with_counsellor": rng.random() < 0.5,
        "event_code": event_code,
        "answers": pupil_answers(rng),
        "skills": {skill: rng.randint(1, 5) for skill in SKILLS if rng.random() < 0.6},
    }
