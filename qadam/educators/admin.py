from django.contrib import admin

from qadam.common.admin import ReadOnlyAdmin
from qadam.educators.models import Upskilling


@admin.register(Upskilling)
class UpskillingAdmin(ReadOnlyAdmin):
    """People's records: read only here (the pages, the API and the import write them)."""

    list_display = ("educator", "kind", "title", "provider", "hours", "completed_on")
    list_filter = ("kind", "form")
    search_fields = ("educator__iin", "title")
    raw_id_fields = ("educator", "enterprise", "obligation", "recorded_by")
    show_full_result_count = False
