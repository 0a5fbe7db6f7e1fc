"""Users in the back office: every save, delete and password change is audited (the hash
itself never reaches the log)."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.common.admin import AuditedAdmin
from qadam.common.audit import audit_record
from qadam.common.models import AuditEntry

ORGANISATION_FIELDS = ("role", "institution", "enterprise", "student")


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ("username", "role", "institution", "enterprise", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("institution", "enterprise", "student")
    # bookkeeping; a form would also drop their microseconds on every save
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Role and organisation"), {"fields": ORGANISATION_FIELDS}),
    )
    # a user is created with their role, so the audited save validates a complete record
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role and organisation"), {"fields": ORGANISATION_FIELDS}),
    )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's password page saves the form itself, so the change is audited here."""
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            old = user.password if user is not None else None
            response: HttpResponse = super().user_change_password(request, id, form_url)
            if user is not None:
                new = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
                if new != old:
                    _audit_password(request.user, user, old, new)
        return response


# Django registers groups with a plain admin; a group's permissions are access, so audited
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, BaseGroupAdmin):
    pass


def _audit_password(actor: Any, user: User, old: str | None, new: str | None) -> None:
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=user,
        changes={"password": [old, new]},
        summary=str(user),
    )
