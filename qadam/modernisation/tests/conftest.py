"""The modernisation over the shared world (root conftest.py): college A's project with a
republican-budget line (delivered), a patron line drawn from world.enterprise's equipment
obligation to college A (5,000,000 tenge, not delivered) and an overdue milestone; college
B's project with a local-budget line and an overdue milestone; a PPP investment of
world.enterprise in the university under an investment agreement."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from qadam.agreements.models import Agreement, Obligation, Party
from qadam.modernisation.models import EquipmentLine, Investment, Milestone, Project

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@dataclass(frozen=True)
class Programme:
    project_a: Project
    project_b: Project
    budget_line: EquipmentLine
    patron_line: EquipmentLine
    line_b: EquipmentLine
    equipment: Obligation
    overdue_a: Milestone
    overdue_b: Milestone
    investment: Investment


@pytest.fixture
def programme(world) -> Programme:
    patronage = Agreement.objects.create(
        number="P-001",
        kind="patronage",
        status="active",
        title="Patronage",
        signed_on=date(2025, 1, 10),
        ends_on=date(2027, 12, 31),
    )
    patron = Party.objects.create(
        agreement=patronage, kind="enterprise", role="patron", enterprise=world.enterprise
    )
    equipment = Obligation.objects.create(
        agreement=patronage,
        kind="equipment",
        party=patron,
        beneficiary=world.college_a,
        target=Decimal(5_000_000),
        due_on=date(2027, 3, 1),
    )
    project_a = Project.objects.create(
        college=world.college_a, starts_on=date(2025, 9, 1), ends_on=date(2027, 9, 1)
    )
    project_b = Project.objects.create(
        college=world.college_b, starts_on=date(2025, 9, 1), ends_on=date(2027, 9, 1)
    )
    budget_line = EquipmentLine.objects.create(
        project=project_a,
        item="CNC lathe",
        quantity=2,
        unit_cost=Decimal(3_000_000),
        cost=Decimal(6_000_000),
        source="republican",
        delivered_on=date(2026, 5, 1),
    )
    patron_line = EquipmentLine.objects.create(
        project=project_a,
        item="Welding simulator",
        quantity=2,
        unit_cost=Decimal(1_500_000),
        cost=Decimal(3_000_000),
        source="patron",
        investor=world.enterprise,
        obligation=equipment,
    )
    line_b = EquipmentLine.objects.create(
        project=project_b,
        item="Server rack",
        quantity=1,
        unit_cost=Decimal(2_000_000),
        cost=Decimal(2_000_000),
        source="local",
    )
    overdue_a = Milestone.objects.create(
        project=project_a,
        title="Оборудование закуплено",
        title_en="Equipment purchased",
        due_on=date(2026, 6, 1),
    )
    Milestone.objects.create(project=project_a, title="Открытие", due_on=date(2027, 9, 1))
    overdue_b = Milestone.objects.create(
        project=project_b, title="Проект утверждён", due_on=date(2026, 1, 15)
    )
    agreement = Agreement.objects.create(
        number="PPP-001", kind="investment", status="active", title="PPP"
    )
    investment = Investment.objects.create(
        investor=world.enterprise,
        institution=world.university,
        agreement=agreement,
        amount=Decimal(400_000_000),
        purpose="Petrochemistry laboratory",
        year=2019,
        status="invested",
    )
    return Programme(
        project_a=project_a,
        project_b=project_b,
        budget_line=budget_line,
        patron_line=patron_line,
        line_b=line_b,
        equipment=equipment,
        overdue_a=overdue_a,
        overdue_b=overdue_b,
        investment=investment,
    )


PDF = b"%PDF-1.4\n% evidence\n"
