"""Planning pages (plans): megaprojects and their staffing plans."""

from django.urls import URLPattern, path

from qadam.planning import views_pipeline
from qadam.planning import views_plans as views

MEGAPROJECT = "megaprojects/<int:megaproject_id>/"
PLAN = "plans/<int:plan_id>/"

urlpatterns: list[URLPattern] = [
    path("megaprojects/", views.megaproject_list, name="megaproject_list"),
    path("megaprojects/new/", views.megaproject_create, name="megaproject_create"),
    path(MEGAPROJECT, views.megaproject_detail, name="megaproject_detail"),
    path(
        f"{MEGAPROJECT}pipeline/",
        views_pipeline.megaproject_pipeline,
        name="megaproject_pipeline",
    ),
    path(
        f"{MEGAPROJECT}offers/<int:offer_id>/tie/",
        views_pipeline.megaproject_offer_tie,
        name="megaproject_offer_tie",
    ),
    path(f"{MEGAPROJECT}plans/template/", views.plan_template, name="plan_template"),
    path(f"{MEGAPROJECT}plans/import/", views.plan_import, name="plan_import"),
    path("plans/import/sample.xlsx", views.plan_import_sample, name="plan_import_sample"),
    path(PLAN, views.plan_detail, name="plan_detail"),
    path(f"{PLAN}download/", views.plan_download, name="plan_download"),
    path(f"{PLAN}delete/", views.plan_delete, name="plan_delete"),
]
