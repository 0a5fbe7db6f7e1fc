"""Every write to obligations and their deliveries: atomic, validated, audited.

Who may write: the ministry anything; an institution's administrator or enterprise HR only
on agreements their organisation is a party to. A delivery is recorded (or removed) by the
ministry, the party that promised, or the beneficiary institution. Analysts read only.
The views and endpoints fetch records through the scoped selectors first, so a record out
of sight is "not found" before any of these checks; a write right always implies sight.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES, Role
from qadam.accounts.selectors import Scope, user_scope
from qadam.agreements.choices import AgreementStatus, ObligationKind
from qadam.agreements.models import Agreement, Delivery, Obligation, Party
from qadam.common.audit import audit_record, changed_fields, snapshot
from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry
from qadam.registry.models import Institution

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# what an evidence file must begin with, and the extension it is stored under
EVIDENCE_SIGNATURES = (
    (b"%PDF-", ".pdf"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
)
CENT = Decimal("0.01")
MONEY_KINDS = {ObligationKind.EQUIPMENT, ObligationKind.FUNDING}  # others count whole things
CLOSED_STATUSES = {AgreementStatus.EXPIRED, AgreementStatus.TERMINATED}
OBLIGATION_FIELDS = ("kind", "party", "beneficiary", "description", "items", "target", "due_on")
DELIVERY_AUDITED = ("obligation_id", "quantity", "delivered_on", "description", "evidence")

Errors = dict[str, list[str]]


# --------------------------------------------------------------------------- permissions


def _is_party(actor: User, scope: Scope, parties: QuerySet[Party]) -> bool:
    if scope.role in INSTITUTION_ROLES and scope.institution_ids:
        return parties.filter(institution_id__in=scope.institution_ids).exists()
    if scope.role == Role.ENTERPRISE_HR and actor.enterprise_id:
        return parties.filter(enterprise_id=actor.enterprise_id).exists()
    return False


def obligation_may_write(*, actor: User, agreement: Agreement) -> bool:
    """The ministry, or a user whose organisation is a party to the agreement."""
    scope = user_scope(user=actor)
    return scope.all_people or _is_party(actor, scope, agreement.parties.all())


def delivery_may_record(*, actor: User, obligation: Obligation) -> bool:
    """The ministry, the party that promised (any party when promised jointly), or the
    beneficiary institution's administrator."""
    scope = user_scope(user=actor)
    if scope.all_people:
        return True
    if scope.role in INSTITUTION_ROLES and obligation.beneficiary_id in scope.institution_ids:
        return True
    parties = Party.objects.filter(agreement_id=obligation.agreement_id)
    if obligation.party_id is not None:
        parties = parties.filter(pk=obligation.party_id)
    return _is_party(actor, scope, parties)


def _refuse_analyst(actor: User) -> None:
    if actor.role == Role.ANALYST and not actor.is_superuser:
        raise PermissionDenied(_("Analysts read partnerships; they do not change them."))


def _require_writer(actor: User, agreement: Agreement) -> None:
    _refuse_analyst(actor)
    if not obligation_may_write(actor=actor, agreement=agreement):
        raise PermissionDenied(
            _("Only the ministry or a party to the agreement may change its obligations.")
        )


def _require_recorder(actor: User, obligation: Obligation) -> None:
    _refuse_analyst(actor)
    if not delivery_may_record(actor=actor, obligation=obligation):
        raise PermissionDenied(
            _(
                "Only the ministry, the party that promised or the beneficiary may record "
                "deliveries."
            )
        )


# --------------------------------------------------------------------------- validation


def _decimal(value: Any, field: str, errors: Errors) -> Decimal | None:
    """`value` as a decimal of cents, or None with the problem in `errors`."""
    problem = ""
    number = None
    if value is None or value == "":
        problem = _("This field is required.")
    else:
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
            if not number.is_finite():
                raise InvalidOperation
            if number != number.quantize(CENT):
                problem = _("Use at most 2 decimal places.")
            number = number.quantize(CENT)
        except InvalidOperation:
            problem = _("Enter a number.")
    if problem:
        errors.setdefault(field, []).append(problem)
        return None
    return number


