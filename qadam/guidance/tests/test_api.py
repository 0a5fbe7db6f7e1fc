"""The anonymous diagnostic API: submit once, read back by resume code, errors name items."""

import uuid

import pytest
from django.test import Client

from qadam.guidance.models import DiagnosticSession
from qadam.registry.tests.factories import InstitutionFactory

URL = "/api/v1/guidance"


def payload(world, instrument, **changes):
    body = {
        "client_id": str(uuid.uuid4()),
        "consent": True,
        "language": "ru",
        "age": 16,
        "region_id": world.region_a.pk,
        "answers": {item.code: 5 if item.scale == "R" else 2 for item in instrument.items.all()},
        "skills": {"tools": 5},
    }
    return {**body, **changes}


def post(body):
    return Client().post(f"{URL}/submissions", body, content_type="application/json")


def test_a_pupil_submits_without_an_account_and_a_resend_is_stored_once(
    world, instrument, catalogue
):
    body = payload(world, instrument)
    first = post(body)
    assert first.status_code == 201
    result = first.json()
    assert result["holland_code"][0] == "R"
    assert result["recommendations"][0]["name"] == "Electrician"
    again = post(body)
    assert again.status_code == 200 and again.json() == result
    assert DiagnosticSession.objects.count() == 1
    read = Client().get(f"{URL}/results/{result['resume_code']}")
    assert read.json() == result


def test_missing_items_are_named_and_nothing_is_stored(world, instrument, catalogue):
    body = payload(world, instrument)
    del body["answers"]["E5"]
    body["answers"]["A1"] = 9
    response = post(body)
    assert response.status_code == 422
    assert response.json()["detail"] == "answers: Answers must be whole numbers from 1 to 5: A1."
    assert not DiagnosticSession.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"consent": False}, "consent"), ({"age": 7}, "age"), ({"language": "de"}, "language")],
)
def test_bad_details_are_refused(world, instrument, catalogue, changes, field):
    response = post(payload(world, instrument, **changes))
    assert response.status_code == 422
    assert field in str(response.json())
    assert not DiagnosticSession.objects.exists()


def test_a_region_or_school_not_in_the_registry_is_refused(world, instrument, catalogue):
    """Twice each: the second pupil's school and region are checked as well (ids the
    registry confirmed are remembered; these never were)."""
    for _pupil in range(2):
        response = post(payload(world, instrument, region_id=999_999))
        assert response.status_code == 422
        assert response.json()["errors"] == {
            "region": ["region instance with id 999999 is not a valid choice."]
        }
        response = post(payload(world, instrument, school_id=world.college_a.pk))
        assert response.status_code == 422
        assert response.json()["errors"] == {"school": ["Choose a school from the list."]}
    assert not DiagnosticSession.objects.exists()
    school = InstitutionFactory.create(school=True, region=world.region_a)
    for _pupil in range(2):
        assert post(payload(world, instrument, school_id=school.pk)).status_code == 201
    assert DiagnosticSession.objects.filter(school=school).count() == 2


def test_the_instrument_in_the_pupils_language(instrument):
    response = Client().get(f"{URL}/instrument", HTTP_ACCEPT_LANGUAGE="kk")
    body = response.json()
    assert len(body["items"]) == 48
    assert body["items"][0]["text"] == instrument.items.get(code="R1").text_kk
    assert body["response_labels"]["1"] == "Ұнамайды"


def test_unknown_results_code_is_404(db):
    assert Client().get(f"{URL}/results/NOSUCH12").status_code == 404
