"""Who may read planning, plan, and declare a megaproject's staffing plans, role by role."""

import pytest
from django.core.exceptions import PermissionDenied

from qadam.planning import policies
from qadam.planning.models import Megaproject
from qadam.registry.tests.factories import EnterpriseFactory, UserFactory


@pytest.fixture
def megaproject(world):
    operator = EnterpriseFactory.create(region=world.region_a)
    return Megaproject.objects.create(
        code="NPP-T", name="Test plant", region=world.region_a, enterprise=operator
    )


@pytest.mark.parametrize(
    ("role", "reads", "plans", "declares"),
    [
        ("ministry_admin", True, True, True),
        ("analyst", True, False, False),
        ("college_admin_a", False, False, False),
        ("enterprise_hr", False, False, False),  # another enterprise's HR
        ("student", False, False, False),
    ],
)
def test_what_each_role_may_do(users, megaproject, role, reads, plans, declares):
    user = users[role]
    assert policies.may_read_planning(user) is reads
    assert policies.may_plan(user) is plans
    assert policies.may_declare_plans(user, megaproject) is declares


def test_the_operators_hr_declares_its_plans_only(megaproject):
    hr = UserFactory.enterprise_hr(megaproject.enterprise)
    assert policies.may_declare_plans(hr, megaproject) is True
    assert policies.may_plan(hr) is False
    with pytest.raises(PermissionDenied, match="planners"):
        policies.require_planner(hr)
    policies.require_declarer(hr, megaproject)
