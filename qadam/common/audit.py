"""The one audited write path: every change to a record goes through here.

`audited_create`, `audited_update` and `audited_delete` run inside the caller's service
transaction. An update locks and re-reads the row first, applies only the fields the caller
changes, validates (the app's rules, then `full_clean`), saves only the fields that really
changed, and writes the audit entry from the locked row's old values: two people editing
different fields of one record both keep their change, and the audit always says what the
database holds (ADR 0001).
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from qadam.common.models import AuditEntry

BOOKKEEPING = {"created_at", "updated_at"}  # change on every save; not a change to the record
# never written to the log, only that they changed: a password hash is still a secret
SECRET = frozenset({"password"})
HIDDEN = "********"

M = TypeVar("M", bound=models.Model)
FieldErrors = Mapping[str, Sequence[str]]
# A rules check on the record as it would be saved, given the names of the changed fields
# (attnames); returns field errors, empty when the record may be saved.
Check = Callable[[M, set[str]], FieldErrors]

# A free-text field (a description, the mentors' names) holds at most this many characters;
# CharFields have their own max_length. No text holds a NUL: PostgreSQL cannot store one.
MAX_TEXT = 10_000
_TEXT_CHECKS = {
    models.TextField: (ProhibitNullCharactersValidator(), MaxLengthValidator(MAX_TEXT)),
    models.CharField: (ProhibitNullCharactersValidator(),),
}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def plain(value: Any) -> Any:
    """A field value as the audit log holds it (ids for records, ISO text for dates)."""
    return _plain(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited fields of `instance` as JSON-ready values (foreign keys as ids)."""
    names = fields or [
        f.attname for f in instance._meta.concrete_fields if f.attname not in BOOKKEEPING
    ]
    return {name: _plain(getattr(instance, name)) for name in names}


def row_of(instance: models.Model) -> dict[str, Any]:
    """The record as the rules read it: every concrete field by attname, values as they are."""
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def actor_fields(actor: Any) -> dict[str, Any]:
    """Who wrote an entry, kept as written: the user, their username and their role."""
    if not getattr(actor, "pk", None):
        return {"actor": None, "actor_username": "", "actor_role": ""}
    return {
        "actor": actor,
        "actor_username": str(getattr(actor, "username", ""))[:150],
        "actor_role": str(getattr(actor, "role", "") or "")[:32],
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
        **actor_fields(actor),
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        summary=summary[:255],
        changes={name: _hidden(name, value) for name, value in (changes or {}).items()},
    )


def _hidden(name: str, value: Any) -> Any:
    if name not in SECRET:
        return value
    if isinstance(value, list):
        return [v if v in (None, "") else HIDDEN for v in value]
    return value if value in (None, "") else HIDDEN


def attname(model: type[models.Model], name: str) -> str:
    """The column-level name of a field given by name or attname ("program" -> "program_id")."""
    try:
        return model._meta.get_field(name).attname  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return name


def validate(
    instance: M,
    changed: set[str],
    check: Check[M] | None = None,
    *,
    exclude: Iterable[str] = (),
    unique: bool = True,
) -> None:
    """The rules' errors and `full_clean`'s together, as one ValidationError by field."""
    errors: dict[str, list[str]] = {
        name: [str(message) for message in messages]
        for name, messages in (check(instance, changed) if check else {}).items()
        if messages
    }
    for name, messages in text_errors(instance, changed).items():
        errors.setdefault(name, []).extend(messages)
    try:
        instance.full_clean(exclude=[*errors, *exclude], validate_unique=unique)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(m for m in messages if m not in errors[name])
    if errors:
        raise ValidationError(errors)


def text_errors(instance: models.Model, changed: set[str]) -> dict[str, list[str]]:
    """The changed fields that are null where the column is not (full_clean lets a blank
    field's None through, and the database then refuses it), and the changed text fields
    that are too long for free text or hold a NUL."""
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if field.attname not in changed:
            continue
        value = getattr(instance, field.attname, None)
        stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if value is None and not (field.null or field.primary_key or stamped):
            errors.setdefault(field.name, []).append(str(field.error_messages["null"]))
            continue
        checks = next((c for kind, c in _TEXT_CHECKS.items() if isinstance(field, kind)), ())
        if not checks or not isinstance(value, str):
            continue
        for check in checks:
            try:
                check(value)
            except ValidationError as error:
                errors.setdefault(field.name, []).extend(error.messages)
    return errors


