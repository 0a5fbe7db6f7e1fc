"""Writing the audit log: every change to a person's record goes through here."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from qadam.common.models import AuditEntry

BOOKKEEPING = {"created_at", "updated_at"}  # change on every save; not a change to the record


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited fields of `instance` as JSON-ready values (foreign keys as ids)."""
    names = fields or [
        f.attname for f in instance._meta.concrete_fields if f.attname not in BOOKKEEPING
    ]
    return {name: _plain(getattr(instance, name)) for name in names}


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
) -> AuditEntry:
    """Write one audit entry for `instance`; call inside the service's transaction."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        summary=summary[:255],
        changes=dict(changes or {}),
    )
