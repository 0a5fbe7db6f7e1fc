"""Modernisation pages: the national view, projects, lines, milestones, PPP investments."""

from django.urls import path

from qadam.modernisation import views, views_planning

app_name = "modernisation"
urlpatterns = [
    path("", views.programme, name="programme"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views_planning.project_create, name="project_create"),
    path("projects/<int:project_id>/", views.project_detail, name="project_detail"),
    path(
        "projects/<int:project_id>/facilities/new/",
        views_planning.facility_add,
        name="facility_add",
    ),
    path("projects/<int:project_id>/lines/new/", views_planning.line_add, name="line_add"),
    path(
        "projects/<int:project_id>/milestones/new/",
        views_planning.milestone_add,
        name="milestone_add",
    ),
    path("lines/", views.line_list, name="line_list"),
    path("lines/<int:line_id>/deliver/", views.line_deliver, name="line_deliver"),
    path("lines/<int:line_id>/evidence/", views.line_evidence, name="line_evidence"),
    path(
        "milestones/<int:milestone_id>/done/",
        views.milestone_complete,
        name="milestone_complete",
    ),
    path(
        "milestones/<int:milestone_id>/evidence/",
        views.milestone_evidence,
        name="milestone_evidence",
    ),
    path("overdue/", views.overdue, name="overdue"),
    path("investments/", views.investment_list, name="investment_list"),
    path("investments/new/", views_planning.investment_create, name="investment_create"),
]
