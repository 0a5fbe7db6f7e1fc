"""Analysts never see a count of students from 1 to 4 (qadam.common.disclosure): the counts
page, its API and its export show "<5", and the page's total does not give a masked row away.
Roles that read people see exact counts."""

import pytest

from qadam.common.tests.exporting import export_values

# the world: college A has 3 students (2 state order, 1 paid), college B 3 (2 + 1)
API = "/api/v1/registry/students/counts"


def test_an_analysts_small_counts_are_masked_on_the_page(world, users, client_for):
    response = client_for(users["analyst"]).get("/registry/students/", {"by": "funding"})
    counts = {row["key"]: row["count"] for row in response.context["counts"]}
    assert counts["paid"] == "<5"  # 3 paid students nationally
    assert "&lt;5" in response.content.decode()
    # 4 state-order + 2 others: an exact total would give "paid" away
    assert response.context["total"] != sum(c for c in counts.values() if isinstance(c, int)) + 3


def test_an_analysts_small_counts_are_masked_in_the_api(world, users, client_for):
    response = client_for(users["analyst"]).get(API, {"by": "institution"})
    assert response.status_code == 200, response.content
    assert {row["count"] for row in response.json()} == {"<5"}


def test_an_analysts_small_counts_are_masked_in_the_export(
    world, users, client_for, django_capture_on_commit_callbacks
):
    sheet = export_values(
        client_for(users["analyst"]),
        django_capture_on_commit_callbacks,
        "registry.student_counts",
        by="institution",
    )
    assert sheet[1:] and {row[1] for row in sheet[1:]} == {"<5"}


@pytest.mark.parametrize("role", ["ministry_admin", "college_admin_a"])
def test_roles_that_read_people_see_exact_counts(world, users, client_for, role):
    response = client_for(users[role]).get(API, {"by": "institution"})
    assert all(isinstance(row["count"], int) for row in response.json())
