"""A request computes its user's scope once, however many selectors ask for it; a change to
the fields the scope derives from is never served stale."""

import pytest

from qadam.accounts import selectors
from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.registry.tests.factories import InstitutionFactory


@pytest.fixture
def count_scope(monkeypatch):
    """How often user_scope is asked, and how often it actually computes a scope."""
    calls = {"asked": 0, "computed": 0}
    key, compute = selectors._scope_key, selectors._scope_of

    def counted_key(user):
        calls["asked"] += 1
        return key(user)

    def counted_compute(user):
        calls["computed"] += 1
        return compute(user)

    monkeypatch.setattr(selectors, "_scope_key", counted_key)
    monkeypatch.setattr(selectors, "_scope_of", counted_compute)
    return calls


@pytest.mark.parametrize("path", ["/", "/partnerships/", "/placements/rounds/"])
def test_a_page_computes_the_scope_once_though_many_selectors_ask(
    world, users, client_for, count_scope, path
):
    client = client_for(users["college_admin_a"])
    assert client.get(path).status_code == 200
    assert count_scope["asked"] >= 4  # the menu, the page's selectors, their helpers
    assert count_scope["computed"] == 1


def test_a_second_ask_costs_no_query(world, users, django_assert_num_queries):
    """The institution's branches are the scope's one query."""
    user = User.objects.select_related("institution").get(pk=users["university_admin"].pk)
    with django_assert_num_queries(1):
        user_scope(user=user)
        user_scope(user=user)


def test_a_change_of_role_organisation_student_or_activity_is_seen_at_once(world, users):
    user = users["college_admin_a"]
    assert user_scope(user=user).institution_ids == {world.college_a.pk}
    user.institution = world.college_b
    assert user_scope(user=user).institution_ids == {world.college_b.pk}
    user.role = Role.ANALYST
    assert user_scope(user=user).role == Role.ANALYST
    user.role, user.institution, user.student = Role.STUDENT, None, world.students_a[0]
    assert user_scope(user=user).student_id == world.students_a[0].pk
    user.is_active = False
    assert user_scope(user=user).role == ""
    user.is_active, user.is_superuser = True, True
    assert user_scope(user=user).all_people


def test_the_next_request_sees_a_branch_opened_meanwhile(world, users):
    """The memo lives on the user object, and each request loads the user afresh."""
    admin = users["university_admin"]
    assert user_scope(user=admin).institution_ids == {world.university.pk, world.branch.pk}
    branch = InstitutionFactory.create(foreign_branch=True, parent=world.university)
    again = User.objects.get(pk=admin.pk)
    assert branch.pk in user_scope(user=again).institution_ids
