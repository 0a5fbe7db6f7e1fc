"""Who may coordinate a round and speak for an enterprise, role by role."""

import pytest
from django.core.exceptions import PermissionDenied

from qadam.placements import policies
from qadam.placements.models import PlacementRound
from qadam.placements.tests.factories import RoundFactory


@pytest.mark.parametrize(
    ("role", "national", "college_a_round", "college_b_round", "own_enterprise"),
    [
        ("ministry_admin", True, True, True, True),
        ("college_admin_a", False, True, False, False),
        ("college_admin_b", False, False, True, False),
        ("university_admin", False, False, False, False),
        ("analyst", False, False, False, False),
        ("enterprise_hr", False, False, False, True),
        ("student", False, False, False, False),
        ("guidance_organiser", False, False, False, False),
    ],
)
def test_what_each_role_may_do(
    world, users, role, national, college_a_round, college_b_round, own_enterprise
):
    user = users[role]
    rounds = {
        "national": RoundFactory.create(status=PlacementRound.Status.DRAFT),
        "a": RoundFactory.create(institution=world.college_a),
        "b": RoundFactory.create(institution=world.college_b),
    }
    assert policies.may_coordinate_round(user, rounds["national"]) is national
    assert policies.may_coordinate_round(user, rounds["a"]) is college_a_round
    assert policies.may_coordinate_round(user, rounds["b"]) is college_b_round
    assert policies.may_speak_for_enterprise(user, world.enterprise.pk) is own_enterprise
    assert policies.may_speak_for_enterprise(user, None) is False


def test_the_requirements_refuse_with_a_message(world, users):
    national = RoundFactory.create()
    with pytest.raises(PermissionDenied, match="coordinator"):
        policies.require_round_coordinator(users["college_admin_a"], national)
    with pytest.raises(PermissionDenied, match="enterprise's own staff"):
        policies.require_enterprise_staff(users["college_admin_a"], world.enterprise.pk)
    policies.require_enterprise_staff(users["enterprise_hr"], world.enterprise.pk)
