"""Input no one should send is refused with a 4xx naming what is wrong, never a 500:
out-of-range page numbers and ids, NUL characters anywhere, and over-long free text.
Runs on SQLite and on PostgreSQL (DATABASE_URL): each failed differently before."""

import json
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from qadam.agreements.models import Agreement
from qadam.api import api
from qadam.common.audit import MAX_TEXT
from qadam.placements.models import Offer, PlacementRound
from qadam.placements.tests.factories import RoundFactory
from qadam.registry import services

HUGE = 10**20  # past a signed 64-bit integer


def _json(client: Client, method: str, path: str, body: object):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def _paginated_lists() -> list[str]:
    """Every API list that takes a `page` (from the OpenAPI document)."""
    schema = api.get_openapi_schema(path_prefix="/api/")
    return sorted(
        path
        for path, operations in schema["paths"].items()
        if any(p["name"] == "page" for p in operations.get("get", {}).get("parameters", []))
    )


def test_there_are_paginated_lists_to_check():
    assert len(_paginated_lists()) >= 15


@pytest.mark.parametrize("path", _paginated_lists())
def test_a_huge_page_number_is_422_naming_page(users, client_for, path):
    client = client_for(users["ministry_admin"])
    url = path.replace("{", "").replace("}", "")
    for name in ("round_id", "megaproject_id", "plan_id", "scenario_id", "run_id", "offer_id"):
        url = url.replace(name, "1")
    url = url.replace("agreement_id", "1")
    response = client.get(url, {"page": HUGE})
    assert response.status_code == 422, (url, response.content[:300])
    assert any("page" in error["loc"] for error in response.json()["detail"])


def test_a_large_page_within_the_bound_is_an_empty_page(users, client_for):
    client = client_for(users["ministry_admin"])
    response = client.get("/api/v1/registry/students", {"page": 10**9})
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["count"] > 0


@pytest.mark.parametrize("page", [str(HUGE), "-1", "9" * 400])
def test_a_pages_huge_page_number_shows_a_page(users, client_for, page):
    response = client_for(users["ministry_admin"]).get("/registry/students/", {"page": page})
    assert response.status_code == 200


@pytest.fixture
def draft_round(db) -> PlacementRound:
    return RoundFactory.create(status=PlacementRound.Status.OPEN)


def _offer(world, **overrides):
    return {
        "title": "Turbine technician",
        "kind": "dual",
        "specialties": [world.programs_a[0].specialty_id],
        "region_id": world.region_a.pk,
        "address": "5 Energy Ave",
        "seats": 1,
        "starts_on": "2027-02-01",
        "ends_on": "2027-06-30",
        **overrides,
    }


def test_an_over_large_specialty_id_in_the_api_is_422_naming_specialties(
    world, users, client_for, draft_round
):
    client = client_for(users["enterprise_hr"])
    url = f"/api/v1/placements/rounds/{draft_round.pk}/offers"
    response = _json(client, "post", url, _offer(world, specialties=[HUGE]))
    assert response.status_code == 422, response.content
    assert any("specialties" in error["loc"] for error in response.json()["detail"])
    response = _json(client, "post", url, _offer(world))
    assert response.status_code == 201
    offer = response.json()["id"]
    response = _json(client, "patch", f"/api/v1/placements/offers/{offer}", {"specialties": [HUGE]})
    assert response.status_code == 422


def test_an_over_large_specialty_id_in_the_offer_form_is_a_field_error(
    world, users, client_for, draft_round
):
    data = {
        **_offer(world),
        "region": world.region_a.pk,
        "specialties": [str(HUGE)],
        "scoring_rule": "grades",
        "weight_grades": 0,
        "weight_fit": 0,
        "weight_distance": 0,
        "weight_test": 0,
    }
    response = client_for(users["enterprise_hr"]).post(
        f"/placements/rounds/{draft_round.pk}/offers/new/", data
    )
    assert response.status_code == 200
    assert 'data-field="specialties"' in response.content.decode()
    assert not Offer.objects.filter(title="Turbine technician").exists()


def test_an_over_large_offer_id_in_a_ranking_is_422(world, users, client_for, draft_round):
    response = _json(
        client_for(users["student"]),
        "put",
        f"/api/v1/placements/rounds/{draft_round.pk}/my-ranking",
        {"offers": [HUGE]},
    )
    assert response.status_code == 422


# --------------------------------------------------------------------------- NUL characters


