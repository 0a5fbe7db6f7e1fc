from django.urls import path

from qadam.learners import views

app_name = "learners"

urlpatterns = [
    path("funnel/", views.funnel, name="funnel"),
    path("<int:student_id>/journey/", views.journey, name="journey"),
    path(
        "<int:student_id>/journey/link-diagnostics/",
        views.link_diagnostics,
        name="link_diagnostics",
    ),
]
