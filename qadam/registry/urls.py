from django.urls import path

from qadam.registry import views

app_name = "registry"

urlpatterns = [
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/<int:institution_id>/", views.institution_detail, name="institution_detail"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:enterprise_id>/", views.enterprise_detail, name="enterprise_detail"),
    path("programs/", views.program_list, name="program_list"),
    path("programs/<int:program_id>/", views.program_detail, name="program_detail"),
    path("programs/<int:program_id>/edit/", views.program_edit, name="program_edit"),
    path("students/", views.student_list, name="student_list"),
    path("students/new/", views.student_create, name="student_create"),
    path("students/programs/", views.student_program_options, name="student_program_options"),
    path("students/export/", views.student_export, name="student_export"),
    path("students/<int:student_id>/", views.student_detail, name="student_detail"),
    path("students/<int:student_id>/edit/", views.student_edit, name="student_edit"),
    path("specialties/", views.catalogue, name="specialty_list"),
]
