"""Synthetic organisations: colleges, universities, branches, schools and enterprises."""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from qadam.registry.identifiers import check_digits_many

DATA = Path(__file__).parent / "data"
NAMES = json.loads((DATA / "names.json").read_text(encoding="utf-8"))

# The demo NPP operator (planning's NPP-1 is in Almaty Region, near Lake Balkhash): a named
# organisation, so it says it is demo data.
NPP_OPERATOR = {
    "name": "ТОО «Казахстанская атомная электростанция» (демо)",
    "sector": "nuclear",
    "size": "large",
    "kato": "19",
}
SIZES = ("micro", "small", "medium", "large")


@dataclass
class Organisations:
    """Rows to insert, in table order, with explicit ids."""

    institutions: list[dict[str, Any]] = field(default_factory=list)
    enterprises: list[dict[str, Any]] = field(default_factory=list)


def spread(total: int, weights: np.ndarray) -> np.ndarray:
    """Split `total` into integers proportional to `weights` (largest remainder)."""
    share = weights / weights.sum() * total
    counts = np.floor(share).astype(np.int64)
    remainder = total - counts.sum()
    counts[np.argsort(-(share - counts), kind="stable")[:remainder]] += 1
    return counts


def make_bins(rng: np.random.Generator, count: int, start_serial: int) -> list[str]:
    """Valid, unique BINs of resident legal entities (head offices)."""
    years = rng.integers(1995, 2026, size=count) % 100
    months = rng.integers(1, 13, size=count)
    serial = np.arange(start_serial, start_serial + count, dtype=np.int64)
    head = (years * 100 + months) * 100 + 40  # entity type 4, unit type 0
    while True:
        first_eleven = head * 10**5 + serial
        digits = (first_eleven[:, None] // 10 ** np.arange(10, -1, -1)) % 10
        check = check_digits_many(digits)
        invalid = check < 0
        if not invalid.any():
            break
        serial[invalid] += 50_000
    return np.char.zfill((first_eleven * 10 + check).astype(str), 12).tolist()


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
