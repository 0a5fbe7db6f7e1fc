"""The back office's view of partnerships. Read-only: agreements, parties, documents,
obligations, deliveries and mobility change only through the services, which validate,
enforce the lifecycle and audit."""

from django.contrib import admin

from qadam.agreements.models import (
    Agreement,
    Delivery,
    Document,
    Mobility,
    Obligation,
    Party,
    ReminderSent,
)
from qadam.common.admin import ReadOnlyAdmin, ReadOnlyTabularInline


class PartyInline(ReadOnlyTabularInline):
    model = Party
    raw_id_fields = ("institution", "enterprise")


class DocumentInline(ReadOnlyTabularInline):
    model = Document
    fields = ("title", "file", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("uploaded_at",)


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "kind", "status", "signed_on", "ends_on")
    list_filter = ("kind", "status")
    search_fields = ("number", "title")
    date_hierarchy = "signed_on"
    inlines = (PartyInline, DocumentInline)


class DeliveryInline(ReadOnlyTabularInline):
    model = Delivery


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "kind", "target", "delivered", "due_on", "beneficiary")
    list_filter = ("kind",)
    search_fields = ("agreement__number",)
    raw_id_fields = ("agreement", "party", "beneficiary")
    inlines = (DeliveryInline,)


@admin.register(Mobility)
class MobilityAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "person_kind", "direction", "host_country", "starts_on")
    list_filter = ("person_kind", "direction", "host_country", "funding")
    search_fields = ("full_name", "iin")
    raw_id_fields = ("student", "educator", "home_institution", "host_institution", "agreement")


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ("day", "user", "expiring", "overdue")
    raw_id_fields = ("user",)