def _check_amount(amount: Decimal | None, kind: str, field: str, errors: Errors) -> None:
    """Greater than zero; a whole number unless the obligation counts tenge."""
    if amount is None:
        return
    if amount <= 0:
        errors.setdefault(field, []).append(_("Must be greater than zero."))
    elif kind not in MONEY_KINDS and amount != amount.to_integral_value():
        errors.setdefault(field, []).append(
            _("%(kind)s are counted in whole numbers.") % {"kind": ObligationKind(kind).label}
            if kind in ObligationKind.values
            else _("Enter a whole number.")
        )


def _merge_full_clean(instance: Obligation | Delivery, errors: Errors, *exclude: str) -> None:
    """The model's own checks on the fields not already refused; then raise all at once."""
    try:
        instance.full_clean(exclude=[*errors, *exclude])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _validate_obligation(obligation: Obligation, target: Any) -> None:
    errors: Errors = {}
    amount = _decimal(target, "target", errors)
    _check_amount(amount, obligation.kind, "target", errors)
    if amount is not None and "target" not in errors:
        obligation.target = amount
    if obligation.party is not None and obligation.party.agreement_id != obligation.agreement_id:
        errors["party"] = [_("The party that promises must be a party to this agreement.")]
    beneficiary = obligation.beneficiary
    if beneficiary is not None and not isinstance(beneficiary, Institution):
        errors["beneficiary"] = [_("The beneficiary must be an educational institution.")]
    elif (
        beneficiary is not None
        and not Party.objects.filter(
            agreement_id=obligation.agreement_id, institution=beneficiary
        ).exists()
    ):
        errors["beneficiary"] = [
            _("The beneficiary must be an institution that is a party to this agreement.")
        ]
    _merge_full_clean(obligation, errors, "delivered")


def _require_open(agreement: Agreement) -> None:
    if agreement.status in CLOSED_STATUSES:
        raise ApplicationError(
            _("The agreement is %(status)s; its obligations can no longer be changed.")
            % {"status": agreement.get_status_display()}
        )


# --------------------------------------------------------------------------- obligations


@transaction.atomic
def obligation_create(
    *,
    actor: User,
    agreement: Agreement,
    kind: str,
    target: Decimal | int | str,
    due_on: date,
    party: Party | None = None,
    beneficiary: Institution | None = None,
    description: str = "",
    items: str = "",
) -> Obligation:
    """A promise under `agreement`: a target greater than zero by a due date."""
    _require_writer(actor, agreement)
    _require_open(agreement)
    obligation = Obligation(
        agreement=agreement,
        kind=kind,
        party=party,
        beneficiary=beneficiary,
        description=description.strip(),
        items=items.strip(),
        due_on=due_on,
        target=Decimal(0),
    )
    _validate_obligation(obligation, target)
    obligation.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=obligation,
        changes=changed_fields({}, snapshot(obligation)),
        summary=str(obligation),
    )
    return obligation


@transaction.atomic
def obligation_update(*, actor: User, obligation: Obligation, **changes: Any) -> Obligation:
    """Change what was promised: any of kind, party, beneficiary, description, items,
    target and due_on. What was delivered stays as recorded."""
    unknown = set(changes) - set(OBLIGATION_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    locked = (
        Obligation.objects.select_for_update().select_related("agreement").get(pk=obligation.pk)
    )
    _require_writer(actor, locked.agreement)
    _require_open(locked.agreement)
    before = snapshot(locked)
    target = changes.pop("target", locked.target)
    for name, value in changes.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _validate_obligation(locked, target)
    locked.save()
    diff = changed_fields(before, snapshot(locked))
    if diff:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=locked,
            changes=diff,
            summary=str(locked),
        )
    return locked


