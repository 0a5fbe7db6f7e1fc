"""Reference data shipped inside the package (see qadam/registry/data/README.md)."""

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def attribution() -> list[dict[str, Any]]:
    path = DATA_DIR / "attribution.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
