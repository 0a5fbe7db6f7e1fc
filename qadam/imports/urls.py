from django.urls import path

from qadam.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.upload, name="upload"),
    path("templates/<str:kind_name>.<str:extension>", views.template, name="template"),
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/confirm/", views.confirm, name="confirm"),
    path("jobs/<int:job_id>/report.<str:extension>", views.report, name="report"),
]
