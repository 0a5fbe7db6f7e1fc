"""Users in the back office: every save, delete and password change is audited (the hash
itself never reaches the log); failed sign-ins are read-only, and unlocking is audited."""

from typing import Any

from axes.models import AccessAttempt, AccessLog
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qadam.accounts.models import User
from qadam.accounts.services import sign_in_unlock, sign_in_unlock_users
from qadam.common.admin import AuditedAdmin, ReadOnlyAdmin
from qadam.common.audit import audit_record
from qadam.common.models import AuditEntry

ORGANISATION_FIELDS = ("role", "institution", "enterprise", "student")


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ("username", "role", "institution", "enterprise", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("institution", "enterprise", "student")
    actions = ("unlock_sign_in",)
    audited_actions = actions  # accounts.services.sign_in_unlock audits
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

    @admin.action(description=_("Unlock sign-in of the selected users"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        forgotten = sign_in_unlock_users(users=queryset, actor=request.user)  # type: ignore[arg-type]
        _report_unlocked(self, request, forgotten)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ReadOnlyAdmin):
    """Failed sign-ins per account, address and browser: an account or an address is locked
    out after settings.AXES_FAILURE_LIMIT of them; "unlock" forgets them (audited)."""

    list_display = ("attempt_time", "username", "ip_address", "failures_since_start", "path_info")
    search_fields = ("username", "ip_address")
    fields = list_display
    actions = ("unlock",)
    audited_actions = actions  # accounts.services.sign_in_unlock audits

    @admin.action(description=_("Unlock: forget the selected failed sign-ins"))
    def unlock(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        forgotten = sign_in_unlock(attempts=queryset, actor=request.user)  # type: ignore[arg-type]
        _report_unlocked(self, request, forgotten)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    """Successful sign-ins, written by django-axes."""

    list_display = ("attempt_time", "logout_time", "username", "ip_address", "path_info")
    search_fields = ("username", "ip_address")
    fields = list_display
    show_full_result_count = False


def _report_unlocked(model_admin: admin.ModelAdmin, request: HttpRequest, count: int) -> None:
    message = ngettext(
        "%(count)d failed sign-in forgotten.", "%(count)d failed sign-ins forgotten.", count
    ) % {"count": count}
    model_admin.message_user(request, message, messages.SUCCESS)


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
