"""The back office's view of joint programmes. Read-only: programmes, participants, quotas,
cohorts and their students change only through the services, which judge them by the
rules and audit every change."""

from django.contrib import admin

from qadam.common.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from qadam.joint.models import Cohort, CohortMember, JointProgramme, Participant, Quota


class ParticipantInline(ReadOnlyTabularInline):
    model = Participant
    raw_id_fields = ("institution",)


class QuotaInline(ReadOnlyTabularInline):
    model = Quota
    raw_id_fields = ("region", "specialty")


@admin.register(JointProgramme)
class JointProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "status", "starts_on", "ends_on")
    list_filter = ("status",)
    search_fields = ("code", "name", "name_en", "name_kk")
    inlines = (ParticipantInline, QuotaInline)


@admin.register(Cohort)
class CohortAdmin(ReadOnlyAdmin):
    list_display = ("programme", "intake_year", "institution", "specialty", "region", "ru_region")
    list_filter = ("intake_year", "ru_region")
    raw_id_fields = ("programme", "institution", "partner", "specialty", "region")


@admin.register(CohortMember)
class CohortMemberAdmin(ReadOnlyAdmin):
    list_display = ("cohort", "student", "joined_on", "status")
    list_filter = ("status",)
    search_fields = ("student__iin", "student__last_name")
    raw_id_fields = ("cohort", "student")
