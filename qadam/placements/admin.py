"""The back office's view of placement rounds. Results, applications and contracts are
read-only here: they change only through the services, which audit and validate."""

from django.contrib import admin

from qadam.common.admin import ReadOnlyAdmin
from qadam.placements.models import (
    Application,
    Offer,
    Placement,
    PlacementRound,
    Quota,
    TrainingContract,
)


@admin.register(PlacementRound)
class PlacementRoundAdmin(ReadOnlyAdmin):
    list_display = ("id", "name", "term", "institution", "status", "matched_at", "published_at")
    list_filter = ("status",)
    search_fields = ("name", "name_kk", "name_en", "term")


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "enterprise", "round", "kind", "seats", "filled", "cutoff")
    list_filter = ("kind", "scoring_rule", "region")
    search_fields = ("title", "title_kk", "title_en", "enterprise__name")
    raw_id_fields = ("round", "enterprise", "occupation", "source_offer")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("id", "round", "student", "offer", "rank", "test_score", "enterprise_rank")
    raw_id_fields = ("round", "student", "offer")
    search_fields = ("student__iin",)


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = ("id", "round", "student", "offer", "rank", "lottery", "status")
    list_filter = ("status",)
    raw_id_fields = ("round", "student", "offer", "decided_by")
    search_fields = ("student__iin",)


@admin.register(TrainingContract)
class TrainingContractAdmin(ReadOnlyAdmin):
    list_display = ("id", "student", "enterprise", "position", "status", "signed_on")
    list_filter = ("status",)
    raw_id_fields = ("placement", "student", "enterprise", "institution")


@admin.register(Quota)
class QuotaAdmin(ReadOnlyAdmin):
    """Set on the round's quotas page or through the API, where the rules run."""

    list_display = (
        "id",
        "round",
        "applicants",
        "home_region",
        "offer_region",
        "min_seats",
        "max_seats",
    )
    list_filter = ("applicants",)
    raw_id_fields = ("round",)
