from django.urls import path

from qadam.placements import views, views_appeals, views_certificate, views_quotas

app_name = "placements"

ROUND = "rounds/<int:round_id>/"

urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path(
        "rounds/institutions/",
        views.round_institution_options,
        name="round_institution_options",
    ),
    path(ROUND, views.round_detail, name="round_detail"),
    path(f"{ROUND}open/", views.round_action, {"action": "open"}, name="round_open"),
    path(f"{ROUND}close/", views.round_action, {"action": "close"}, name="round_close"),
    path(f"{ROUND}match/", views.round_action, {"action": "match"}, name="round_match"),
    path(f"{ROUND}publish/", views.round_action, {"action": "publish"}, name="round_publish"),
    path(f"{ROUND}follow-up/", views.round_action, {"action": "follow_up"}, name="round_follow_up"),
    path(f"{ROUND}placements/", views.round_placements, name="round_placements"),
    path(
        f"{ROUND}certificate/anonymised/",
        views_certificate.round_certificate_export,
        name="round_certificate_export",
    ),
    path(f"{ROUND}quotas/", views_quotas.round_quotas, name="round_quotas"),
    path("quotas/<int:round_quota_id>/delete/", views_quotas.quota_delete, name="quota_delete"),
    path(f"{ROUND}offers/new/", views.offer_create, name="offer_create"),
    path(f"{ROUND}my/", views.my_ranking, name="my_ranking"),
    path(f"{ROUND}my/add/", views.my_ranking_change, {"change": "add"}, name="my_ranking_add"),
    path(f"{ROUND}my/move/", views.my_ranking_change, {"change": "move"}, name="my_ranking_move"),
    path(
        f"{ROUND}my/remove/",
        views.my_ranking_change,
        {"change": "remove"},
        name="my_ranking_remove",
    ),
    path(f"{ROUND}appeals/", views_appeals.appeal_list, name="appeal_list"),
    path(f"{ROUND}appeals/new/", views_appeals.appeal_create, name="appeal_create"),
    path("appeals/<int:appeal_id>/", views_appeals.appeal_detail, name="appeal_detail"),
    path("appeals/<int:appeal_id>/decide/", views_appeals.appeal_decide, name="appeal_decide"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:offer_id>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:offer_id>/assessments/", views.offer_upload, name="offer_upload"),
    path(
        "placements/<int:placement_id>/accept/",
        views.placement_decide,
        {"decision": "accept"},
        name="placement_accept",
    ),
    path(
        "placements/<int:placement_id>/decline/",
        views.placement_decide,
        {"decision": "decline"},
        name="placement_decline",
    ),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract_detail"),
]
