import pytest
from django.urls import reverse

from qadam.joint.models import CohortMember, Quota

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("analyst", 200),
        ("college_admin_a", 200),
        ("college_admin_b", 404),
        ("student", 404),
    ],
)
def test_the_programme_page_per_role(users, joint, client_for, role, status):
    response = client_for(users[role]).get(
        reverse("joint:programme_detail", args=[joint.programme.pk])
    )
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Alpha Region" in page and "Omsk Oblast" in page
        assert ('data-testid="cohorts"' in page) == (role != "analyst")
        assert ('data-testid="counts-only"' in page) == (role == "analyst")


def test_the_list_shows_progress_and_analysts_get_small_counts_masked(users, joint, client_for):
    page = client_for(users["ministry_admin"]).get(reverse("joint:programme_list"))
    assert 'data-testid="students">2<' in page.content.decode()
    page = client_for(users["analyst"]).get(reverse("joint:programme_list"))
    assert 'data-testid="students">&lt;5<' in page.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("ministry_admin", 200), ("college_admin_a", 200), ("analyst", 404)]
)
def test_a_cohort_page_names_its_students_to_whom_may_read_them(
    users, joint, client_for, role, status
):
    response = client_for(users[role]).get(reverse("joint:cohort_detail", args=[joint.cohort.pk]))
    assert response.status_code == status
    if status == 200:
        assert joint.members[0].student.iin in response.content.decode()


def test_the_ministry_adds_a_quota_and_a_college_may_not(world, users, joint, client_for):
    url = reverse("joint:quota_add", args=[joint.programme.pk])
    data = {
        "year": "2027",
        "region": "",
        "ru_region": "RU-ORE",
        "specialty": str(world.programs_a[0].specialty_id),
        "seats": "12",
    }
    assert client_for(users["college_admin_a"]).post(url, data).status_code == 403
    assert client_for(users["ministry_admin"]).post(url, data).status_code == 302
    assert Quota.objects.filter(year=2027, ru_region="RU-ORE", seats=12).exists()


def test_a_refused_form_shows_the_rule_beside_the_field(world, users, joint, client_for):
    url = reverse("joint:quota_add", args=[joint.programme.pk])
    data = {
        "year": "2026",
        "region": str(world.region_a.pk),
        "ru_region": "RU-ORE",
        "specialty": str(world.programs_a[0].specialty_id),
        "seats": "12",
    }
    response = client_for(users["ministry_admin"]).post(url, data)
    assert response.status_code == 422
    assert "Give a region of Kazakhstan or a region of Russia, not both." in (
        response.content.decode()
    )


def test_the_ministry_adds_a_student_by_iin(world, users, joint, client_for):
    url = reverse("joint:member_add", args=[joint.omsk_cohort.pk])
    student = world.students_a[1]
    response = client_for(users["ministry_admin"]).post(
        url, {"student": student.iin, "joined_on": "2026-09-01"}
    )
    assert response.status_code == 302
    assert CohortMember.objects.filter(cohort=joint.omsk_cohort, student=student).exists()


def test_a_learners_record_shows_their_cohort(users, joint, client_for):
    student = joint.members[0].student
    response = client_for(users["college_admin_a"]).get(
        reverse("learners:journey", args=[student.pk])
    )
    assert response.status_code == 200
    assert "Joined the joint programme Joint programme" in response.content.decode()


def test_the_menu_leads_a_participating_college_to_its_programme(users, joint, client_for):
    def has_entry(role):
        return 'href="/joint/"' in client_for(users[role]).get("/about/").content.decode()

    assert has_entry("college_admin_a") and has_entry("analyst")
    assert not has_entry("college_admin_b") and not has_entry("student")
