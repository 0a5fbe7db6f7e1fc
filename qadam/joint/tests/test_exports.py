import pytest

from qadam.common.models import Job
from qadam.common.tests.exporting import column, export_post, export_values

pytestmark = pytest.mark.django_db


def test_a_cohorts_students_export_as_its_page_shows_them(
    users, joint, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users["college_admin_a"])
    rows = export_values(
        client, django_capture_on_commit_callbacks, "joint.members", cohort=joint.cohort.pk
    )
    assert sorted(column(rows, "IIN")) == sorted(m.student.iin for m in joint.members)


@pytest.mark.parametrize("role", ["analyst", "college_admin_b"])
def test_a_cohort_out_of_sight_exports_nothing(
    users, joint, client_for, django_capture_on_commit_callbacks, role
):
    response, job = export_post(
        client_for(users[role]),
        django_capture_on_commit_callbacks,
        "joint.members",
        cohort=joint.cohort.pk,
    )
    assert response.status_code == 404
    assert job is None and not Job.objects.exists()


def test_analysts_export_programmes_and_quotas_with_small_counts_masked(
    users, joint, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users["analyst"])
    capture = django_capture_on_commit_callbacks
    programmes = export_values(client, capture, "joint.programmes")
    assert column(programmes, "students") == ["<5"]
    quotas = export_values(client, capture, "joint.quotas", programme=joint.programme.pk)
    assert sorted(column(quotas, "seats")) == [5, 10]
