from django.contrib import admin
from django.urls import include, path

from qadam.api import api

urlpatterns = [
    path("", include("qadam.dashboard.urls")),
    path("accounts/", include("qadam.accounts.urls")),
    path("registry/", include("qadam.registry.urls")),
    path("placements/", include("qadam.placements.urls")),
    path("guidance/", include("qadam.guidance.urls")),
    path("planning/", include("qadam.planning.urls")),
    path("partnerships/", include("qadam.agreements.urls")),
    path("joint/", include("qadam.joint.urls")),
    path("modernisation/", include("qadam.modernisation.urls")),
    path("learners/", include("qadam.learners.urls")),
    path("educators/", include("qadam.educators.urls")),
    path("imports/", include("qadam.imports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
