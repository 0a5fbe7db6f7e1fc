"""Who may do what in the registry, role by role."""

import pytest
from django.core.exceptions import PermissionDenied

from qadam.registry import policies
from qadam.registry.selectors import institution_list_writable

INSTITUTIONS = ("college_a", "college_b", "university", "branch")


@pytest.mark.parametrize(
    ("role", "editable", "registers", "reads_people", "registers_students"),
    [
        ("ministry_admin", set(INSTITUTIONS), True, True, True),
        ("college_admin_a", {"college_a"}, False, True, True),
        ("college_admin_b", {"college_b"}, False, True, True),
        ("university_admin", {"university", "branch"}, False, True, True),
        ("analyst", set(), False, False, False),
        ("enterprise_hr", set(), False, False, False),
        ("student", set(), False, True, False),
        ("guidance_organiser", set(), False, False, False),
    ],
)
def test_what_each_role_may_do(
    world, users, role, editable, registers, reads_people, registers_students
):
    user = users[role]
    for name in INSTITUTIONS:
        institution_id = getattr(world, name).pk
        assert policies.may_edit_institution_records(user, institution_id) is (name in editable), (
            name
        )
    assert policies.may_edit_institution_records(user, None) is registers  # the ministry only
    assert policies.may_register_organisations(user) is registers
    assert policies.may_read_people(user) is reads_people
    assert policies.may_register_students(user) is registers_students


def test_the_requirements_refuse_with_a_message(world, users):
    with pytest.raises(PermissionDenied, match="your own institution"):
        policies.require_institution_records(users["college_admin_a"], world.college_b.pk)
    with pytest.raises(PermissionDenied, match="ministry administrator"):
        policies.require_registrar(users["college_admin_a"])
    policies.require_institution_records(users["college_admin_a"], world.college_a.pk)


@pytest.mark.parametrize(
    ("role", "writable"),
    [
        ("ministry_admin", set(INSTITUTIONS)),
        ("college_admin_a", {"college_a"}),
        ("university_admin", {"university", "branch"}),
        ("analyst", set()),
        ("enterprise_hr", set()),
    ],
)
def test_the_institutions_a_user_may_write_to(world, users, role, writable):
    ids = set(institution_list_writable(user=users[role]).values_list("pk", flat=True))
    assert ids == {getattr(world, name).pk for name in writable}
