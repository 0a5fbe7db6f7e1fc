from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "role", "institution", "enterprise", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("institution", "enterprise", "student")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Role and organisation"), {"fields": ("role", "institution", "enterprise", "student")}),
    )
