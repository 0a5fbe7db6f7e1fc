"""The modernisation API's shapes (read-only): the national view, projects with their lines
and milestones, PPP investments. Money in tenge."""

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from qadam.common.localized import localized


class FundingSourceTotalOut(Schema):
    source: str
    label: str
    committed: Decimal
    delivered: Decimal


class RegionTotalOut(Schema):
    region: str  # ISO 3166-2
    colleges: int
    committed: Decimal
    delivered: Decimal
    overdue: int


class ModernisationProgrammeOut(Schema):
    target: int
    colleges: int
    committed: Decimal
    delivered: Decimal
    overdue: int
    by_source: list[FundingSourceTotalOut]
    by_region: list[RegionTotalOut]


class ModernisationProjectOut(Schema):
    id: int
    college: int = Field(..., alias="college_id")
    college_name: str
    region: str | None
    status: str
    starts_on: date
    ends_on: date

    @staticmethod
    def resolve_college_name(project: Any) -> str:
        return localized(project.college)

    @staticmethod
    def resolve_region(project: Any) -> str | None:
        region = project.college.region
        return region.iso_code if region else None


class EquipmentLineOut(Schema):
    id: int
    item: str
    facility: int | None = Field(None, alias="facility_id")
    quantity: int
    unit_cost: Decimal
    cost: Decimal
    source: str
    investor: int | None = Field(None, alias="investor_id")
    obligation: int | None = Field(None, alias="obligation_id")
    investment: int | None = Field(None, alias="investment_id")
    delivered_on: date | None

    @staticmethod
    def resolve_item(line: Any) -> str:
        return localized(line, "item")


class ModernisationMilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    done_on: date | None

    @staticmethod
    def resolve_title(milestone: Any) -> str:
        return localized(milestone, "title")


class ModernisationProjectDetailOut(ModernisationProjectOut):
    lines: list[EquipmentLineOut]
    milestones: list[ModernisationMilestoneOut]

    @staticmethod
    def resolve_lines(project: Any) -> list[Any]:
        return list(project.lines.order_by("id"))

    @staticmethod
    def resolve_milestones(project: Any) -> list[Any]:
        return list(project.milestones.order_by("due_on", "id"))


class PppInvestmentOut(Schema):
    id: int
    investor: int = Field(..., alias="investor_id")
    investor_name: str
    institution: int = Field(..., alias="institution_id")
    amount: Decimal
    purpose: str
    year: int
    status: str
    agreement: str | None  # its number

    @staticmethod
    def resolve_investor_name(investment: Any) -> str:
        return str(investment.investor.name)

    @staticmethod
    def resolve_agreement(investment: Any) -> str | None:
        return investment.agreement.number if investment.agreement else None
