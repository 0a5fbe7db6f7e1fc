"""API schemas of obligations, deliveries, progress and reminders.

Amounts are decimals (JSON strings, exact); a percent may exceed 100 when more was
delivered than promised.
"""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from qadam.common.forms import MAX_ID
from qadam.common.schemas import Text


class ObligationIn(Schema):
    kind: str = Field(description="internship_places, mentors, equipment, funding, seats, jobs")
    # judged by the rules (cents, whole numbers, range by kind), as the import and the pages
    target: Decimal = Field(..., description="places, mentors, seats or jobs; tenge")
    due_on: date
    party_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="the promising party; null: the parties jointly"
    )
    beneficiary_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="the institution that benefits (a party)"
    )
    description: str = Field("", max_length=255)
    items: Text = ""


class ObligationOut(Schema):
    id: int
    agreement_id: int
    agreement_number: str
    kind: str
    kind_label: str
    party_id: int | None
    promised_by: str
    beneficiary_id: int | None
    beneficiary_name: str
    description: str
    items: str
    target: Decimal
    delivered: Decimal
    unit: str
    percent: int
    is_met: bool
    is_overdue: bool
    due_on: date


class DeliveryIn(Schema):
    quantity: Decimal = Field(..., description="in the obligation's units (see its target)")
    delivered_on: date
    description: str = Field(..., max_length=255)
    evidence: str = Field("", max_length=255)


class DeliveryOut(Schema):
    id: int
    obligation_id: int
    quantity: Decimal
    delivered_on: date
    description: str
    evidence: str
    has_evidence_file: bool
    recorded_by_id: int | None
    recorded_at: datetime


class DeliveryRecordedOut(DeliveryOut):
    obligation: ObligationOut


class ObligationDetailOut(ObligationOut):
    deliveries: list[DeliveryOut]


class KindTotalOut(Schema):
    kind: str
    label: str
    unit: str
    obligations: int
    promised: Decimal
    delivered: Decimal
    percent: int
    overdue: int


class ProgressOut(Schema):
    obligations: int
    met: int
    overdue: int
    percent: int = Field(description="the mean of the obligations' shares, each capped at 100")
    by_kind: list[KindTotalOut]


class AgreementBriefOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    status: str
    ends_on: date | None


class AgreementObligationsOut(Schema):
    agreement_id: int
    progress: ProgressOut
    obligations: list[ObligationOut]


class CollegeProgressRowOut(Schema):
    institution_id: int | None
    institution_name: str
    progress: ProgressOut


class PartnerProgressOut(Schema):
    enterprise_id: int
    enterprise_name: str
    progress: ProgressOut
    by_college: list[CollegeProgressRowOut]
    obligations: list[ObligationOut]
    agreements: list[AgreementBriefOut]


class PartnerOut(Schema):
    name: str
    kind: str
    role: str
    country: str
    institution_id: int | None
    enterprise_id: int | None
    agreements: list[str]


class PatronOut(PartnerOut):
    progress: ProgressOut


class CollegeProgressOut(Schema):
    institution_id: int
    institution_name: str
    progress: ProgressOut
    patrons: list[PatronOut]
    partners: list[PartnerOut]
    countries: list[str]
    memoranda: list[AgreementBriefOut]
    agreements: list[AgreementBriefOut]
    obligations: list[ObligationOut]


class ExpiringOut(AgreementBriefOut):
    days_left: int


class RemindersOut(Schema):
    expiring_count: int
    overdue_count: int
    expiring: list[ExpiringOut]
    overdue: list[ObligationOut]


class RemindersQuery(Schema):
    limit: int = Field(50, ge=1, le=500, description="items of each list")
