"""Deliveries against obligations, with their evidence (the rules are in
rules/obligations.py): recorded only while the agreement is in force and never beyond the
target; an obligation's `delivered` is the sum of its deliveries.

Who may write: the ministry, the party that promised, or the beneficiary institution
(policies.py). Analysts read only.
"""

from datetime import date
from decimal import Decimal
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.agreements import rules
from qadam.agreements.models import Delivery, Obligation
from qadam.agreements.policies import may_record_delivery
from qadam.agreements.services.access import reraised
from qadam.agreements.services.obligations import (
    LIFECYCLE,
    agreement_facts,
    parse_amount,
    refuse_analyst,
)
from qadam.common.audit import (
    Check,
    audited_create,
    audited_delete,
    audited_update,
    row_of,
    validate,
)
from qadam.common.rules import FieldErrors, merge
from qadam.common.uploads import evidence_content

DELIVERY_AUDITED = ("obligation_id", "quantity", "delivered_on", "description", "evidence")


def _require_recorder(actor: User, obligation: Obligation) -> None:
    refuse_analyst(actor)
    if not may_record_delivery(actor, obligation):
        raise PermissionDenied(
            _(
                "Only the ministry, the party that promised or the beneficiary may record "
                "deliveries."
            )
        )


def _evidence_content(
    upload: UploadedFile | None, obligation: Obligation
) -> tuple[ContentFile[bytes] | None, FieldErrors]:
    """The evidence file renamed by its true type, or None with its problem."""
    return evidence_content(upload, stem=f"obligation-{obligation.pk}")


def _check(obligation: Obligation, found: FieldErrors) -> Check[Delivery]:
    """The delivery rules against the locked obligation and its agreement; `found`: the
    problems already found with the input (a quantity that is no number, the file)."""
    facts = row_of(obligation)
    agreement = agreement_facts(obligation.agreement_id)
    today = timezone.localdate()

    def check(delivery: Delivery, changed: set[str]) -> FieldErrors:
        return merge(
            found,
            rules.delivery_errors(
                row_of(delivery), obligation=facts, agreement=agreement, today=today
            ),
        )

    return check


def _recompute_delivered(obligation: Obligation, actor: User) -> None:
    """`delivered` is the sum of the deliveries; the caller holds the row's lock."""
    total = obligation.deliveries.aggregate(total=Sum("quantity"))["total"] or Decimal(0)
    audited_update(
        actor=actor, instance=obligation, changes={"delivered": total.quantize(rules.CENT)}
    )


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

    Only while the agreement is in force (else an ApplicationError); the quantity in the
    obligation's units and at most what remains of the target, the date from the entry into
    force until today, the description given; the evidence file (optional) a PDF, JPEG or
    PNG by its content, at most 10 MB. Nothing is written unless all of it holds."""
    _require_recorder(actor, obligation)
    locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
    amount, parsing = parse_amount(quantity, "quantity")
    content, file_errors = _evidence_content(evidence_file, locked)
    delivery = Delivery(
        obligation=locked,
        quantity=cast(Decimal, amount),  # None when no number: the check reports it
        delivered_on=delivered_on,
        description=(description or "").strip(),
        evidence=(evidence or "").strip(),
        recorded_by=actor,
    )
    check = _check(locked, merge(parsing, file_errors))
    try:
        # judged before the evidence file is stored, so a refusal leaves no file behind
        validate(delivery, set(DELIVERY_AUDITED), check, exclude=["evidence_file"])
        if content is not None:
            delivery.evidence_file.save(content.name or "evidence", content, save=False)
        audited_create(
            actor=actor,
            instance=delivery,
            check=check,
            summary=str(locked),
            also={"evidence_file": delivery.evidence_file.name or ""},
            clean_exclude=["evidence_file"],
        )
    except ValidationError as error:
        raise reraised(error, lifecycle=LIFECYCLE) from None
    _recompute_delivered(locked, actor)
    obligation.delivered = locked.delivered  # the caller's copy shows the new sum too
    return delivery


@transaction.atomic
def delivery_remove(*, actor: User, delivery: Delivery) -> Obligation:
    """Remove a delivery recorded in error, whatever the agreement's status (a correction,
    not a new delivery); the obligation's `delivered` is recomputed, and the audit keeps
    every field the delivery had, its stored evidence file's name too."""
    obligation = delivery.obligation
    _require_recorder(actor, obligation)
    locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
    stored = delivery.evidence_file.name
    storage = delivery.evidence_file.storage
    audited_delete(actor=actor, instance=delivery, summary=str(locked))
    _recompute_delivered(locked, actor)
    if stored:  # the file goes only once the removal is committed
        transaction.on_commit(lambda: storage.delete(stored))
    return locked
