"""The site's routes and one that fails, for the 500 page's test."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from qadam.urls import urlpatterns as site


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [*site, path("fail/", fail)]