@transaction.atomic
def audited_create(
    *,
    actor: Any,
    instance: M,
    check: Check[M] | None = None,
    summary: str = "",
    also: Mapping[str, Any] | None = None,
    clean_exclude: Iterable[str] = (),
) -> M:
    """Validate and insert `instance`, and audit every field (plus `also`, e.g. a many-to-many
    the caller sets after the insert)."""
    validate(instance, set(snapshot(instance)), check, exclude=clean_exclude)
    instance.save()
    after = {**snapshot(instance), **(also or {})}
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=instance,
        changes=changed_fields({}, after),
        summary=summary or str(instance),
    )
    return instance


class ChangedMeanwhile(ValidationError):
    """Fields the user changed that someone else changed since the user read them.
    `current` holds each one's value now, so a form can show it and accept a second save."""

    def __init__(self, errors: dict[str, list[str]], current: dict[str, Any]) -> None:
        super().__init__(errors)
        self.current = current


def _conflicts(
    model: type[models.Model], before: Mapping[str, Any], seen: Mapping[str, Any], names: set[str]
) -> dict[str, list[str]]:
    """Fields the caller changes that someone else changed since the caller read them."""
    errors: dict[str, list[str]] = {}
    for name, value in seen.items():
        column = attname(model, name)
        if column in names and before.get(column) != _plain(value):
            now = before.get(column)
            errors[name] = [
                _(
                    "Someone else changed this while you were editing; it is now “%(value)s”. "
                    "Check it and save again."
                )
                % {"value": "—" if now in (None, "") else now}
            ]
    return errors


@transaction.atomic
def audited_update(
    *,
    actor: Any,
    instance: M,
    changes: Mapping[str, Any],
    check: Check[M] | None = None,
    derive: Callable[[M], None] | None = None,
    seen: Mapping[str, Any] | None = None,
    also: Mapping[str, list[Any]] | None = None,
    summary: str | None = None,
    clean_exclude: Iterable[str] = (),
) -> M:
    """Change `changes` on the row behind `instance` and audit what really changed.

    The row is locked and re-read inside the transaction, so another writer's change to any
    other field survives. `derive` recomputes derived fields (birth date from the IIN);
    `seen` holds the values the user saw (a form's initial values): a field the user changes
    that someone changed meanwhile is refused with a "changed meanwhile" message rather than
    silently overwritten. `also` adds changes the caller makes beside the row (a
    many-to-many). Returns the locked, saved record; `instance` is brought up to date too.
    """
    model = type(instance)
    locked = model._default_manager.select_for_update().get(pk=instance.pk)
    before = snapshot(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    if derive is not None:
        derive(locked)
    diff = changed_fields(before, snapshot(locked))
    conflicts = _conflicts(model, before, seen or {}, set(diff))
    if conflicts:
        current = {name: before.get(attname(model, name)) for name in conflicts}
        raise ChangedMeanwhile(conflicts, current)
    validate(locked, set(diff), check, exclude=clean_exclude)
    if diff:
        stamped = [name for name in ("updated_at",) if _has_field(model, name)]
        locked.save(update_fields=[*diff, *stamped])
    diff = {**diff, **{name: pair for name, pair in (also or {}).items() if pair[0] != pair[1]}}
    if diff:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=locked,
            changes=diff,
            summary=str(locked) if summary is None else summary,
        )
    _refresh(instance, locked)
    return locked


@transaction.atomic
def audited_delete(*, actor: Any, instance: models.Model, summary: str = "") -> None:
    """Delete `instance` and keep every field it had in the audit log."""
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=locked,
        changes={name: [value, None] for name, value in snapshot(locked).items()},
        summary=summary or str(locked),
    )
    locked.delete()


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _refresh(stale: models.Model, fresh: models.Model) -> None:
    """Copy the saved values onto the caller's object, dropping cached related objects."""
    if stale is fresh:
        return
    for field in stale._meta.concrete_fields:
        setattr(stale, field.attname, getattr(fresh, field.attname))
        if field.is_relation:
            stale._state.fields_cache.pop(field.name, None)