@pytest.mark.parametrize(
    "path",
    [
        "/guidance/r/AB%00CD/",
        "/guidance/join/AB%00CD/",
        "/guidance/s/AB%00CD/",
        "/guidance/r/AB%00CD/pdf",
        "/registry/students/?q=AB%00CD",
        "/registry/students/?AB%00=1",
        "/guidance/join/?code=AB%00CD",
    ],
)
def test_a_nul_in_a_pages_path_or_query_is_400(db, path):
    response = Client().get(path)
    assert response.status_code == 400
    assert "null characters are not allowed" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/guidance/results/AB%00CD",
        "/api/v1/registry/students?search=AB%00CD",
        "/api/v1/placements/rounds/1%00",
    ],
)
def test_a_nul_in_an_api_path_or_query_is_422(db, path):
    response = Client().get(path)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].endswith("null characters are not allowed.")


def test_a_nul_in_a_submissions_event_code_is_422_naming_it(db):
    response = _json(Client(), "post", "/api/v1/guidance/submissions", {"event_code": "AB\x00CD"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "event_code"]


def test_a_nul_in_an_api_text_field_is_422_naming_it(world, users, client_for, draft_round):
    client = client_for(users["enterprise_hr"])
    url = f"/api/v1/placements/rounds/{draft_round.pk}/offers"
    response = _json(client, "post", url, _offer(world, title="Turbine\x00technician"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "title"]
    assert not Offer.objects.exists()


def test_a_nul_in_a_form_field_is_400_naming_it(world, users, client_for):
    response = client_for(users["ministry_admin"]).post(
        "/partnerships/new/",
        urlencode({"number": "N-1", "title": "Dual\x00training"}),
        content_type="application/x-www-form-urlencoded",  # as a browser sends a form
    )
    assert response.status_code == 400
    assert "title: null characters are not allowed" in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_nul_in_a_multipart_form_field_is_an_error_beside_it(world, users, client_for):
    response = client_for(users["ministry_admin"]).post(
        "/partnerships/new/", {"number": "N-1", "title": "Dual\x00training"}
    )
    assert response.status_code == 200
    assert 'data-field="title"' in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_nul_reaching_a_service_is_refused_naming_the_field(world, users):
    with pytest.raises(ValidationError) as caught:
        services.student_update(
            actor=users["ministry_admin"],
            student=world.students_a[0],
            last_name="Аба\x00ев",
        )
    assert "last_name" in caught.value.message_dict


# --------------------------------------------------------------------------- free text


def _agreement(world, **overrides):
    return {
        "number": "API-1",
        "kind": "dual_training",
        "title": "Dual training of welders",
        "starts_on": "2027-01-01",
        "ends_on": "2029-12-31",
        "parties": [
            {"kind": "institution", "role": "partner", "institution_id": world.college_a.pk},
            {"kind": "enterprise", "role": "partner", "enterprise_id": world.enterprise.pk},
        ],
        **overrides,
    }


@pytest.mark.parametrize("length", [MAX_TEXT + 1, 2 * 1024 * 1024])
def test_an_over_long_description_in_the_api_is_422_naming_it(world, users, client_for, length):
    client = client_for(users["ministry_admin"])
    response = _json(
        client,
        "post",
        "/api/v1/partnerships/agreements",
        _agreement(world, description="x" * length),
    )
    assert response.status_code in (413, 422), response.content[:300]
    if response.status_code == 422:
        assert "description" in response.json()["detail"][0]["loc"]
    assert not Agreement.objects.exists()


def test_a_description_at_the_limit_is_kept(world, users, client_for):
    client = client_for(users["ministry_admin"])
    body = _agreement(world, description="x" * MAX_TEXT)
    response = _json(client, "post", "/api/v1/partnerships/agreements", body)
    assert response.status_code == 201


def test_an_over_long_description_in_the_form_is_an_error_beside_it(world, users, client_for):
    response = client_for(users["ministry_admin"]).post(
        "/partnerships/new/",
        {
            "number": "N-1",
            "kind": "dual_training",
            "title": "Dual training",
            "description": "x" * (MAX_TEXT + 1),
        },
    )
    assert response.status_code == 200
    assert 'data-field="description"' in response.content.decode()
    assert not Agreement.objects.exists()


# --------------------------------------------------------------------------- null (fuzzing)


def test_a_null_for_a_text_field_that_cannot_be_empty_is_422_naming_it(world, users, client_for):
    student = world.students_a[0]
    response = _json(
        client_for(users["college_admin_a"]),
        "patch",
        f"/api/v1/registry/students/{student.pk}",
        {"middle_name": None},
    )
    assert response.status_code == 422
    assert "middle_name" in response.json()["errors"]


def test_a_null_position_on_an_offer_is_422(world, users, client_for, draft_round):
    client = client_for(users["enterprise_hr"])
    url = f"/api/v1/placements/rounds/{draft_round.pk}/offers"
    offer = _json(client, "post", url, _offer(world)).json()["id"]
    response = _json(client, "patch", f"/api/v1/placements/offers/{offer}", {"position": None})
    assert response.status_code == 422
    assert "position" in response.json()["errors"]
