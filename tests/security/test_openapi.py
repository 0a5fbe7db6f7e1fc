"""The OpenAPI document tells the truth: one schema per name, and real responses of each app
(successes and refusals: 401, 404, 422 in both shapes) validate against what it documents."""

import json
import re
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from ninja import Schema

import qadam.api  # noqa: F401  (imports every app's schemas)
from qadam.api import api

DOCUMENT = api.get_openapi_schema(path_prefix="/api/")


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_no_two_schemas_share_a_name():
    ours = [
        s
        for s in _subclasses(Schema)
        if s.__module__.startswith("qadam.") and ".tests." not in s.__module__
    ]
    names: dict[str, str] = {}
    for schema in ours:
        other = names.setdefault(schema.__name__, schema.__module__)
        assert other == schema.__module__, f"{schema.__name__}: {other} and {schema.__module__}"


def _operation(method: str, url: str) -> dict[str, Any]:
    path = url.split("?")[0]
    for template, operations in DOCUMENT["paths"].items():
        pattern = "^" + re.sub(r"\{\w+\}", r"[^/]+", template) + "$"
        if re.match(pattern, path) and method in operations:
            return operations[method]
    raise AssertionError(f"{method} {path} is not in the document")


def _conforms(method: str, url: str, status: int, body: Any) -> None:
    responses = _operation(method, url)["responses"]
    documented = responses.get(status) or responses.get(str(status))
    assert documented is not None, f"{method} {url}: {status} is not documented"
    schema = documented["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": DOCUMENT["components"]})
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == [], f"{method} {url} {status}"


def _call(client: Client, method: str, url: str, body: Any = None) -> Any:
    if method == "get":
        response = client.get(url)
    else:
        response = client.generic(method.upper(), url, json.dumps(body or {}), "application/json")
    _conforms(method, url, response.status_code, response.json())
    return response


@pytest.fixture
def ministry(country, db) -> Client:
    from qadam.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="ministry"))
    return client


def test_every_list_without_parameters_in_its_path_conforms(ministry):
    lists = [
        path
        for path, operations in DOCUMENT["paths"].items()
        if "get" in operations and "{" not in path
    ]
    assert len(lists) >= 15
    for path in lists:
        response = _call(ministry, "get", path)
        assert response.status_code == 200, path


def test_records_of_each_app_conform(ministry):
    for listing, detail in [
        ("/api/v1/registry/students", "/api/v1/registry/students/{}"),
        ("/api/v1/placements/rounds", "/api/v1/placements/rounds/{}"),
        ("/api/v1/planning/scenarios", "/api/v1/planning/scenarios/{}"),
        ("/api/v1/partnerships/agreements", "/api/v1/partnerships/agreements/{}"),
        ("/api/v1/partnerships/mobility", "/api/v1/partnerships/mobility/{}"),
    ]:
        first = ministry.get(listing).json()["items"][0]["id"]
        assert _call(ministry, "get", detail.format(first)).status_code == 200
    round_id = ministry.get("/api/v1/placements/rounds").json()["items"][0]["id"]
    _call(ministry, "get", f"/api/v1/placements/rounds/{round_id}/statistics")
    _call(ministry, "get", f"/api/v1/placements/rounds/{round_id}/offers")
    _call(ministry, "get", "/api/v1/guidance/instrument")


def test_refusals_conform(ministry):
    assert _call(Client(), "get", "/api/v1/registry/students").status_code == 401
    assert _call(ministry, "get", "/api/v1/registry/students/999999999").status_code == 404
    # ninja's 422: detail lists what is wrong where
    assert _call(ministry, "get", "/api/v1/registry/students?page=0").status_code == 422
    # a rule's 422: detail is its message, errors name the fields
    response = _call(ministry, "post", "/api/v1/registry/students", {"iin": "123456789012"})
    assert response.status_code == 422
    response = _call(Client(), "get", "/api/v1/guidance/results/NOSUCH00")
    assert response.status_code == 404
    response = _call(Client(), "post", "/api/v1/guidance/submissions", {"event_code": "A\x00"})
    assert response.status_code == 422
