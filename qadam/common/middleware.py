"""Refuses NUL characters in a request's path, query, form fields and JSON body, on every page
and endpoint: PostgreSQL cannot store or even compare them (a 500 before), and no one types
them. A page gets a 400 naming the field; the API a 422 in its own error shape."""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"
API_PREFIX = "/api/"


def _nul_in_json(value: Any, location: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    """The locations of the strings (keys too) of a decoded JSON value that hold a NUL."""
    if isinstance(value, str):
        if NUL in value:
            yield location
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield (*location, key)
            yield from _nul_in_json(item, (*location, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_in_json(item, (*location, index))


def _query_and_form(request: HttpRequest) -> Iterator[tuple[str, str]]:
    for where, data in (("query", request.GET), ("form", _form_data(request))):
        for name, values in data.lists():
            if NUL in name or any(NUL in value for value in values):
                yield where, name.replace(NUL, "\\0")


def _form_data(request: HttpRequest) -> QueryDict:
    # Not a multipart upload: reading it here would fix its upload handlers before the view
    # sets its own; its text fields are the forms' (Django's CharField refuses a NUL).
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        return request.POST
    return QueryDict()


def _json_body(request: HttpRequest) -> Iterator[tuple[str | int, ...]]:
    if request.content_type != "application/json" or request.method in ("GET", "HEAD"):
        return
    body = request.body
    # in JSON a NUL can only be written as \u0000: parse only a body that has one
    if b"\\u0000" not in body:
        return
    try:
        yield from _nul_in_json(json.loads(body), ("body",))
    except ValueError:
        return  # not JSON: the endpoint's parser answers that


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = self._find(request)
        if found is not None:
            return self._refuse(request, found)
        return self.get_response(request)

    def _find(self, request: HttpRequest) -> tuple[str | int, ...] | None:
        if NUL in request.path:
            return ("path",)
        return next(_query_and_form(request), None) or next(_json_body(request), None)

    def _refuse(self, request: HttpRequest, location: tuple[str | int, ...]) -> HttpResponse:
        field = ".".join(str(part) for part in location[1:]) or location[0]
        message = _("%(field)s: null characters are not allowed.") % {"field": field}
        if request.path.startswith(API_PREFIX):
            loc = list(location)
            detail = [{"type": "value_error", "loc": loc, "msg": message}]
            return JsonResponse({"detail": detail}, status=422)
        context = {"message": message}
        return render(request, "common/bad_request.html", context, status=400)
