"""The back office of the national dashboard: targets are edited through the dashboard's
service (audited, the ministry only); computed figures and snapshots are read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qadam.common.admin import AuditedAdmin, ReadOnlyAdmin
from qadam.common.audit import FieldErrors
from qadam.dashboard.models import KpiFigures, KpiSnapshot, KpiTarget
from qadam.dashboard.services import kpi_target_update, target_check


@admin.register(KpiTarget)
class KpiTargetAdmin(AuditedAdmin):
    list_display = ("key", "value", "source_date", "source")
    readonly_fields = ("key",)
    fields = (
        "key",
        "value",
        "source",
        "source_kk",
        "source_en",
        "source_url",
        "source_date",
        "regional_targets",
    )

    def rules(self, record: Any, changed: set[str]) -> FieldErrors:
        return target_check(record, changed)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the indicators are Qadam's; their targets are edited, never added

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changes = {name: getattr(obj, name) for name in form.changed_data}
        kpi_target_update(actor=request.user, target=obj, changes=changes)  # type: ignore[arg-type]


@admin.register(KpiFigures)
class KpiFiguresAdmin(ReadOnlyAdmin):
    list_display = ("computed_at", "academic_year", "fingerprint")


@admin.register(KpiSnapshot)
class KpiSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("key", "academic_year", "actual", "target", "taken_at")
    list_filter = ("academic_year", "key")
