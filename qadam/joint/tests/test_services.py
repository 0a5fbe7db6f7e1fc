from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qadam.common.models import AuditEntry
from qadam.joint import services
from qadam.joint.models import CohortMember, JointProgramme

pytestmark = pytest.mark.django_db


def test_the_ministry_sets_up_a_programme_and_every_write_is_audited(world, users):
    ministry = users["ministry_admin"]
    programme = services.programme_create(
        actor=ministry, code=" kz-ru-1 ", name="Программа", starts_on=date(2026, 9, 1)
    )
    assert programme.code == "KZ-RU-1"
    services.participant_add(
        actor=ministry, programme=programme, institution=world.college_a, role="training"
    )
    services.quota_create(
        actor=ministry,
        programme=programme,
        year=2027,
        region=world.region_a,
        specialty=world.programs_a[0].specialty,
        seats=20,
    )
    cohort = services.cohort_create(
        actor=ministry,
        programme=programme,
        intake_year=2027,
        institution=world.college_a,
        specialty=world.programs_a[0].specialty,
        region=world.region_a,
    )
    member = services.member_add(
        actor=ministry, cohort=cohort, student=world.students_a[0], joined_on=date(2027, 9, 1)
    )
    models = set(AuditEntry.objects.filter(actor=ministry).values_list("model", flat=True))
    assert models == {
        "joint.JointProgramme",
        "joint.Participant",
        "joint.Quota",
        "joint.Cohort",
        "joint.CohortMember",
    }
    services.member_set_status(actor=ministry, member=member, status="withdrawn")
    assert AuditEntry.objects.filter(model="joint.CohortMember", action="update").exists()


@pytest.mark.parametrize("role", ["analyst", "college_admin_a", "university_admin", "student"])
def test_only_the_ministry_writes(world, users, joint, role):
    with pytest.raises(PermissionDenied):
        services.programme_update(actor=users[role], programme=joint.programme, name="X")
    with pytest.raises(PermissionDenied):
        services.member_add(
            actor=users[role],
            cohort=joint.cohort,
            student=world.students_a[1],
            joined_on=date(2026, 9, 1),
        )
    assert not AuditEntry.objects.exists()


def test_a_cohort_at_an_institution_outside_the_programme_is_refused(world, users, joint):
    with pytest.raises(ValidationError) as error:
        services.cohort_create(
            actor=users["ministry_admin"],
            programme=joint.programme,
            intake_year=2026,
            institution=world.college_b,
            specialty=world.programs_a[0].specialty,
            region=world.region_b,
        )
    assert error.value.message_dict == {
        "institution": ["This institution does not take part in the programme."]
    }


def test_a_student_of_another_college_or_already_in_a_cohort_is_refused(world, users, joint):
    ministry = users["ministry_admin"]
    with pytest.raises(ValidationError) as other_college:
        services.member_add(
            actor=ministry,
            cohort=joint.cohort,
            student=world.students_b[0],
            joined_on=date(2026, 9, 1),
        )
    assert "student" in other_college.value.message_dict
    with pytest.raises(ValidationError) as twice:
        services.member_add(
            actor=ministry,
            cohort=joint.omsk_cohort,
            student=world.students_a[0],
            joined_on=date(2026, 9, 1),
        )
    assert twice.value.message_dict == {
        "student": ["The student is already in another cohort of this programme."]
    }
    assert CohortMember.objects.count() == 2


def test_a_quota_outside_the_programme_years_is_refused(world, users, joint):
    with pytest.raises(ValidationError) as error:
        services.quota_create(
            actor=users["ministry_admin"],
            programme=joint.programme,
            year=2025,
            ru_region="RU-ORE",
            specialty=world.programs_a[0].specialty,
            seats=5,
        )
    assert error.value.message_dict == {"year": ["The programme starts in 2026."]}
    assert JointProgramme.objects.get().quotas.count() == 2


def test_a_participant_with_cohorts_stays(users, joint):
    participant = joint.programme.participants.get(institution=joint.cohort.institution)
    with pytest.raises(ValidationError):
        services.participant_remove(actor=users["ministry_admin"], participant=participant)
