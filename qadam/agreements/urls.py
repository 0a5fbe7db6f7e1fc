"""Partnership pages: the register, obligations and deliveries, profiles, mobility."""

from django.urls import include, path

app_name = "agreements"
urlpatterns = [
    path("", include("qadam.agreements.urls_register")),
    path("", include("qadam.agreements.urls_obligations")),
    path("", include("qadam.agreements.urls_mobility")),
]
