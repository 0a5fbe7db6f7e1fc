"""Partnership pages (obligations and deliveries, partner and college profiles, overdue)."""

from django.urls import path

from qadam.agreements import views_obligations as views

urlpatterns = [
    path(
        "<int:agreement_id>/obligations/new/",
        views.obligation_create,
        name="obligation_create",
    ),
    path("obligations/<int:obligation_id>/", views.obligation_detail, name="obligation_detail"),
    path(
        "obligations/<int:obligation_id>/edit/",
        views.obligation_update,
        name="obligation_update",
    ),
    path(
        "obligations/<int:obligation_id>/deliveries/new/",
        views.delivery_create,
        name="delivery_create",
    ),
    path("deliveries/<int:delivery_id>/remove/", views.delivery_remove, name="delivery_remove"),
    path(
        "deliveries/<int:delivery_id>/evidence/",
        views.delivery_evidence,
        name="delivery_evidence",
    ),
    path("partners/<int:enterprise_id>/", views.partner_profile, name="partner_profile"),
    path("colleges/<int:institution_id>/", views.college_profile, name="college_profile"),
    path("overdue/", views.overdue, name="overdue"),
]
