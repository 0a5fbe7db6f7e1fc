"""The funnel: counts per stage for the ministry; analysts see small counts as "<5"; no
one else gets it."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qadam.learners.funnel import FunnelFilters, funnel_counts
from qadam.learners.tests.conftest import completed_session
from qadam.placements import services as placement_services
from qadam.placements.models import Placement
from qadam.registry.models import Student


def funnel(client_for, user, **params):
    return client_for(user).get("/api/v1/learners/funnel", params)


@pytest.fixture
def contracted(world, published, pipe_hr):
    placement = Placement.objects.get(round=published.round, student=world.students_a[0])
    return placement_services.placement_accept(actor=pipe_hr, placement=placement).contract


def test_the_ministry_reads_every_stage_by_region(client_for, world, users, contracted, instrument):
    completed_session(instrument, world.region_a)
    response = funnel(client_for, users["ministry_admin"], by="region")
    assert response.status_code == 200
    rows = {row["label"]: row for row in response.json()["rows"]}
    # region A: students_a[0] and [1] (students_a[2] lives in region B), the university's
    alpha = rows["Alpha Region"]
    assert alpha["diagnosed"] == 1
    assert alpha["enrolled"] == 3
    # placed in the published round: students_a[0] (pipe); region B: students_b[0], a[2]
    assert alpha["placed"] == 1
    assert (alpha["contracted"], alpha["employed"]) == (1, 0)
    assert rows["Beta Region"]["placed"] == 2
    total = response.json()["total"]
    assert total["enrolled"] == len(world.all_students)
    assert total["placed"] == 3


def test_an_analyst_reads_small_counts_as_less_than_five(client_for, world, users, contracted):
    response = funnel(client_for, users["analyst"], by="year")
    assert response.status_code == 200
    [row] = response.json()["rows"]  # every student enrolled in 2025
    assert row["label"] == "2025"
    assert row["enrolled"] == len(world.all_students)  # 8: shown as it is
    assert (row["placed"], row["contracted"], row["employed"]) == ("<5", "<5", 0)
    # the one group's total would give its hidden count away
    assert response.json()["total"]["placed"] == "≥ 0"


def test_the_funnel_filters_by_specialty(client_for, world, users, contracted):
    specialty = world.programs_a[0].specialty
    response = funnel(client_for, users["ministry_admin"], by="specialty", specialty=specialty.pk)
    [row] = response.json()["rows"]
    assert row["key"] == specialty.pk
    assert row["enrolled"] == 2  # students_a[0] and students_a[2]
    assert funnel(client_for, users["ministry_admin"], by="nothing").status_code == 422


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("analyst", 200),
        ("college_admin_a", 403),
        ("student", 403),
        ("enterprise_hr", 403),
        ("guidance_organiser", 403),
    ],
)
def test_who_reads_the_funnel(client_for, users, role, status):
    assert funnel(client_for, users[role]).status_code == status
    assert client_for(users[role]).get("/learners/funnel/").status_code == status


def test_the_funnel_by_year_sums_each_years_days_and_reads_no_student_twice(
    client_for, world, users, contracted
):
    """Students are grouped by the day they enrolled and summed per year (SQLite extracts a
    year in Python, row by row), and each stage's students are found by their ids (an
    EXISTS per student and stage read 600,000 students four times at national scale)."""
    Student.objects.filter(pk=world.students_b[1].pk).update(enrolled_on=date(2024, 9, 1))
    ministry = users["ministry_admin"]
    with CaptureQueriesContext(connection) as queries:
        counts = funnel_counts(user=ministry, filters=FunnelFilters(by="year"))
    students = [q["sql"] for q in queries.captured_queries if 'FROM "registry_student"' in q["sql"]]
    assert len(students) == 4  # enrolled, placed, contracted, employed
    assert not [sql for sql in students if "EXISTS" in sql or "extract" in sql.lower()]
    rows = {row["label"]: row for row in counts["rows"]}
    assert {label: row["enrolled"] for label, row in rows.items()} == {
        "2024": 1,
        "2025": len(world.all_students) - 1,
    }
    assert rows["2025"]["contracted"] == 1
    [row] = funnel(client_for, ministry, by="region", year=2024).json()["rows"]
    assert row["enrolled"] == 1
