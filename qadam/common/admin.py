"""The back office's two kinds of admin, so no admin page writes around the audit log.

`ReadOnlyAdmin`: people's records, the results of rounds and runs, and the audit log itself;
they change only through the services (which validate and audit), never here.
`AuditedAdmin`: what the admin may still edit (reference data, organisations, users); every
save and delete goes through qadam.common.audit with the signed-in user as the actor, after
the app's rules (`rules`) beside the fields they name. A test walks every registered admin
and requires one or the other.
"""

from collections.abc import Callable
from copy import copy
from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms.models import construct_instance
from django.http import HttpRequest

from qadam.common.audit import FieldErrors, audited_create, audited_delete, audited_update
from qadam.common.models import AuditEntry, Job


class ReadOnlyMixin:
    """No adding, changing or deleting, for a ModelAdmin or an inline alike."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Records the back office may read but not write."""


class ReadOnlyTabularInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


class RulesForm(forms.ModelForm):
    """An admin form that shows the app's rules' errors beside their fields, as the pages do."""

    rules: ClassVar[Callable[[Any, set[str]], FieldErrors]]

    def _post_clean(self) -> None:
        # The rules read the record as the form would build it; their errors come first, so
        # full_clean then leaves those fields (and the constraints on them) alone instead of
        # saying the same thing again.
        candidate = construct_instance(self, copy(self.instance), self._meta.fields)
        changed = {_attname(candidate, name) for name in self.changed_data}
        for name, messages in type(self).rules(candidate, changed).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        super()._post_clean()  # type: ignore[misc]  # builds self.instance, runs full_clean


class AuditedAdmin(admin.ModelAdmin):
    """An admin whose saves and deletes each write an AuditEntry naming request.user.

    Inlines would save around `save_model`, so an audited admin has only read-only ones.
    """

    def rules(self, record: Any, changed: set[str]) -> FieldErrors:
        """The app's rules for `record` about to be saved (an audit.Check): the form shows
        their errors beside the fields, and the audited save runs them on the locked row."""
        return {}

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (RulesForm, form), {"rules": staticmethod(self.rules)})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        many = _many_to_many_changes(obj, form, change)
        if not change:
            added = {name: pair[1] for name, pair in many.items()}
            audited_create(actor=request.user, instance=obj, check=self.rules, also=added)
            return
        changes = {
            name: getattr(obj, name)
            for name in form.changed_data
            if _concrete_field(obj, name) is not None
        }
        audited_update(
            actor=request.user, instance=obj, changes=changes, check=self.rules, also=many
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audited_delete(actor=request.user, instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:  # the "delete selected" action: one entry per record
            audited_delete(actor=request.user, instance=obj)


def _concrete_field(obj: models.Model, name: str) -> models.Field[Any, Any] | None:
    field = next((f for f in obj._meta.concrete_fields if f.name == name), None)
    return field


def _attname(obj: models.Model, name: str) -> str:
    field = _concrete_field(obj, name)
    return field.attname if field is not None else name


def _many_to_many_changes(obj: Any, form: Any, change: bool) -> dict[str, list[Any]]:
    """{name: [old ids, new ids]} of the form's changed many-to-many fields; called before
    the admin saves them (save_related), so the database still holds the old ones."""
    changes: dict[str, list[Any]] = {}
    for field in obj._meta.many_to_many:
        if field.name not in form.changed_data:
            continue
        old = sorted(getattr(obj, field.name).values_list("pk", flat=True)) if change else []
        new = sorted(item.pk for item in form.cleaned_data.get(field.name) or [])
        if old != new:
            changes[field.name] = [old, new]
    return changes


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit log is append-only: nobody adds, changes or deletes an entry here."""

    list_display = ("at", "actor_username", "actor_role", "action", "model", "object_id")
    list_filter = ("action",)  # a record type's filter would read every entry to list them
    search_fields = ("actor_username", "model", "object_id", "summary")
    raw_id_fields = ("actor",)
    show_full_result_count = False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Jobs are written by the tasks that run them."""

    list_display = ("title", "kind", "owner", "status", "done", "total", "created_at")
    list_filter = ("kind", "status")
    raw_id_fields = ("owner",)
