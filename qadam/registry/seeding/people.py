"""Synthetic people: names, birth dates and valid, unique IINs, generated with numpy."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from qadam.registry.identifiers import check_digits_many

NAMES = json.loads((Path(__file__).parent / "data" / "names.json").read_text(encoding="utf-8"))
KAZAKH_MALE, RUSSIAN_MALE = NAMES["male_first"][:30], NAMES["male_first"][30:]
KAZAKH_FEMALE, RUSSIAN_FEMALE = NAMES["female_first"][:25], NAMES["female_first"][25:]
KAZAKH_SURNAMES, RUSSIAN_SURNAMES = NAMES["male_surnames"][:30], NAMES["male_surnames"][30:]
EPOCH = np.datetime64("1970-01-01")


@dataclass(frozen=True)
class People:
    iin: list[str]
    last_name: list[str]
    first_name: list[str]
    middle_name: list[str]
    birth_date: list[date]
    sex: list[str]


def _pick(rng: np.random.Generator, pool: list[str], mask: np.ndarray) -> np.ndarray:
    return np.asarray(pool, dtype=object)[rng.integers(0, len(pool), size=int(mask.sum()))]


def _names(rng: np.random.Generator, male: np.ndarray) -> tuple[np.ndarray, ...]:
    n = male.size
    kazakh = rng.random(n) < 0.7
    first = np.empty(n, dtype=object)
    last = np.empty(n, dtype=object)
    middle = np.empty(n, dtype=object)
    for is_kazakh, is_male, firsts, lasts in (
        (True, True, KAZAKH_MALE, KAZAKH_SURNAMES),
        (True, False, KAZAKH_FEMALE, KAZAKH_SURNAMES),
        (False, True, RUSSIAN_MALE, RUSSIAN_SURNAMES),
        (False, False, RUSSIAN_FEMALE, RUSSIAN_SURNAMES),
    ):
        mask = (kazakh == is_kazakh) & (male == is_male)
        first[mask] = _pick(rng, firsts, mask)
        surname = _pick(rng, lasts, mask)
        last[mask] = surname if is_male else surname + "а"
        if is_kazakh:
            father = _pick(rng, NAMES["kazakh_fathers"], mask)
            middle[mask] = father + ("ұлы" if is_male else "қызы")
        else:
            stem = _pick(rng, NAMES["russian_patronymic_stems"], mask)
            middle[mask] = stem + ("ич" if is_male else "на")
    return last, first, middle


def _iins(birth: np.ndarray, male: np.ndarray) -> np.ndarray:
    """Unique valid IINs: YYMMDD, century-and-sex digit, a serial unique per day and sex."""
    years = birth.astype("datetime64[Y]").astype(int) + 1970
    months = birth.astype("datetime64[M]").astype(int) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(int) + 1
    century = np.where(years >= 2000, 5, np.where(years >= 1900, 3, 1)) + (~male).astype(int)
    bucket = (birth - EPOCH).astype(np.int64) * 2 + (~male).astype(np.int64)
    order = np.argsort(bucket, kind="stable")
    sorted_bucket = bucket[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_bucket)) + 1]
    rank_sorted = np.arange(bucket.size) - np.repeat(starts, np.diff(np.r_[starts, bucket.size]))
    serial = np.empty(bucket.size, dtype=np.int64)
    serial[order] = rank_sorted
    if serial.max(initial=0) >= 5000:
        raise ValueError("too many people born on one day for 4-digit serials")
    head = ((years % 100) * 10**4 + months * 100 + days) * 10 + century
    while True:
        first_eleven = head * 10**4 + serial
        digits = (first_eleven[:, None] // 10 ** np.arange(10, -1, -1)) % 10
        check = check_digits_many(digits)
        invalid = check < 0
        if not invalid.any():
            break
        serial[invalid] += 5000  # serials under 5000 are taken; these stay unique
    numbers = first_eleven * 10 + check
    return np.char.zfill(numbers.astype(str), 12)


def make_people(
    rng: np.random.Generator, *, born_from: np.ndarray, born_days: np.ndarray
) -> People:
    """People born in [born_from, born_from + born_days) days, half of each sex."""
    n = born_from.size
    birth = born_from + (rng.random(n) * born_days).astype("timedelta64[D]")
    male = rng.random(n) < 0.5
    last, first, middle = _names(rng, male)
    return People(
        iin=_iins(birth, male).tolist(),
        last_name=last.tolist(),
        first_name=first.tolist(),
        middle_name=middle.tolist(),
        birth_date=birth.astype(object).tolist(),
        sex=np.where(male, "M", "F").tolist(),
    )
