"""The back office's view of workforce planning: read-only, since every change goes through
the services, which validate, audit and mark runs as out of date."""

from django.contrib import admin

from qadam.common.admin import ReadOnlyAdmin
from qadam.planning.models import (
    AllocationRun,
    DemandAdjustment,
    Megaproject,
    Scenario,
    SeatAllocation,
    StaffingPlan,
    StaffingRequirement,
)


@admin.register(Megaproject)
class MegaprojectAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "region", "enterprise")
    search_fields = ("code", "name", "name_kk", "name_en")


@admin.register(StaffingPlan)
class StaffingPlanAdmin(ReadOnlyAdmin):
    list_display = ("id", "name", "megaproject", "source", "created_at")
    list_filter = ("source", "megaproject")


@admin.register(StaffingRequirement)
class StaffingRequirementAdmin(ReadOnlyAdmin):
    list_display = ("plan", "year", "phase", "level", "specialty", "occupation", "headcount")
    list_filter = ("level", "phase", "plan")
    list_select_related = ("plan", "specialty", "occupation")


@admin.register(Scenario)
class ScenarioAdmin(ReadOnlyAdmin):
    list_display = ("id", "name", "base_year", "total_seats", "inputs_version", "created_at")
    search_fields = ("name", "name_kk", "name_en")


@admin.register(DemandAdjustment)
class DemandAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ("scenario", "specialty", "region", "factor", "note")


@admin.register(AllocationRun)
class AllocationRunAdmin(ReadOnlyAdmin):
    list_display = ("id", "scenario", "status", "inputs_version", "created_at", "finished_at")
    list_filter = ("status",)
    exclude = ("results",)


@admin.register(SeatAllocation)
class SeatAllocationAdmin(ReadOnlyAdmin):
    list_display = ("run", "program", "last_year_seats", "seats", "graduation_year")
    list_select_related = ("run", "program")
    raw_id_fields = ("program",)
