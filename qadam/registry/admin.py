from django.contrib import admin

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
class RegionAdmin(admin.ModelAdmin):
    list_display = ("kato", "iso_code", "name_en", "name_ru", "name_kk", "population_thousands")


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ("code", "title_en", "title_ru")
    search_fields = ("code", "title_en", "title_ru")


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "qualification_level", "sector", "is_technical")
    list_filter = ("sector", "qualification_level", "is_technical")
    search_fields = ("code", "name_ru", "name_en", "name_kk")
    filter_horizontal = ("occupations",)


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "kind", "region", "country")
    list_filter = ("kind", "ownership", "region")
    search_fields = ("code", "name_ru", "name_en", "name_kk", "bin")
    raw_id_fields = ("parent",)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "bin", "sector", "size", "region")
    list_filter = ("sector", "size", "region")
    search_fields = ("name", "bin")


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
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


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ("iin", "last_name", "first_name", "institution", "year_of_study", "funding")
    list_filter = ("funding", "status", "year_of_study")
    search_fields = ("iin", "last_name")
    raw_id_fields = ("institution", "program", "region")
    show_full_result_count = False


@admin.register(Educator)
class EducatorAdmin(admin.ModelAdmin):
    list_display = ("iin", "last_name", "first_name", "institution", "position")
    search_fields = ("iin", "last_name")
    raw_id_fields = ("institution",)
