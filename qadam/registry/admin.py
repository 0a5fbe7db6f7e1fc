"""The back office's view of the registry. People (students, educators) are read-only here:
their records change through the services, which derive birth date and sex from the IIN and
audit. Reference data and organisations are edited here, each save audited."""

from typing import Any

from django.contrib import admin

from qadam.common.admin import AuditedAdmin, ReadOnlyAdmin
from qadam.common.audit import FieldErrors, row_of
from qadam.registry import rules as registry_rules
from qadam.registry.models import (
    Educator,
    Enterprise,
    Institution,
    Occupation,
    Program,
    Region,
    Specialty,
    Student,
)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("kato", "iso_code", "name_en", "name_ru", "name_kk", "population_thousands")


@admin.register(Occupation)
class OccupationAdmin(AuditedAdmin):
    list_display = ("code", "title_en", "title_ru")
    search_fields = ("code", "title_en", "title_ru")


@admin.register(Specialty)
class SpecialtyAdmin(AuditedAdmin):
    list_display = ("code", "name_ru", "qualification_level", "sector", "is_technical")
    list_filter = ("sector", "qualification_level", "is_technical")
    search_fields = ("code", "name_ru", "name_en", "name_kk")
    filter_horizontal = ("occupations",)


@admin.register(Institution)
class InstitutionAdmin(AuditedAdmin):
    list_display = ("code", "name_ru", "kind", "profile", "region", "country")
    list_filter = ("kind", "profile", "ownership", "region")
    search_fields = ("code", "name_ru", "name_en", "name_kk", "bin")
    raw_id_fields = ("parent",)


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    list_display = ("name", "bin", "sector", "size", "region")
    list_filter = ("sector", "size", "region")
    search_fields = ("name", "bin")


@admin.register(Program)
class ProgramAdmin(AuditedAdmin):
    list_display = (
        "specialty",
        "institution",
        "language",
        "form",
        "capacity",
        "state_funded_seats",
    )
    list_filter = ("language", "form")
    raw_id_fields = ("institution", "specialty")

    def rules(self, record: Any, changed: set[str]) -> FieldErrors:
        return registry_rules.program_errors(row_of(record))


@admin.register(Student)
class StudentAdmin(ReadOnlyAdmin):
    list_display = ("iin", "last_name", "first_name", "institution", "year_of_study", "funding")
    list_filter = ("funding", "status", "year_of_study")
    search_fields = ("iin", "last_name")
    raw_id_fields = ("institution", "program", "region")
    show_full_result_count = False


@admin.register(Educator)
class EducatorAdmin(ReadOnlyAdmin):
    list_display = ("iin", "last_name", "first_name", "institution", "position")
    search_fields = ("iin", "last_name")
    raw_id_fields = ("institution",)
