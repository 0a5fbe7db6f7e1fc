from django.urls import path

from qadam.dashboard import views, views_audit, views_kpis

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("jobs/", views.jobs, name="job_list"),
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
    path("exports/<str:name>/", views.export, name="export"),
    path("audit/", views_audit.audit_list, name="audit_list"),
    path("national/", views_kpis.kpi_dashboard, name="kpis"),
    path("national/regions/<str:iso_code>/", views_kpis.kpi_region, name="kpi_region"),
    path("national/targets/<str:key>/", views_kpis.kpi_target_edit, name="kpi_target_edit"),
]
