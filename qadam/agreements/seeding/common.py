"""Shared pieces of the partnerships seed: the day the register describes, scaling, agreement
dates and statuses, and the rows it writes (explicit ids, bulk inserted in foreign-key order)."""

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Max, Model

from qadam.agreements.choices import AgreementKind, AgreementStatus
from qadam.agreements.models import Agreement, Delivery, Obligation, Party
from qadam.common.bulk import bulk_insert, reset_sequence
from qadam.registry.seeding.national import FESTIVAL_DAY, STAMP
from qadam.registry.seeding.profiles import PROFILES, Profile

DATA = Path(__file__).parent / "data"
Progress = Callable[[str], None]

# The day the register describes: agreements expiring within 90 days of it and obligations
# overdue on it are what the reminders show (the demo's "today"; see agreements/tests/conftest).
AS_OF = date(2026, 11, 21)
# The career festival (guidance.seeding's demo event closes on its Saturday): five days,
# Tuesday 13 to Saturday 17 October 2026, when the memoranda were signed.
FESTIVAL_WEEK = tuple(FESTIVAL_DAY - timedelta(days=4 - k) for k in range(5))
NUMBER_PREFIX = {
    AgreementKind.DOUBLE_DIPLOMA: "DD",
    AgreementKind.JOINT_RESEARCH: "JR",
    AgreementKind.JOINT_EDUCATION: "JE",
    AgreementKind.BRANCH: "BR",
    AgreementKind.PATRONAGE: "PAT",
    AgreementKind.MEMORANDUM: "MEM",
    AgreementKind.INTERNATIONAL: "INT",
}

# How agreements' statuses are drawn: most active, some ending within 90 days of AS_OF, some
# expired, a few signed but not started, drafts and terminated ones.
CATEGORIES = ("active", "expiring", "expired", "signed", "draft", "terminated")
STATUS_SHARES = (0.78, 0.06, 0.09, 0.03, 0.03, 0.01)
STATUS_OF = {
    "active": AgreementStatus.ACTIVE.value,
    "expiring": AgreementStatus.ACTIVE.value,
    "expired": AgreementStatus.EXPIRED.value,
    "signed": AgreementStatus.SIGNED.value,
    "draft": AgreementStatus.DRAFT.value,
    "terminated": AgreementStatus.TERMINATED.value,
}
TERMINATION_REASONS = (
    "Реорганизация стороны",
    "По соглашению сторон",
    "Прекращение финансирования программы",
)
EXPIRED_SINCE = np.datetime64("2025-03-01")  # expired agreements ended after this day
NaT = np.datetime64("NaT", "D")
NEXT_MONTHS = np.array(
    ["2026-12-01", *(f"2027-{month:02d}-01" for month in range(1, 10))], dtype="datetime64[D]"
)


def scaled(profile: Profile, national: int, minimum: int) -> int:
    """A national count at the profile's scale (small: 1/100), never below `minimum`."""
    scale = profile.enterprises / PROFILES["national"].enterprises
    return max(minimum, round(national * scale))


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def iso(day: Any) -> str | None:
    """A numpy or Python date as ISO text, None for NaT/None."""
    if day is None or (isinstance(day, np.datetime64) and np.isnat(day)):
        return None
    return str(np.datetime64(day, "D"))


@cache
def stamp_of(day: str | None) -> Any:
    """created_at of a record dated `day`: records dated before the registry's load were
    loaded with it (STAMP), later ones entered the day they happened (06:00 UTC), planned
    ones on AS_OF at the latest."""
    moment = STAMP
    if day is not None:
        moment = datetime.fromisoformat(min(day, str(AS_OF))).replace(hour=6, tzinfo=UTC)
        moment = max(STAMP, moment)
    return connection.ops.adapt_datetimefield_value(moment)


@dataclass(frozen=True)
class Dates:
    """Parallel arrays: the drawn category, status and dates (datetime64[D], NaT if none)."""

    category: np.ndarray
    status: np.ndarray
    signed_on: np.ndarray
    starts_on: np.ndarray
    ends_on: np.ndarray


def _categories(rng: np.random.Generator, n: int) -> np.ndarray:
    """Draws categories; with enough rows, each appears at least once."""
    drawn = rng.choice(len(CATEGORIES), size=n, p=STATUS_SHARES)
    if n >= 3 * len(CATEGORIES):
        missing = [k for k in range(len(CATEGORIES)) if not (drawn == k).any()]
        rows = rng.choice(np.flatnonzero(drawn == 0), size=len(missing), replace=False)
        drawn[rows] = missing
    return drawn


