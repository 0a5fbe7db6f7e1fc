from django.contrib import admin

from qadam.common.models import AuditEntry, Job


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "model", "object_id", "summary")
    list_filter = ("action", "model")
    search_fields = ("object_id", "summary")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # the audit log is append-only

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner", "status", "done", "total", "created_at")
    list_filter = ("kind", "status")
