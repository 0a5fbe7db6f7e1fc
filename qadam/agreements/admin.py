"""The back office's view of partnerships. Read-only: agreements, parties, documents,
obligations, deliveries and mobility change only through the services, which validate,
enforce the lifecycle and audit."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qadam.agreements.models import (
    Agreement,
    Delivery,
    Document,
    Mobility,
    Obligation,
    Party,
    ReminderSent,
)


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PartyInline(ReadOnly, admin.TabularInline):
    model = Party
    extra = 0
    raw_id_fields = ("institution", "enterprise")


class DocumentInline(ReadOnly, admin.TabularInline):
    model = Document
    extra = 0
    fields = ("title", "file", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("uploaded_at",)


@admin.register(Agreement)
class AgreementAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("number", "title", "kind", "status", "signed_on", "ends_on")
    list_filter = ("kind", "status")
    search_fields = ("number", "title")
    date_hierarchy = "signed_on"
    inlines = (PartyInline, DocumentInline)


class DeliveryInline(ReadOnly, admin.TabularInline):
    model = Delivery
    extra = 0


@admin.register(Obligation)
class ObligationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("agreement", "kind", "target", "delivered", "due_on", "beneficiary")
    list_filter = ("kind",)
    search_fields = ("agreement__number",)
    raw_id_fields = ("agreement", "party", "beneficiary")
    inlines = (DeliveryInline,)


@admin.register(Mobility)
class MobilityAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("full_name", "person_kind", "direction", "host_country", "starts_on")
    list_filter = ("person_kind", "direction", "host_country", "funding")
    search_fields = ("full_name", "iin")
    raw_id_fields = ("student", "educator", "home_institution", "host_institution", "agreement")


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("day", "user", "expiring", "overdue")
    raw_id_fields = ("user",)
