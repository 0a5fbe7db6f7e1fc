"""Partnership pages (mobility)."""

from django.urls import URLPattern, path

from qadam.agreements import views_mobility as views

MOBILITY = "mobility/<int:mobility_id>/"

urlpatterns: list[URLPattern] = [
    path("mobility/", views.mobility_list, name="mobility_list"),
    path("mobility/new/", views.mobility_create, name="mobility_create"),
    path(MOBILITY, views.mobility_detail, name="mobility_detail"),
    path(f"{MOBILITY}edit/", views.mobility_edit, name="mobility_edit"),
    path(f"{MOBILITY}return/", views.mobility_return, name="mobility_return"),
]
