"""Obligation endpoints under /api/v1/partnerships/: parse, call a selector or service.

Records and profiles out of the user's sight are 404 (the selectors raise DoesNotExist); a
visible record the user may not change is 403 (the services raise PermissionDenied); a
refused value is 422 naming its field.
"""

import json
from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.agreements import selectors_obligations as selectors
from qadam.agreements import services
from qadam.agreements.models import Agreement, Delivery, Obligation, Party
from qadam.agreements.reminders import reminders_for
from qadam.agreements.schemas_obligations import (
    AgreementObligationsOut,
    CollegeProgressOut,
    DeliveryIn,
    DeliveryRecordedOut,
    ObligationDetailOut,
    ObligationIn,
    ObligationOut,
    PartnerProgressOut,
    RemindersOut,
    RemindersQuery,
)
from qadam.agreements.selectors_obligations import ObligationRow, ProgressSummary
from qadam.registry.schemas import ErrorOut

router = Router(tags=["partnerships"])
READ_RESPONSES = {404: ErrorOut}
WRITE_RESPONSES = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

DELIVERY_FIELDS = {
    "type": "object",
    "required": ["quantity", "delivered_on", "description"],
    "properties": {
        "quantity": {"type": "string", "format": "decimal"},
        "delivered_on": {"type": "string", "format": "date"},
        "description": {"type": "string", "maxLength": 255},
        "evidence": {"type": "string", "maxLength": 255},
    },
}
DELIVERY_BODY = {
    "requestBody": {
        "content": {
            "application/json": {"schema": DELIVERY_FIELDS},
            "multipart/form-data": {
                "schema": {
                    **DELIVERY_FIELDS,
                    "properties": {
                        **DELIVERY_FIELDS["properties"],  # type: ignore[dict-item]
                        "evidence_file": {"type": "string", "format": "binary"},
                    },
                }
            },
        }
    }
}


# --------------------------------------------------------------------------- output


def _obligation(row: ObligationRow) -> dict[str, Any]:
    o = row.obligation
    return {
        "id": o.pk,
        "agreement_id": o.agreement_id,
        "agreement_number": o.agreement.number,
        "kind": o.kind,
        "kind_label": o.get_kind_display(),
        "party_id": o.party_id,
        "promised_by": str(o.party) if o.party else "",
        "beneficiary_id": o.beneficiary_id,
        "beneficiary_name": str(o.beneficiary) if o.beneficiary else "",
        "description": o.description,
        "items": o.items,
        "target": o.target,
        "delivered": o.delivered,
        "unit": row.unit,
        "percent": row.percent,
        "is_met": row.is_met,
        "is_overdue": row.is_overdue,
        "due_on": o.due_on,
    }


def _progress(summary: ProgressSummary) -> dict[str, Any]:
    return {
        "obligations": summary.obligations,
        "met": summary.met,
        "overdue": summary.overdue,
        "percent": summary.percent,
        "by_kind": [{**vars(total), "percent": total.percent} for total in summary.by_kind],
    }


def _delivery(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.pk,
        "obligation_id": delivery.obligation_id,
        "quantity": delivery.quantity,
        "delivered_on": delivery.delivered_on,
        "description": delivery.description,
        "evidence": delivery.evidence,
        "has_evidence_file": bool(delivery.evidence_file),
        "recorded_by_id": delivery.recorded_by_id,
        "recorded_at": delivery.recorded_at,
    }


def _agreement(agreement: Agreement) -> dict[str, Any]:
    return {
        "id": agreement.pk,
        "number": agreement.number,
        "title": agreement.title,
        "kind": agreement.kind,
        "status": agreement.status,
        "ends_on": agreement.ends_on,
    }


def _partner(entry: dict[str, Any]) -> dict[str, Any]:
    party: Party = entry["party"]
    result: dict[str, Any] = {
        "name": str(party),
        "kind": party.kind,
        "role": party.role,
        "country": party.country,
        "institution_id": party.institution_id,
        "enterprise_id": party.enterprise_id,
        "agreements": [agreement.number for agreement in entry["agreements"]],
    }
    if "summary" in entry:
        result["progress"] = _progress(entry["summary"])
    return result


# --------------------------------------------------------------------------- obligations


@router.get(
    "/agreements/{agreement_id}/obligations",
    response={200: AgreementObligationsOut, **READ_RESPONSES},
)
def list_obligations(request: AuthenticatedHttpRequest, agreement_id: int) -> object:
    """The agreement's obligations with their progress, and the agreement's progress."""
    agreement = selectors.agreement_for_obligations(user=request.user, agreement_id=agreement_id)
    data = selectors.agreement_obligations(user=request.user, agreement=agreement)
    return {
        "agreement_id": agreement.pk,
        "progress": _progress(data["summary"]),
        "obligations": [_obligation(row) for row in data["rows"]],
    }


@router.post(
    "/agreements/{agreement_id}/obligations",
    response={201: ObligationOut, **WRITE_RESPONSES},
)
def create_obligation(
    request: AuthenticatedHttpRequest, agreement_id: int, payload: ObligationIn
) -> object:
    """Add an obligation: the ministry, or a party to the agreement."""
    agreement = selectors.agreement_for_obligations(user=request.user, agreement_id=agreement_id)
    obligation = services.obligation_create(
        actor=request.user, agreement=agreement, **payload.dict()
    )
    return Status(201, _obligation(_row(request, obligation.pk)))


