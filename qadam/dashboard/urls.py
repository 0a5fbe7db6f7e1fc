from django.urls import path

from qadam.dashboard import views, views_audit

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("jobs/", views.jobs, name="job_list"),
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
    path("exports/<str:name>/", views.export, name="export"),
    path("audit/", views_audit.audit_list, name="audit_list"),
]
