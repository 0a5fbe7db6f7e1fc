"""Educators over the shared world (see the root conftest.py): world.enterprise is college
A's patron with 10 internship places (an obligation) for it; A's first educator completed a
course a year before TODAY, everyone else never upskilled (overdue)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from qadam.agreements.models import Agreement, Obligation, Party
from qadam.educators.models import Upskilling
from qadam.registry.models import Educator

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@dataclass(frozen=True)
class Setting:
    places: Obligation
    upskilled: Educator
    overdue: Educator
    course: Upskilling


@pytest.fixture
def setting(world) -> Setting:
    patronage = Agreement.objects.create(
        number="P-001", kind="patronage", status="active", title="Patronage",
        signed_on=date(2025, 1, 10), ends_on=date(2027, 12, 31),
    )  # fmt: skip
    patron = Party.objects.create(
        agreement=patronage, kind="enterprise", role="patron", enterprise=world.enterprise
    )
    places = Obligation.objects.create(
        agreement=patronage, kind="internship_places", party=patron,
        beneficiary=world.college_a, target=Decimal(10), due_on=date(2027, 6, 30),
    )  # fmt: skip
    upskilled, overdue = world.educators_a
    course = Upskilling.objects.create(
        educator=upskilled, kind="course", title="Digital tools", provider="Orleu",
        form="online", hours=72, started_on=TODAY - timedelta(days=380),
        completed_on=TODAY - timedelta(days=365),
    )  # fmt: skip
    return Setting(places=places, upskilled=upskilled, overdue=overdue, course=course)
