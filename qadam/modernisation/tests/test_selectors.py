"""What each role reads of the modernisation (scope.py)."""

import pytest
from django.core.exceptions import PermissionDenied

from qadam.modernisation import selectors
from qadam.modernisation.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def _projects(user):
    return set(selectors.project_list(user=user))


def test_the_ministry_reads_every_project_and_a_college_its_own(programme, users):
    assert _projects(users["ministry_admin"]) == {programme.project_a, programme.project_b}
    assert _projects(users["college_admin_a"]) == {programme.project_a}
    assert _projects(users["college_admin_b"]) == {programme.project_b}


@pytest.mark.parametrize(
    "role", ["analyst", "university_admin", "enterprise_hr", "student", "guidance_organiser"]
)
def test_other_roles_read_no_project(programme, users, role):
    assert _projects(users[role]) == set()
    assert not selectors.overdue_milestones(user=users[role], today=TODAY).exists()


def test_an_enterprise_reads_only_the_lines_it_pays_for(programme, users):
    assert list(selectors.line_list(user=users["enterprise_hr"])) == [programme.patron_line]
    assert set(selectors.line_list(user=users["college_admin_b"])) == {programme.line_b}


def test_investments_are_read_by_the_nation_the_institution_and_the_investor(programme, users):
    for role in ("ministry_admin", "analyst", "university_admin", "enterprise_hr"):
        assert list(selectors.investment_list(user=users[role])) == [programme.investment], role
    for role in ("college_admin_a", "student"):
        assert not selectors.investment_list(user=users[role]).exists(), role


def test_the_national_view_counts_colleges_and_money_by_source_and_region(programme, users):
    summary = selectors.programme_summary(user=users["analyst"], today=TODAY)
    assert summary["colleges"] == 2 and summary["target"] == 270
    assert summary["totals"]["committed"] == 11_000_000
    assert summary["totals"]["delivered"] == 6_000_000
    by_source = {str(row["label"]): row for row in summary["by_source"]}
    assert by_source["patron"]["committed"] == 3_000_000
    assert by_source["republican budget"]["delivered"] == 6_000_000
    regions = {row["region"]: row for row in summary["by_region"]}
    assert regions[programme.project_a.college.region]["overdue"] == 1
    assert summary["overdue"] == 2


@pytest.mark.parametrize("role", ["college_admin_a", "enterprise_hr", "student"])
def test_only_the_ministry_and_analysts_read_the_national_view(programme, users, role):
    with pytest.raises(PermissionDenied):
        selectors.programme_summary(user=users[role], today=TODAY)


def test_overdue_milestones_are_scoped(programme, users):
    overdue = selectors.overdue_milestones
    assert set(overdue(user=users["ministry_admin"], today=TODAY)) == {
        programme.overdue_a,
        programme.overdue_b,
    }
    assert list(overdue(user=users["college_admin_a"], today=TODAY)) == [programme.overdue_a]
