"""Partnerships over the shared world (see the root conftest.py).

- `patronage` (active, P-001): world.enterprise is patron of college A until 2027-12-31;
  obligations: 10 internship places due 2027-06-30 (4 delivered), 3 mentors due
  2026-09-01 (overdue, none delivered), equipment worth 5,000,000 tenge due 2027-03-01.
- `memorandum` (signed, M-001): college B and world.enterprise, expiring 2027-01-15.
- `double_diploma` (active, DD-001): the university and a Russian partner university.
- `mobility`: one outgoing student of the university to Russia on a scholarship, one
  incoming educator hosted by college A.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from qadam.agreements.models import Agreement, Delivery, Mobility, Obligation, Party
from qadam.registry.models import Institution
from qadam.registry.tests.factories import InstitutionFactory

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English here; the language tests ask for kk/ru explicitly."""
    settings.LANGUAGE_CODE = "en"


@dataclass(frozen=True)
class Partnerships:
    patronage: Agreement
    memorandum: Agreement
    double_diploma: Agreement
    russian_university: Institution
    places: Obligation
    mentors: Obligation
    equipment: Obligation
    outgoing: Mobility
    incoming: Mobility


def _agreement(number: str, kind: str, status: str, **dates: date) -> Agreement:
    return Agreement.objects.create(
        number=number, kind=kind, status=status, title=f"{kind} {number}", **dates
    )


@pytest.fixture
def partnerships(world) -> Partnerships:
    patronage = _agreement(
        "P-001", "patronage", "active", signed_on=date(2025, 1, 10), ends_on=date(2027, 12, 31)
    )
    patron = Party.objects.create(
        agreement=patronage, kind="enterprise", role="patron", enterprise=world.enterprise
    )
    Party.objects.create(
        agreement=patronage, kind="institution", role="beneficiary", institution=world.college_a
    )
    places = Obligation.objects.create(
        agreement=patronage,
        kind="internship_places",
        party=patron,
        beneficiary=world.college_a,
        target=Decimal(10),
        due_on=date(2027, 6, 30),
        delivered=Decimal(4),
    )
    Delivery.objects.create(
        obligation=places,
        quantity=Decimal(4),
        delivered_on=date(2026, 3, 1),
        description="Spring internships",
        evidence="order 12/2026",
    )
    mentors = Obligation.objects.create(
        agreement=patronage,
        kind="mentors",
        party=patron,
        beneficiary=world.college_a,
        target=Decimal(3),
        due_on=date(2026, 9, 1),
    )
    equipment = Obligation.objects.create(
        agreement=patronage,
        kind="equipment",
        party=patron,
        beneficiary=world.college_a,
        target=Decimal(5_000_000),
        items="2 welding simulators",
        due_on=date(2027, 3, 1),
    )
    memorandum = _agreement(
        "M-001", "memorandum", "signed", signed_on=date(2025, 5, 20), ends_on=date(2027, 1, 15)
    )
    Party.objects.create(
        agreement=memorandum, kind="institution", role="partner", institution=world.college_b
    )
    Party.objects.create(
        agreement=memorandum, kind="enterprise", role="partner", enterprise=world.enterprise
    )
    russian = InstitutionFactory.create(
        kind="foreign_partner", country="RU", region=None, name_en="Tomsk Polytechnic University"
    )
    double_diploma = _agreement("DD-001", "double_diploma", "active", signed_on=date(2024, 9, 1))
    Party.objects.create(
        agreement=double_diploma, kind="institution", role="partner", institution=world.university
    )
    Party.objects.create(
        agreement=double_diploma,
        kind="foreign_institution",
        role="partner",
        institution=russian,
        country="RU",
    )
    outgoing = Mobility.objects.create(
        person_kind="student",
        direction="outgoing",
        full_name="Университетов Арман",
        student=world.university_student,
        home_institution=world.university,
        host_institution=russian,
        host_country="RU",
        program="Nuclear power engineering",
        starts_on=date(2025, 9, 1),
        ends_on=date(2029, 6, 30),
        funding="host_scholarship",
        scholarship=True,
        agreement=double_diploma,
    )
    incoming = Mobility.objects.create(
        person_kind="educator",
        direction="incoming",
        full_name="Иванов Пётр",
        home_country="RU",
        home_institution=russian,
        host_institution=world.college_a,
        host_country="KZ",
        program="Welding technology",
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 6, 30),
        funding="program",
    )
    return Partnerships(
        patronage=patronage,
        memorandum=memorandum,
        double_diploma=double_diploma,
        russian_university=russian,
        places=places,
        mentors=mentors,
        equipment=equipment,
        outgoing=outgoing,
        incoming=incoming,
    )


def outgoing_students(world, count: int, **fields) -> list[Mobility]:
    """`count` more students of college A studying in Kazakhstan's partner countries (Turkey
    unless `fields` say otherwise), so that figures reach the minimum cell size."""
    values = {
        "person_kind": "student",
        "direction": "outgoing",
        "home_institution": world.college_a,
        "host_country": "TR",
        "funding": "program",
        "starts_on": date(2025, 9, 1),
        "ends_on": date(2027, 6, 30),
        **fields,
    }
    return [
        Mobility.objects.create(full_name=f"Студентова{i} Айым", **values) for i in range(count)
    ]