def agreement_dates(rng: np.random.Generator, years: np.ndarray) -> Dates:
    """Status and dates of agreements lasting `years` each (from their start)."""
    n = years.size
    today = np.datetime64(AS_OF)
    span = np.round(years * 365.25).astype(np.int64)
    category = _categories(rng, n)
    name = np.asarray(CATEGORIES)[category]
    u = rng.random(n)
    lag = rng.integers(0, 30, n)  # days from signing to the start
    since_expiry = (u * (today - EXPIRED_SINCE).astype(np.int64)).astype(np.int64)
    starts = np.select(
        [name == "active", name == "expiring", name == "expired", name == "terminated"],
        [
            # started a month or more ago and ends after the next 90 days
            today - 30 - (u * (span - 122)).astype(np.int64),
            today + 1 + (u * 90).astype(np.int64) - span + 1,
            today - 1 - since_expiry - span + 1,
            today - 180 - (u * np.maximum(span - 180, 1)).astype(np.int64),
        ],
        # signed ones start on the first of one of the next four months, drafts in 2027
        default=np.where(
            name == "signed",
            NEXT_MONTHS[rng.integers(0, 4, n)],
            NEXT_MONTHS[rng.integers(1, NEXT_MONTHS.size, n)],
        ),
    )
    ends = starts + span - 1
    signed = np.where(name == "signed", today - 1 - lag, starts - lag)
    signed[name == "draft"] = NaT
    status = np.array([STATUS_OF[c] for c in CATEGORIES])[category]
    return Dates(category, status, signed, starts, ends)


class Register:
    """Rows of agreements, parties, obligations and deliveries with explicit ids, written in
    foreign-key order by `write` (COPY on PostgreSQL, executemany on SQLite)."""

    def __init__(self) -> None:
        self.rows: dict[type[Model], list[tuple[Any, ...]]] = {
            Agreement: [],
            Party: [],
            Obligation: [],
            Delivery: [],
        }
        self.next_id = {
            model: (model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1
            for model in self.rows
        }
        self.serials: dict[str, int] = {}
        self.agreement_stamp: dict[int, Any] = {}  # created_at of each agreement, by id

    def _id(self, model: type[Model]) -> int:
        pk = self.next_id[model]
        self.next_id[model] += 1
        return pk

    def agreement(
        self,
        *,
        kind: str,
        title: str,
        status: str,
        dates: tuple[Any, Any, Any],
        description: str = "",
        termination_reason: str = "",
    ) -> int:
        """Adds an agreement (dates: signed, starts, ends); returns its id."""
        signed, starts, ends = (iso(day) for day in dates)
        prefix = NUMBER_PREFIX[AgreementKind(kind)]
        self.serials[prefix] = serial = self.serials.get(prefix, 0) + 1
        year = (signed or starts or str(AS_OF))[:4]
        pk = self._id(Agreement)
        stamp = stamp_of(signed or str(AS_OF - timedelta(days=serial % 60)))
        self.agreement_stamp[pk] = stamp
        self.rows[Agreement].append(
            (
                pk,
                stamp,
                stamp,
                f"{prefix}-{year}-{serial:05d}",
                kind,
                title[:255],
                status,
                signed,
                starts,
                ends,
                description,
                termination_reason,
            )
        )
        return pk

    def party(
        self,
        agreement: int,
        kind: str,
        role: str,
        *,
        institution: int | None = None,
        enterprise: int | None = None,
        country: str = "KZ",
    ) -> int:
        pk = self._id(Party)
        self.rows[Party].append((pk, agreement, kind, role, institution, enterprise, "", country))
        return pk

    def obligation(self, values: Sequence[Any]) -> int:
        """values: agreement, kind, party, beneficiary, description, items, target, due_on,
        delivered, and the day the agreement's row was stamped with."""
        pk = self._id(Obligation)
        *fields, stamp = values
        self.rows[Obligation].append((pk, stamp, stamp, *fields))
        return pk

    def delivery(self, obligation: int, quantity: int, day: str, text: str, evidence: str) -> None:
        pk = self._id(Delivery)
        self.rows[Delivery].append(
            (pk, obligation, quantity, day, text, evidence, "", stamp_of(day))
        )

    def write(self) -> dict[str, int]:
        for model, columns in COLUMNS.items():
            bulk_insert(model, columns, self.rows[model])
            reset_sequence(model)
        return {
            "agreements": len(self.rows[Agreement]),
            "parties": len(self.rows[Party]),
            "obligations": len(self.rows[Obligation]),
            "deliveries": len(self.rows[Delivery]),
        }


COLUMNS: dict[type[Model], tuple[str, ...]] = {
    Agreement: (
        "id",
        "created_at",
        "updated_at",
        "number",
        "kind",
        "title",
        "status",
        "signed_on",
        "starts_on",
        "ends_on",
        "description",
        "termination_reason",
    ),
    Party: (
        "id",
        "agreement_id",
        "kind",
        "role",
        "institution_id",
        "enterprise_id",
        "name",
        "country",
    ),
    Obligation: (
        "id",
        "created_at",
        "updated_at",
        "agreement_id",
        "kind",
        "party_id",
        "beneficiary_id",
        "description",
        "items",
        "target",
        "due_on",
        "delivered",
    ),
    Delivery: (
        "id",
        "obligation_id",
        "quantity",
        "delivered_on",
        "description",
        "evidence",
        "evidence_file",
        "recorded_at",
    ),
}
