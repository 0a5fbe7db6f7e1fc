"""user_scope and user_has_role, per role: what each user may read of people's records."""

import pytest
from django.contrib.auth.models import AnonymousUser

from qadam.accounts.roles import Role
from qadam.accounts.selectors import Scope, demo_login_list, user_has_role, user_scope
from qadam.registry.tests.factories import InstitutionFactory, UserFactory


def test_ministry_admin_sees_all_people_and_national_counts(world, users):
    scope = user_scope(user=users["ministry_admin"])
    assert scope.all_people and scope.aggregates and scope.national_aggregates
    assert scope.sees_people


def test_analyst_sees_national_counts_and_no_people(world, users):
    scope = user_scope(user=users["analyst"])
    assert scope.aggregates and scope.national_aggregates
    assert not scope.sees_people
    assert scope.institution_ids == frozenset() and scope.student_id is None


@pytest.mark.parametrize(
    ("role", "college"), [("college_admin_a", "college_a"), ("college_admin_b", "college_b")]
)
def test_college_admin_sees_their_college_only(world, users, role, college):
    scope = user_scope(user=users[role])
    assert scope.institution_ids == frozenset({getattr(world, college).pk})
    assert scope.sees_people and scope.aggregates
    assert not scope.all_people and not scope.national_aggregates


def test_university_admin_sees_their_university_and_its_branches(world, users):
    scope = user_scope(user=users["university_admin"])
    assert scope.institution_ids == frozenset({world.university.pk, world.branch.pk})
    assert not scope.national_aggregates


def test_student_sees_their_own_record_only(world, users):
    scope = user_scope(user=users["student"])
    assert scope.student_id == world.students_a[0].pk
    assert scope.sees_people
    assert not scope.aggregates and not scope.institution_ids and not scope.all_people


@pytest.mark.parametrize("role", ["enterprise_hr", "guidance_organiser"])
def test_roles_without_people(world, users, role):
    scope = user_scope(user=users[role])
    assert scope == Scope(role=users[role].role)
    assert not scope.sees_people and not scope.aggregates and not scope.national_aggregates


def test_anonymous_and_inactive_users_see_nothing(world, users):
    assert user_scope(user=AnonymousUser()) == Scope(role="")
    ministry = users["ministry_admin"]
    ministry.is_active = False
    assert user_scope(user=ministry) == Scope(role="")


def test_superuser_without_a_role_is_a_ministry_admin(db):
    scope = user_scope(user=UserFactory(role="", is_superuser=True))
    assert scope.role == Role.MINISTRY_ADMIN and scope.all_people


def test_institution_role_without_an_institution_sees_no_one(db):
    scope = user_scope(user=UserFactory(role=Role.COLLEGE_ADMIN))
    assert not scope.sees_people and not scope.aggregates


def test_branch_admin_does_not_see_the_parent_university(db):
    branch = InstitutionFactory(foreign_branch=True)
    scope = user_scope(user=UserFactory.university_admin(branch))
    assert scope.institution_ids == frozenset({branch.pk})


@pytest.mark.parametrize(
    ("role", "roles", "expected"),
    [
        ("analyst", {Role.ANALYST}, True),
        ("analyst", {Role.MINISTRY_ADMIN, Role.COLLEGE_ADMIN}, False),
        ("college_admin_a", {Role.COLLEGE_ADMIN}, True),
        ("student", {Role.COLLEGE_ADMIN, Role.UNIVERSITY_ADMIN}, False),
    ],
)
def test_user_has_role(world, users, role, roles, expected):
    assert user_has_role(user=users[role], roles=roles) is expected


def test_user_has_role_for_superuser_and_anonymous(db):
    assert user_has_role(user=UserFactory(role="", is_superuser=True), roles={Role.ANALYST})
    assert not user_has_role(user=AnonymousUser(), roles=set(Role))


def test_demo_login_list_is_in_role_order(db):
    organiser = UserFactory.guidance_organiser(username="organiser")
    ministry = UserFactory.ministry_admin(username="ministry")
    UserFactory.analyst(username="someone-else")
    assert demo_login_list() == [ministry, organiser]
