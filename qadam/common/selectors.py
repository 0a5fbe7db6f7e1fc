"""Reads of the shared models: the audit trail and a user's background jobs."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import QuerySet

from qadam.common.models import AuditEntry, Job

if TYPE_CHECKING:  # common sits below accounts: the user type only (see pyproject.toml)
    from qadam.accounts.models import User


def audit_history(*, user: object, instance: models.Model, limit: int = 50) -> list[AuditEntry]:
    """The latest changes to one record; callers show it only to roles that may edit it."""
    return list(
        AuditEntry.objects.filter(model=instance._meta.label, object_id=str(instance.pk))
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def import_sources(*, model: type[models.Model], ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The file and row each record was created from by an import ({} for a record made
    otherwise): its creation entry's "source" (ADR 0002)."""
    keys = [str(pk) for pk in ids]
    entries = AuditEntry.objects.filter(
        model=model._meta.label, object_id__in=keys, action=AuditEntry.Action.CREATE
    ).values_list("object_id", "changes")
    found: dict[int, dict[str, Any]] = {}
    for object_id, changes in entries:
        source = (changes or {}).get("source")
        if isinstance(source, dict) and source.get("file"):
            found[int(object_id)] = {"file": source.get("file"), "row": source.get("row")}
    return found


def job_list(*, user: "User") -> QuerySet[Job]:
    return Job.objects.filter(owner=user).order_by("-created_at", "-id")


def job_get(*, user: "User", job_id: int) -> Job:
    """A job its owner may see; Job.DoesNotExist for anyone else."""
    return Job.objects.get(pk=job_id, owner=user)
