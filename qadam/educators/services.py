"""Every write of upskilling, through the audited save (qadam.common.audit): atomic, judged by
the rules (rules.py) and `full_clean`, each change in the audit log. The educator's own record
is written by the registry's services (educator_create, educator_update).

Who may write: the ministry, or the administrator of the educator's institution."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from qadam.accounts.models import User
from qadam.agreements.models import Obligation, Party
from qadam.common.audit import Check, audited_create, audited_delete, row_of, validate
from qadam.common.rules import FieldErrors, merge
from qadam.common.uploads import evidence_content
from qadam.educators import rules
from qadam.educators.models import Upskilling
from qadam.educators.policies import require_upskilling_recorder
from qadam.registry.models import Educator

UPSKILLING_FIELDS = (
    "kind",
    "title",
    "provider",
    "form",
    "enterprise_id",
    "obligation_id",
    "hours",
    "started_on",
    "completed_on",
    "certificate_number",
)


def obligation_facts(obligation_id: int | None) -> rules.ObligationFacts | None:
    """What the rules read of a linked obligation (None: none or unknown)."""
    if not obligation_id:
        return None
    found = Obligation.objects.filter(pk=obligation_id).values("kind", "beneficiary_id").first()
    if found is None:
        return None
    agreement = Obligation.objects.filter(pk=obligation_id).values("agreement_id")
    enterprises = Party.objects.filter(
        agreement_id__in=agreement, enterprise_id__isnull=False
    ).values_list("enterprise_id", flat=True)
    return rules.ObligationFacts(
        kind=found["kind"],
        beneficiary_id=found["beneficiary_id"],
        enterprise_ids=frozenset(enterprises),
    )


def _check(educator: Educator, found: FieldErrors, today: date) -> Check[Upskilling]:
    def check(upskilling: Upskilling, changed: set[str]) -> FieldErrors:
        row = row_of(upskilling)
        return merge(
            found,
            rules.upskilling_errors(
                row,
                educator_institution_id=educator.institution_id,
                obligation=obligation_facts(row.get("obligation_id")),
                today=today,
            ),
        )

    return check


@transaction.atomic
def upskilling_record(
    *,
    actor: User,
    educator: Educator,
    certificate_file: UploadedFile | None = None,
    **fields: Any,
) -> Upskilling:
    """A completed course or internship of `educator`, with its certificate (optional: a
    PDF, JPEG or PNG by its content, at most 10 MB, as a delivery's evidence). Nothing is
    written, the file neither, unless all of it holds."""
    require_upskilling_recorder(actor, educator)
    unknown = sorted(set(fields) - {*UPSKILLING_FIELDS, "enterprise", "obligation"})
    if unknown:
        raise ValidationError({name: ["Unknown field."] for name in unknown})
    upskilling = Upskilling(educator=educator, recorded_by=actor, **fields)
    for name in ("title", "provider", "certificate_number"):
        setattr(upskilling, name, (getattr(upskilling, name) or "").strip())
    stem = f"educator-{educator.pk}-certificate"
    content, file_errors = evidence_content(certificate_file, stem=stem, field="certificate_file")
    check = _check(educator, file_errors, timezone.localdate())
    # judged before the file is stored, so a refusal leaves no file behind
    validate(upskilling, set(UPSKILLING_FIELDS), check, exclude=["certificate_file"])
    if content is not None:
        upskilling.certificate_file.save(content.name or "certificate", content, save=False)
    return audited_create(
        actor=actor,
        instance=upskilling,
        check=check,
        summary=f"{educator.full_name}: {upskilling.title}",
        also={"certificate_file": upskilling.certificate_file.name or ""},
        clean_exclude=["certificate_file"],
    )


@transaction.atomic
def upskilling_remove(*, actor: User, upskilling: Upskilling) -> None:
    """Remove a record made in error; the audit keeps every field it had, the stored
    certificate's name too, and the file goes once the removal is committed."""
    require_upskilling_recorder(actor, upskilling.educator)
    stored = upskilling.certificate_file.name
    storage = upskilling.certificate_file.storage
    audited_delete(
        actor=actor,
        instance=upskilling,
        summary=f"{upskilling.educator.full_name}: {upskilling.title}",
    )
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
