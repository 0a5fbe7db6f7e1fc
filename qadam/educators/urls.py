from django.urls import path

from qadam.educators import views

app_name = "educators"

urlpatterns = [
    path("", views.educator_list, name="educator_list"),
    path("new/", views.educator_create, name="educator_create"),
    path("shares/", views.shares, name="shares"),
    path("institutions/", views.institution_options, name="institution_options"),
    path("enterprises/", views.enterprise_options, name="enterprise_options"),
    path("<int:educator_id>/", views.educator_detail, name="educator_detail"),
    path("<int:educator_id>/edit/", views.educator_edit, name="educator_edit"),
    path("<int:educator_id>/upskilling/new/", views.upskilling_create, name="upskilling_create"),
    path(
        "upskilling/<int:upskilling_id>/certificate/",
        views.upskilling_certificate,
        name="upskilling_certificate",
    ),
    path(
        "upskilling/<int:upskilling_id>/delete/",
        views.upskilling_delete,
        name="upskilling_delete",
    ),
]
