"""Every write to the agreements register: agreements, their parties and documents.

Each service is atomic, validates with `full_clean()` and writes an audit entry. Who may
write: the ministry any agreement; an institution's administrator (for the institution or
one of its branches) and enterprise HR (for the enterprise) the agreements their
organisation is a party to; analysts and everyone else nothing (PermissionDenied). An
agreement out of the actor's sight is `Agreement.DoesNotExist`, as in the selectors.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES
from qadam.accounts.selectors import user_scope
from qadam.agreements.choices import TRANSITIONS, AgreementStatus, PartyKind
from qadam.agreements.models import Agreement, Document, Party
from qadam.agreements.scope import visible_agreements
from qadam.agreements.selectors import (
    COUNTRY_CODE,
    EDITABLE_FIELDS,
    OPEN_STATUSES,
    editable_fields,
    may_create,
    may_write,
    own_parties,
)
from qadam.common.audit import audit_record, changed_fields, snapshot
from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry, Job
from qadam.common.services import export_start
from qadam.registry.models import Enterprise, Institution

Status = AgreementStatus
TEXT_FIELDS = {"number", "title", "description"}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
CANNOT_BECOME = {
    Status.DRAFT: gettext_lazy("A draft agreement cannot become %(target)s."),
    Status.SIGNED: gettext_lazy("A signed agreement cannot become %(target)s."),
    Status.ACTIVE: gettext_lazy("An active agreement cannot become %(target)s."),
    Status.EXPIRED: gettext_lazy("An expired agreement cannot become %(target)s."),
    Status.TERMINATED: gettext_lazy("A terminated agreement cannot become %(target)s."),
}


@dataclass(frozen=True)
class PartyData:
    """A party as given by a form or the API: a registry institution or enterprise (by id),
    or a named body (a ministry, a foreign institution outside the registry)."""

    kind: str
    role: str
    institution_id: int | None = None
    enterprise_id: int | None = None
    name: str = ""
    country: str = ""


# --------------------------------------------------------------------------- agreements


def _lock_writable(actor: User, agreement: Agreement) -> Agreement:
    """The agreement, locked; DoesNotExist if out of sight, PermissionDenied if read-only."""
    locked = visible_agreements(user=actor).select_for_update().get(pk=agreement.pk)
    if not may_write(actor, locked):
        raise PermissionDenied(_("Only the ministry and the agreement's parties may change it."))
    return locked


def _check_number(agreement: Agreement) -> None:
    taken = Agreement.objects.filter(number=agreement.number).exclude(pk=agreement.pk)
    if agreement.number and taken.exists():
        message = _("An agreement with the number %(number)s is already in the register.")
        raise ValidationError({"number": [message % {"number": agreement.number}]})


def _check_dates(agreement: Agreement) -> None:
    starts, ends = agreement.starts_on, agreement.ends_on
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": [_("An agreement cannot end before it starts.")]})


def _save(agreement: Agreement) -> None:
    """Validate and save; a number taken meanwhile by another request is the same error."""
    _check_number(agreement)
    _check_dates(agreement)
    agreement.full_clean()
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:
        _check_number(agreement)
        raise


def _clean_text(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.strip() if name in TEXT_FIELDS and isinstance(value, str) else value
        for name, value in fields.items()
    }


@transaction.atomic
def agreement_create(
    *,
    actor: User,
    number: str,
    kind: str,
    title: str,
    parties: Sequence[PartyData],
    signed_on: date | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    description: str = "",
) -> Agreement:
    """A draft agreement with its parties; the actor's own organisation must be one of them
    unless the actor is the ministry."""
    if not may_create(actor):
        raise PermissionDenied(_("Your role may not register agreements."))
    fields = _clean_text(
        {"number": number, "title": title, "description": description, "kind": kind}
    )
    agreement = Agreement(
        **fields, signed_on=signed_on, starts_on=starts_on, ends_on=ends_on, created_by=actor
    )
    _require_own_party(actor, parties)
    _save(agreement)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=agreement,
        changes=changed_fields({}, snapshot(agreement)),
        summary=str(agreement),
    )
    errors = []
    for index, data in enumerate(parties, start=1):
        try:
            _party_create(actor, agreement, data)
        except ValidationError as error:
            errors += [_("party %(n)s: %(error)s") % {"n": index, "error": m} for m in _flat(error)]
    if errors:
        raise ValidationError({"parties": errors})
    return agreement


def _require_own_party(actor: User, parties: Sequence[PartyData]) -> None:
    if not parties:
        raise ValidationError({"parties": [_("An agreement needs at least one party.")]})
    scope = user_scope(user=actor)
    if scope.all_people:
        return
    if scope.role in INSTITUTION_ROLES:
        if not any(party.institution_id in scope.institution_ids for party in parties):
            message = _("Your institution must be one of the parties.")
            raise ValidationError({"parties": [message]})
    elif not any(party.enterprise_id == actor.enterprise_id for party in parties):
        raise ValidationError({"parties": [_("Your enterprise must be one of the parties.")]})


def _flat(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {m}" for field, ms in error.message_dict.items() for m in ms]
    return list(error.messages)


@transaction.atomic
def agreement_update(*, actor: User, agreement: Agreement, **fields: Any) -> Agreement:
    """Change an agreement's facts. Drafts and signed agreements change freely; once active
    only the title, description and end date, once expired or terminated the description."""
    locked = _lock_writable(actor, agreement)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    before = snapshot(locked)
    errors: dict[str, list[str]] = {}
    for name, value in _clean_text(fields).items():
        if getattr(locked, name) == value:
            continue
        if name not in editable_fields(locked):
            errors[name] = [
                _("This can no longer change: the agreement is %(status)s.")
                % {"status": locked.get_status_display()}
            ]
        setattr(locked, name, value)
    if errors:
        raise ValidationError(errors)
    _save(locked)
    changes = changed_fields(before, snapshot(locked))
    if changes:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=locked,
            changes=changes,
            summary=str(locked),
        )
    return locked


@transaction.atomic
def agreement_transition(
    *, actor: User, agreement: Agreement, to: str, reason: str = "", on: date | None = None
) -> Agreement:
    """Move along the lifecycle draft -> signed -> active -> expired, or from any open status
    to terminated (with a reason). Signing and entering into force record the date `on`
    (today by default) unless the agreement already has one."""
    locked = _lock_writable(actor, agreement)
    if to not in Status.values:
        raise ValidationError({"to": [_("Unknown status.")]})
    target = Status(to)
    if locked.status == target:
        raise ApplicationError(_("The agreement is already %(status)s.") % {"status": target.label})
    if target not in TRANSITIONS[locked.status]:
        message = CANNOT_BECOME[Status(locked.status)] % {"target": target.label}
        raise ApplicationError(str(message), field_errors={"to": [str(message)]})
    before = snapshot(locked)
    _apply_transition(locked, target, reason.strip(), on or timezone.localdate())
    _check_dates(locked)
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=locked,
        changes=changed_fields(before, snapshot(locked)),
        summary=str(locked),
    )
    return locked


def _apply_transition(agreement: Agreement, target: Status, reason: str, day: date) -> None:
    if target == Status.TERMINATED:
        if not reason:
            raise ValidationError({"reason": [_("Give the reason for the termination.")]})
        agreement.termination_reason = reason[:255]
    elif target == Status.SIGNED:
        agreement.signed_on = agreement.signed_on or day
    elif target == Status.ACTIVE:
        agreement.signed_on = agreement.signed_on or day
        agreement.starts_on = agreement.starts_on or day
    elif target == Status.EXPIRED:
        if agreement.ends_on and agreement.ends_on > day:
            raise ApplicationError(
                _("The agreement runs until %(date)s; terminate it to end it early.")
                % {"date": agreement.ends_on.isoformat()}
            )
        agreement.ends_on = agreement.ends_on or max(day, agreement.starts_on or day)
    agreement.status = target


# --------------------------------------------------------------------------- parties


def _require_open(agreement: Agreement) -> None:
    if agreement.status not in OPEN_STATUSES:
        raise ApplicationError(
            _("The parties can change only while the agreement is a draft or signed.")
        )


def _party_errors(data: PartyData) -> dict[str, list[str]]:
    named = bool(data.name.strip())
    if data.kind == PartyKind.INSTITUTION and data.institution_id is None:
        return {"institution": [_("An institution party needs its institution.")]}
    if data.kind == PartyKind.ENTERPRISE and data.enterprise_id is None:
        return {"enterprise": [_("An enterprise party needs its enterprise.")]}
    if data.kind == PartyKind.FOREIGN_INSTITUTION and data.institution_id is None and not named:
        return {"name": [_("A foreign party needs its institution or its name.")]}
    if data.kind == PartyKind.MINISTRY and not named:
        return {"name": [_("A ministry or state body needs its name.")]}
    if data.institution_id and not Institution.objects.filter(pk=data.institution_id).exists():
        return {"institution": [_("No such institution.")]}
    if data.enterprise_id and not Enterprise.objects.filter(pk=data.enterprise_id).exists():
        return {"enterprise": [_("No such enterprise.")]}
    return {}


def _party_country(data: PartyData) -> str:
    country = data.country.strip().upper()
    if country:
        if not COUNTRY_CODE.match(country):
            raise ValidationError(
                {"country": [_("Give the country as two letters (ISO 3166-1), such as RU.")]}
            )
        return country
    if data.institution_id:
        return Institution.objects.only("country").get(pk=data.institution_id).country
    if data.kind == PartyKind.FOREIGN_INSTITUTION:
        raise ValidationError({"country": [_("Give the foreign party's country.")]})
    return "KZ"


def _party_create(actor: User, agreement: Agreement, data: PartyData) -> Party:
    errors = _party_errors(data)
    if errors:
        raise ValidationError(errors)
    party = Party(
        agreement=agreement,
        kind=data.kind,
        role=data.role,
        institution_id=data.institution_id,
        enterprise_id=data.enterprise_id,
        name=data.name.strip(),
        country=_party_country(data),
    )
    party.full_clean()
    same = agreement.parties.filter(
        Q(institution_id=data.institution_id, institution__isnull=False)
        | Q(enterprise_id=data.enterprise_id, enterprise__isnull=False)
    )
    if same.exists():
        raise ValidationError({"__all__": [_("This organisation is already a party.")]})
    party.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=party,
        changes=changed_fields({}, snapshot(party)),
        summary=f"{agreement.number}: {party}",
    )
    return party


@transaction.atomic
def party_add(*, actor: User, agreement: Agreement, data: PartyData) -> Party:
    locked = _lock_writable(actor, agreement)
    _require_open(locked)
    return _party_create(actor, locked, data)


@transaction.atomic
def party_remove(*, actor: User, party: Party) -> None:
    """Remove a party that promised nothing; the last party and the actor's own stay."""
    locked = _lock_writable(actor, party.agreement)
    _require_open(locked)
    party = locked.parties.get(pk=party.pk)
    if locked.parties.count() == 1:
        raise ApplicationError(_("An agreement needs at least one party."))
    if party.obligations.exists():
        raise ApplicationError(_("This party has obligations; remove them first."))
    own = own_parties(actor)
    if own is not None and not locked.parties.exclude(pk=party.pk).filter(own).exists():
        raise ApplicationError(_("You cannot remove your own organisation from the agreement."))
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=party,
        changes={name: [value, None] for name, value in snapshot(party).items()},
        summary=f"{locked.number}: {party}",
    )
    party.delete()


