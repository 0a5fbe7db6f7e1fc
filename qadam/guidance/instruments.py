"""Loading an instrument (item bank + metadata) from `data/`; instruments are data, not code."""

import csv
import json
from pathlib import Path

from django.db import transaction

from qadam.guidance.models import SCALES, Instrument, Item

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_INSTRUMENT = "riasec48_v1.json"


class InstrumentChanged(Exception):
    """A released version's texts differ from the file: that needs a new version."""


@transaction.atomic
def instrument_load(path: Path = DATA_DIR / DEFAULT_INSTRUMENT) -> Instrument:
    """Create the instrument and its items from the JSON metadata and its CSV; idempotent.

    Refuses to rewrite the item texts of a version already loaded, since stored answers
    point to the wording the pupil saw."""
    metadata = json.loads(path.read_text(encoding="utf-8"))
    with (path.parent / metadata["files"]["items"]).open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda row: int(row["order"]))
    if any(row["scale"] not in SCALES for row in rows):
        raise ValueError(f"{path.name}: an item has an unknown scale")
    norms_file = path.parent / metadata["files"]["norms"]
    metadata["norms"]["by_scale"] = _norms(norms_file)
    instrument, created = Instrument.objects.get_or_create(
        code=metadata["id"], version=str(metadata["version"]), defaults={"metadata": metadata}
    )
    wanted = [
        (row["item_id"], row["scale"], row["text_en"], row["text_ru"], row["text_kk"])
        for row in rows
    ]
    if not created:
        stored = list(
            instrument.items.order_by("position").values_list(
                "code", "scale", "text_en", "text_ru", "text_kk"
            )
        )
        if stored != wanted:
            raise InstrumentChanged(
                f"{instrument}: the item texts differ from {path.name}; release a new version"
            )
        instrument.metadata = metadata
        instrument.save(update_fields=["metadata"])
        return instrument
    Item.objects.bulk_create(
        Item(
            instrument=instrument,
            code=code,
            scale=scale,
            position=position,
            text_en=en,
            text_ru=ru,
            text_kk=kk,
        )
        for position, (code, scale, en, ru, kk) in enumerate(wanted)
    )
    return instrument


def _norms(path: Path) -> dict[str, dict[str, float]]:
    """Per scale: n, mean and sd of the scale score (the CSV repeats them on each item)."""
    norms: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            norms[row["scale"]] = {
                "n": int(row["n"]),
                "mean": float(row["mean"]),
                "sd": float(row["sd"]),
            }
    return norms
