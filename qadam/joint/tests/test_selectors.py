import pytest

from qadam.joint import selectors
from qadam.joint.models import Cohort, JointProgramme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("ministry_admin", True),
        ("analyst", True),
        ("college_admin_a", True),  # college A takes part
        ("college_admin_b", False),
        ("university_admin", False),
        ("enterprise_hr", False),
        ("student", False),
    ],
)
def test_a_programme_is_read_by_national_roles_and_its_participants(users, joint, role, sees):
    rows = selectors.programme_list(user=users[role])
    assert [row["programme"].code for row in rows] == (["JP-1"] if sees else [])
    if not sees:
        with pytest.raises(JointProgramme.DoesNotExist):
            selectors.programme_get(user=users[role], programme_id=joint.programme.pk)


@pytest.mark.parametrize(
    ("role", "cohorts"),
    [("ministry_admin", 2), ("college_admin_a", 2), ("analyst", 0), ("college_admin_b", 0)],
)
def test_cohorts_name_students_only_for_the_ministry_and_their_institution(
    users, joint, role, cohorts
):
    assert selectors.cohort_list(user=users[role], programme=joint.programme).count() == cohorts
    if not cohorts:
        with pytest.raises(Cohort.DoesNotExist):
            selectors.cohort_get(user=users[role], cohort_id=joint.cohort.pk)


def test_progress_counts_students_against_each_quota(users, joint):
    progress = selectors.programme_progress(user=users["ministry_admin"], programme=joint.programme)
    by_region = {row["region"]: (row["seats"], row["enrolled"]) for row in progress["by_region"]}
    assert by_region == {"Alpha Region": (10, 2), "Omsk Oblast": (5, 0)}
    assert (progress["seats"], progress["enrolled"], progress["share"]) == (15, 2, 13.3)
    assert progress["outside_quotas"] == 0


def test_analysts_see_small_counts_masked(users, joint):
    progress = selectors.programme_progress(user=users["analyst"], programme=joint.programme)
    home = next(row for row in progress["quotas"] if row["country"] == "KZ")
    assert home["enrolled"] == "<5"
    assert home["share"] is None
    [row] = selectors.programme_list(user=users["analyst"])
    assert row["students"] == "<5"


def test_a_withdrawn_student_no_longer_fills_a_seat(users, joint):
    joint.members[0].status = "withdrawn"
    joint.members[0].save()
    progress = selectors.programme_progress(user=users["ministry_admin"], programme=joint.programme)
    assert progress["enrolled"] == 1
    assert selectors.joint_statistics() == {"joint_programmes": 1, "joint_programme_students": 1}
