"""The joint KZ–RU training programme's pages."""

from django.urls import path

from qadam.joint import views

app_name = "joint"
PROGRAMME = "<int:programme_id>/"
COHORT = "cohorts/<int:cohort_id>/"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path(PROGRAMME, views.programme_detail, name="programme_detail"),
    path(f"{PROGRAMME}edit/", views.programme_edit, name="programme_edit"),
    path(f"{PROGRAMME}participants/", views.participant_add, name="participant_add"),
    path(
        f"{PROGRAMME}participants/<int:participant_id>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path(f"{PROGRAMME}quotas/", views.quota_add, name="quota_add"),
    path(f"{PROGRAMME}quotas/<int:quota_id>/remove/", views.quota_remove, name="quota_remove"),
    path(f"{PROGRAMME}cohorts/", views.cohort_add, name="cohort_add"),
    path(f"{PROGRAMME}exchanges/", views.mobility_link, name="mobility_link"),
    path(COHORT, views.cohort_detail, name="cohort_detail"),
    path(f"{COHORT}members/", views.member_add, name="member_add"),
    path(f"{COHORT}members/<int:member_id>/status/", views.member_status, name="member_status"),
]