# --------------------------------------------------------------------------- deliveries


def _evidence_content(
    upload: UploadedFile | None, obligation: Obligation, errors: Errors
) -> ContentFile[bytes] | None:
    """The evidence file renamed by its true type, or None; its problems go to `errors`."""
    if upload is None:
        return None
    if (upload.size or 0) > MAX_EVIDENCE_BYTES:
        errors["evidence_file"] = [_("The evidence file is larger than 10 MB.")]
        return None
    upload.seek(0)
    data = upload.read()
    extension = next((ext for magic, ext in EVIDENCE_SIGNATURES if data.startswith(magic)), "")
    if not extension:
        errors["evidence_file"] = [_("The evidence file must be a PDF, JPEG or PNG.")]
        return None
    return ContentFile(data, name=f"obligation-{obligation.pk}{extension}")


def _recompute_delivered(obligation: Obligation, actor: User) -> None:
    """`delivered` is the sum of the deliveries; the caller holds the row's lock."""
    total = (
        obligation.deliveries.aggregate(total=Sum("quantity"))["total"] or Decimal(0)
    ).quantize(CENT)
    before = obligation.delivered
    obligation.delivered = total
    obligation.save(update_fields=["delivered", "updated_at"])
    if before != total:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=obligation,
            changes={"delivered": [str(before), str(total)]},
            summary=str(obligation),
        )


def _delivery_snapshot(delivery: Delivery) -> dict[str, Any]:
    return {
        **snapshot(delivery, DELIVERY_AUDITED),
        "evidence_file": delivery.evidence_file.name or "",
    }


@transaction.atomic
def delivery_record(
    *,
    actor: User,
    obligation: Obligation,
    quantity: Decimal | int | str,
    delivered_on: date,
    description: str,
    evidence: str = "",
    evidence_file: UploadedFile | None = None,
) -> Delivery:
    """Something delivered against `obligation`; its `delivered` becomes the new sum.

    The quantity is greater than zero, the date not in the future, the description given;
    the evidence file (optional) is a PDF, JPEG or PNG by its content, at most 10 MB.
    Nothing is written unless all of it holds."""
    _require_recorder(actor, obligation)
    locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
    errors: Errors = {}
    amount = _decimal(quantity, "quantity", errors)
    _check_amount(amount, locked.kind, "quantity", errors)
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = [_("The delivery date cannot be in the future.")]
    content = _evidence_content(evidence_file, locked, errors)
    delivery = Delivery(
        obligation=locked,
        quantity=amount if amount is not None and "quantity" not in errors else Decimal(1),
        delivered_on=delivered_on,
        description=(description or "").strip(),
        evidence=(evidence or "").strip(),
        recorded_by=actor,
    )
    _merge_full_clean(delivery, errors, "evidence_file")
    if content is not None:
        delivery.evidence_file.save(content.name or "evidence", content, save=False)
    delivery.save()
    _recompute_delivered(locked, actor)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=delivery,
        changes=changed_fields({}, _delivery_snapshot(delivery)),
        summary=str(locked),
    )
    obligation.delivered = locked.delivered  # the caller's copy shows the new sum too
    return delivery


@transaction.atomic
def delivery_remove(*, actor: User, delivery: Delivery) -> Obligation:
    """Remove a delivery recorded in error; the obligation's `delivered` is recomputed."""
    obligation = delivery.obligation
    _require_recorder(actor, obligation)
    locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
    before = _delivery_snapshot(delivery)
    stored = delivery.evidence_file.name
    storage = delivery.evidence_file.storage
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=delivery,
        changes={name: [value, None] for name, value in before.items()},
        summary=str(locked),
    )
    delivery.delete()
    _recompute_delivered(locked, actor)
    if stored:  # the file goes only once the removal is committed
        transaction.on_commit(lambda: storage.delete(stored))
    return locked
