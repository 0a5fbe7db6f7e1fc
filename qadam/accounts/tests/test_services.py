"""user_create: one role, at most one organisation, the organisation the role needs."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.services import user_create
from qadam.common.models import AuditEntry
from qadam.registry.tests.factories import (
    EnterpriseFactory,
    InstitutionFactory,
    StudentFactory,
    UserFactory,
)

PASSWORD = "a-long-enough-password"


def test_user_create_sets_role_password_and_staff_flag(db):
    ministry = user_create(username="m", password=PASSWORD, role=Role.MINISTRY_ADMIN)
    analyst = user_create(username="a", password=PASSWORD, role=Role.ANALYST)
    assert ministry.is_staff and not analyst.is_staff
    assert ministry.check_password(PASSWORD)
    assert User.objects.get(username="a").role == Role.ANALYST


@pytest.mark.parametrize(
    ("role", "field"),
    [
        (Role.COLLEGE_ADMIN, "institution"),
        (Role.UNIVERSITY_ADMIN, "institution"),
        (Role.ENTERPRISE_HR, "enterprise"),
        (Role.STUDENT, "student"),
    ],
)
def test_role_without_its_organisation_is_refused(db, role, field):
    with pytest.raises(ValidationError) as caught:
        user_create(username="x", password=PASSWORD, role=role)
    assert field in caught.value.message_dict
    assert not User.objects.filter(username="x").exists()


@pytest.mark.parametrize(
    ("role", "kind_trait"),
    [
        (Role.COLLEGE_ADMIN, {"university": True}),
        (Role.COLLEGE_ADMIN, {"school": True}),
        (Role.UNIVERSITY_ADMIN, {}),
        (Role.UNIVERSITY_ADMIN, {"school": True}),
    ],
)
def test_institution_role_for_the_wrong_kind_of_institution_is_refused(db, role, kind_trait):
    institution = InstitutionFactory(**kind_trait)
    with pytest.raises(ValidationError) as caught:
        user_create(username="x", password=PASSWORD, role=role, institution=institution)
    assert "institution" in caught.value.message_dict


@pytest.mark.parametrize(
    ("role", "kind_trait"),
    [
        (Role.COLLEGE_ADMIN, {}),
        (Role.UNIVERSITY_ADMIN, {"university": True}),
        (Role.UNIVERSITY_ADMIN, {"foreign_branch": True}),
    ],
)
def test_institution_role_for_the_right_kind_of_institution(db, role, kind_trait):
    institution = InstitutionFactory(**kind_trait)
    user = user_create(username="x", password=PASSWORD, role=role, institution=institution)
    assert user.institution == institution


def test_user_cannot_act_for_two_organisations(db):
    with pytest.raises(ValidationError):
        user_create(
            username="x",
            password=PASSWORD,
            role=Role.ENTERPRISE_HR,
            enterprise=EnterpriseFactory(),
            student=StudentFactory(),
        )


def test_database_refuses_a_user_with_two_organisations(db):
    user = UserFactory.enterprise_hr()
    user.institution = InstitutionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()


def test_user_create_is_audited_without_the_password(db):
    ministry = UserFactory.ministry_admin(username="root-admin")
    user = user_create(
        username="analyst-2", password="s3cret-pass", role=Role.ANALYST, actor=ministry
    )
    entry = AuditEntry.objects.get(model="accounts.User", object_id=str(user.pk))
    assert entry.action == "create" and entry.actor_username == "root-admin"
    assert entry.changes["username"] == [None, "analyst-2"]
    assert entry.changes["password"] == [None, "********"]
    assert "s3cret" not in str(entry.changes)
