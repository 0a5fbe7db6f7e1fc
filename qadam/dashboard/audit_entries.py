"""Audit entries as people read them: the record type's name, the actor's role, and each
change as "field: old → new" with the field's verbose name, a choice's label and a linked
record's name where the model is known (the page and its XLSX export share this)."""

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from qadam.accounts.roles import Role
from qadam.common.models import AuditEntry

EMPTY = "—"
SOURCE = "source"  # an import's file and row, beside the changed fields
ROLES = dict(Role.choices)


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str
    language: str = (
        ""  # a name's Kazakh or English variant (name_kk, title_en): its values' language
    )

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"


@dataclass(frozen=True)
class EntryShown:
    entry: AuditEntry
    record_type: str  # the model's verbose name, or its label when the model is gone
    actor: str
    role: str
    changes: list[Change]


def record_types() -> list[tuple[str, str]]:
    """(label, verbose name) of Qadam's models, for the record type's suggestions."""
    found = [
        (model._meta.label, str(model._meta.verbose_name))
        for model in apps.get_models()
        if model.__module__.startswith("qadam.")
    ]
    return sorted(found)


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _fields(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    """A model's fields by name and by attname ("program" and "program_id")."""
    if model is None:
        return {}
    found: dict[str, models.Field[Any, Any]] = {}
    for field in model._meta.get_fields():
        if isinstance(field, models.Field):
            found[field.name] = field
            found[field.attname] = field
    return found


class _Names:
    """The names of linked records in one batch of entries: one query per linked model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[int, models.Model]] = {}

    def want(self, field: models.Field[Any, Any], value: Any) -> None:
        related = field.related_model if field.is_relation else None
        if not isinstance(related, type):
            return
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int) and not isinstance(item, bool):
                self.wanted[related].add(item)

    def load(self) -> None:
        for model, ids in self.wanted.items():
            self.found[model] = model._default_manager.select_related().in_bulk(list(ids))

    def name(self, model: type[models.Model], pk: Any) -> str:
        record = self.found.get(model, {}).get(pk)
        return f"{record} (#{pk})" if record is not None else f"#{pk}"


def _shown(value: Any, field: models.Field[Any, Any] | None, names: _Names) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list):
        return ", ".join(_shown(item, field, names) for item in value)
    if field is not None and field.is_relation and isinstance(field.related_model, type):
        return names.name(field.related_model, value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def entries_shown(entries: Iterable[AuditEntry]) -> list[EntryShown]:
    """`entries` ready to show, with the names of the records they link to."""
    batch = list(entries)
    names = _Names()
    fields = {label: _fields(_model(label)) for label in {e.model for e in batch}}
    for entry in batch:
        for key, pair in _pairs(entry):
            if (field := fields[entry.model].get(key)) is not None:
                for value in pair:
                    names.want(field, value)
    names.load()
    return [_entry_shown(entry, fields[entry.model], names) for entry in batch]


def _pairs(entry: AuditEntry) -> list[tuple[str, Sequence[Any]]]:
    """The entry's changes as (field, [old, new]); a malformed value is shown as written.
    An import's `source` (its file and row) is not a change: the summary says it."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return [
        (str(key), pair if isinstance(pair, list) and len(pair) == 2 else [None, pair])
        for key, pair in changes.items()
        if not (key == SOURCE and isinstance(pair, dict))
    ]


def _entry_shown(
    entry: AuditEntry, fields: dict[str, models.Field[Any, Any]], names: _Names
) -> EntryShown:
    model = _model(entry.model)
    changes = []
    for key, (old, new) in _pairs(entry):
        field = fields.get(key)
        label = str(field.verbose_name) if field is not None else key
        language = key.rsplit("_", 1)[-1] if key.endswith(("_kk", "_en", "_ru")) else ""
        changes.append(
            Change(label, _shown(old, field, names), _shown(new, field, names), language)
        )
    return EntryShown(
        entry=entry,
        record_type=str(model._meta.verbose_name) if model is not None else entry.model,
        actor=entry.actor_username or EMPTY,
        role=str(ROLES.get(entry.actor_role, entry.actor_role)),
        changes=changes,
    )
