"""Planning pages (scenarios): the home, a scenario's workspace and forms, a run's results."""

from django.urls import URLPattern, path

from qadam.planning import views_scenarios as views

SCENARIO = "scenarios/<int:scenario_id>/"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("scenarios/new/", views.scenario_create, name="scenario_create"),
    path(SCENARIO, views.scenario_detail, name="scenario_detail"),
    path(f"{SCENARIO}edit/", views.scenario_edit, name="scenario_edit"),
    path(f"{SCENARIO}copy/", views.scenario_copy, name="scenario_copy"),
    path(f"{SCENARIO}plans/", views.scenario_plans, name="scenario_plans"),
    path(f"{SCENARIO}adjustments/", views.scenario_adjustments, name="scenario_adjustments"),
    path(
        "adjustments/<int:adjustment_id>/delete/",
        views.adjustment_delete,
        name="adjustment_delete",
    ),
    path(f"{SCENARIO}run/", views.run_start, name="run_start"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
]
