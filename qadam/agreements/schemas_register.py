"""API schemas of the agreements register: agreements, parties, documents, figures."""

from datetime import date, datetime

from django.urls import reverse
from ninja import Field, Schema

from qadam.agreements.models import Document, Party
from qadam.common.forms import MAX_ID
from qadam.common.schemas import Text

ID = Field(None, ge=1, le=MAX_ID)


class PartyOut(Schema):
    id: int
    kind: str
    role: str
    institution_id: int | None
    enterprise_id: int | None
    name: str
    country: str
    label: str

    @staticmethod
    def resolve_label(party: Party) -> str:
        return str(party)


class DocumentOut(Schema):
    id: int
    title: str
    size: int
    uploaded_at: datetime
    url: str

    @staticmethod
    def resolve_url(document: Document) -> str:
        return reverse("agreements:document_download", args=[document.pk])


class AgreementOut(Schema):
    id: int
    number: str
    kind: str
    title: str
    status: str
    signed_on: date | None
    starts_on: date | None
    ends_on: date | None
    parties: list[PartyOut]


class AgreementDetailOut(AgreementOut):
    description: str
    termination_reason: str
    documents: list[DocumentOut]
    allowed_transitions: list[str]


class PartyIn(Schema):
    """A registry institution or enterprise by id, or a named body (ministry, foreign
    institution outside the registry); the country defaults to the institution's, else KZ."""

    kind: str
    role: str
    institution_id: int | None = ID
    enterprise_id: int | None = ID
    name: str = ""
    country: str = ""


class AgreementIn(Schema):
    number: str
    kind: str
    title: str
    signed_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    description: Text = ""
    parties: list[PartyIn]


class AgreementPatch(Schema):
    """Only the fields given change; most facts are fixed once an agreement is active."""

    number: str | None = None
    kind: str | None = None
    title: str | None = None
    signed_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    description: Text | None = None


class TransitionIn(Schema):
    to: str = Field(..., description="signed, active, expired or terminated")
    reason: str = Field("", description="required to terminate")
    on: date | None = Field(None, description="the date of signature or entry into force")


class CountryRowOut(Schema):
    country: str
    iso3: str
    label: str
    agreements: int
    active: int


class AgreementKindRowOut(Schema):
    kind: str
    label: str
    agreements: int
    active: int


class FiguresOut(Schema):
    total: int
    active: int
    by_country: list[CountryRowOut]
    by_kind: list[AgreementKindRowOut]


class ExportJobOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    done: int
    total: int
    message: str
