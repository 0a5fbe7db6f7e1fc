"""The back office's view of the modernisation: read-only (every change goes through the
services, which judge and audit it)."""

from django.contrib import admin

from qadam.common.admin import ReadOnlyAdmin
from qadam.modernisation.models import EquipmentLine, Investment, Milestone, Project


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("college", "status", "starts_on", "ends_on")
    list_filter = ("status",)
    raw_id_fields = ("college",)


@admin.register(EquipmentLine)
class EquipmentLineAdmin(ReadOnlyAdmin):
    list_display = ("item", "project", "quantity", "cost", "source", "delivered_on")
    list_filter = ("source",)
    raw_id_fields = ("project", "facility", "investor", "obligation", "investment", "delivery")


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ("title", "project", "due_on", "done_on")
    raw_id_fields = ("project",)


@admin.register(Investment)
class InvestmentAdmin(ReadOnlyAdmin):
    list_display = ("investor", "institution", "amount", "year", "status")
    list_filter = ("status",)
    raw_id_fields = ("investor", "institution", "agreement")