# --------------------------------------------------------------------------- documents


def check_pdf(file: UploadedFile) -> None:
    """A PDF by its name and by its first bytes, of at most 10 MB; errors name `file`."""
    if not (file.name or "").lower().endswith(".pdf"):
        raise ValidationError({"file": [_("Upload a PDF file (.pdf).")]})
    size = file.size or 0
    if size > MAX_DOCUMENT_BYTES:
        megabytes = f"{size / 1024 / 1024:.1f}"
        raise ValidationError(
            {"file": [_("The file is %(size)s MB; the limit is 10 MB.") % {"size": megabytes}]}
        )
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"file": [_("The file is not a PDF, whatever its name says.")]})


@transaction.atomic
def document_upload(
    *, actor: User, agreement: Agreement, file: UploadedFile, title: str = ""
) -> Document:
    """Attach a signed copy or annex (PDF) to the agreement."""
    locked = _lock_writable(actor, agreement)
    check_pdf(file)
    document = Document(
        agreement=locked,
        title=(title.strip() or Path(file.name or "document.pdf").stem)[:200],
        file=file,
        size=file.size or 0,
        uploaded_by=actor,
    )
    document.full_clean()
    document.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=document,
        changes={
            "agreement_id": [None, locked.pk],
            "title": [None, document.title],
            "file": [None, document.file.name],
            "size": [None, document.size],
        },
        summary=f"{locked.number}: {document.title}",
    )
    return document


# --------------------------------------------------------------------------- export


def agreement_export_start(*, actor: User, filters: Mapping[str, Any], language: str) -> Job:
    """Queue an XLSX export of the agreements `actor` sees with the register's `filters`;
    returns the job to follow. The list `agreements.register` of qadam.common.exports: a
    malformed filter raises ExportParamError (an ApplicationError) before any job exists."""
    return export_start(actor=actor, name="agreements.register", params=filters, language=language)
