"""Out of a user's sight is "not found", on pages and in the API alike, and looks exactly
like a record that does not exist."""

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

from qadam.common.http import get_or_404


def test_get_or_404_passes_the_user_and_key_to_the_selector():
    def student_get(*, user, student_id):
        return (user, student_id)

    assert get_or_404(student_get, "someone", student_id=7) == ("someone", 7)


def test_get_or_404_turns_a_missing_record_into_a_404():
    def student_get(*, user, student_id):
        raise ObjectDoesNotExist

    with pytest.raises(Http404):
        get_or_404(student_get, "someone", student_id=7)


def test_a_page_answers_404_alike_for_another_colleges_student_and_a_missing_one(
    world, users, client_for
):
    client = client_for(users["college_admin_b"])
    other = client.get(f"/registry/students/{world.students_a[0].pk}/")
    missing = client.get(f"/registry/students/{10**9}/")
    assert other.status_code == missing.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/registry/students/{student}",
        "/api/v1/registry/programs/{program}",
        "/api/v1/placements/offers/{missing}",
        "/api/v1/planning/scenarios/{missing}",
        "/api/v1/partnerships/agreements/{missing}",
    ],
)
def test_the_api_answers_out_of_scope_and_missing_records_with_the_same_404(
    world, users, client_for, path
):
    client = client_for(users["college_admin_b"])
    ids = {"student": world.students_a[0].pk, "program": 10**9, "missing": 10**9}
    response = client.get(path.format(**ids))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
