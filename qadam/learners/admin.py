from django.contrib import admin

from qadam.common.admin import ReadOnlyAdmin
from qadam.learners.models import EmploymentRecord


@admin.register(EmploymentRecord)
class EmploymentRecordAdmin(ReadOnlyAdmin):
    """People's records from the pension extract: read only (the import writes them)."""

    list_display = ("iin", "employer_bin", "month", "student", "after_training", "contract")
    list_filter = ("after_training",)
    search_fields = ("iin", "employer_bin")
    raw_id_fields = ("student", "employer", "contract", "imported_by")