def _row(request: AuthenticatedHttpRequest, obligation_id: int) -> ObligationRow:
    obligation = selectors.obligation_get(user=request.user, obligation_id=obligation_id)
    return selectors.obligation_row(obligation, timezone.localdate())


@router.get("/obligations/{obligation_id}", response={200: ObligationDetailOut, **READ_RESPONSES})
def get_obligation(request: AuthenticatedHttpRequest, obligation_id: int) -> object:
    """The obligation's progress and its deliveries, earliest first."""
    obligation: Obligation = selectors.obligation_get(
        user=request.user, obligation_id=obligation_id
    )
    detail = selectors.obligation_detail(user=request.user, obligation=obligation)
    return {
        **_obligation(detail["row"]),
        "deliveries": [_delivery(delivery) for delivery in detail["deliveries"]],
    }


# --------------------------------------------------------------------------- deliveries


def _delivery_payload(request: AuthenticatedHttpRequest) -> DeliveryIn:
    """The fields from a JSON body or, with an evidence file, from a multipart form."""
    if (request.content_type or "").startswith("multipart/"):
        data: Any = request.POST.dict()
    else:
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValidationError({"__all__": [_("The body is not valid JSON.")]}) from None
    try:
        return DeliveryIn.model_validate(data)
    except pydantic.ValidationError as error:
        errors: dict[str, list[str]] = {}
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else "__all__"
            errors.setdefault(name, []).append(problem["msg"])
        raise ValidationError(errors) from None


@router.post(
    "/obligations/{obligation_id}/deliveries",
    response={201: DeliveryRecordedOut, **WRITE_RESPONSES},
    openapi_extra=DELIVERY_BODY,
)
def record_delivery(
    request: AuthenticatedHttpRequest,
    obligation_id: int,
    evidence_file: File[UploadedFile | None] = None,
) -> object:
    """Record a delivery (JSON, or multipart with an `evidence_file`: PDF, JPEG or PNG, at
    most 10 MB): the ministry, the promising party or the beneficiary. The obligation's
    `delivered` becomes the sum of its deliveries."""
    obligation = selectors.obligation_get(user=request.user, obligation_id=obligation_id)
    payload = _delivery_payload(request)
    delivery = services.delivery_record(
        actor=request.user, obligation=obligation, evidence_file=evidence_file, **payload.dict()
    )
    return Status(
        201, {**_delivery(delivery), "obligation": _obligation(_row(request, obligation_id))}
    )


# --------------------------------------------------------------------------- profiles


@router.get(
    "/partners/{enterprise_id}/progress", response={200: PartnerProgressOut, **READ_RESPONSES}
)
def partner_progress(request: AuthenticatedHttpRequest, enterprise_id: int) -> object:
    """Everything the enterprise promised across colleges, delivered against promised."""
    data = selectors.partner_progress(user=request.user, enterprise_id=enterprise_id)
    enterprise = data["enterprise"]
    return {
        "enterprise_id": enterprise.pk,
        "enterprise_name": enterprise.name,
        "progress": _progress(data["summary"]),
        "by_college": [
            {
                "institution_id": group["institution"].pk if group["institution"] else None,
                "institution_name": str(group["institution"] or ""),
                "progress": _progress(group["summary"]),
            }
            for group in data["by_college"]
        ],
        "obligations": [_obligation(row) for row in data["rows"]],
        "agreements": [_agreement(agreement) for agreement in data["agreements"]],
    }


@router.get(
    "/colleges/{institution_id}/progress", response={200: CollegeProgressOut, **READ_RESPONSES}
)
def college_progress(request: AuthenticatedHttpRequest, institution_id: int) -> object:
    """A college's patrons, partners, memoranda and the obligations it receives."""
    data = selectors.college_progress(user=request.user, institution_id=institution_id)
    institution = data["institution"]
    return {
        "institution_id": institution.pk,
        "institution_name": institution.name,
        "progress": _progress(data["summary"]),
        "patrons": [_partner(entry) for entry in data["patrons"]],
        "partners": [_partner(entry) for entry in data["partners"]],
        "countries": data["countries"],
        "memoranda": [_agreement(agreement) for agreement in data["memoranda"]],
        "agreements": [_agreement(agreement) for agreement in data["agreements"]],
        "obligations": [_obligation(row) for row in data["rows"]],
    }


# --------------------------------------------------------------------------- reminders


@router.get("/reminders", response=RemindersOut)
def reminders(request: AuthenticatedHttpRequest, query: Query[RemindersQuery]) -> object:
    """Agreements expiring within 90 days and obligations overdue that the user may see:
    the first `limit` of each, and how many there are in all."""
    today = timezone.localdate()
    found = reminders_for(request.user, today, limit=query.limit)
    return {
        "expiring_count": found.expiring_count,
        "overdue_count": found.overdue_count,
        "expiring": [
            {**_agreement(a), "days_left": (a.ends_on - today).days if a.ends_on else 0}
            for a in found.expiring
        ],
        "overdue": [_obligation(row) for row in found.overdue],
    }
