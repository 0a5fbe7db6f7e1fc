"""A student's journey: the events of each app, where each came from, and who may read it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qadam.agreements.models import Mobility
from qadam.guidance import services as guidance_services
from qadam.guidance.models import DiagnosticSession, ParentLink
from qadam.learners import services
from qadam.learners.tests.conftest import completed_session
from qadam.placements import services as placement_services
from qadam.placements.models import Placement
from qadam.registry import services as registry_services
from qadam.registry.tests.factories import UserFactory


def journey_of(client_for, user, student):
    return client_for(user).get(f"/api/v1/learners/{student.pk}/journey")


def stages(response):
    return [event["stage"] for event in response.json()["events"]]


@pytest.fixture
def placed(world, users, published):
    """The student user's placement in the published round."""
    return Placement.objects.get(round=published.round, student=world.students_a[0])


def test_the_student_reads_their_enrolment_and_placement_with_its_explanation(
    client_for, world, users, placed, published
):
    response = journey_of(client_for, users["student"], world.students_a[0])
    assert response.status_code == 200
    body = response.json()
    assert body["student"] == world.students_a[0].pk
    assert stages(response) == ["enrolment", "placement"]
    enrolment, placement = body["events"]
    assert enrolment["date"] == "2025-09-01"
    assert enrolment["facts"]["funding"] == world.students_a[0].funding
    assert enrolment["source"] == {
        "record": "registry.student",
        "id": world.students_a[0].pk,
        "label": f"student record #{world.students_a[0].pk}",
        "file": None,
        "row": None,
    }
    assert placement["source"]["record"] == "placements.placement"
    assert placement["facts"]["choices"] == [published.weld.pk, published.pipe.pk]
    assert placement["facts"]["offer"] == published.pipe.pk
    assert placement["facts"]["rank"] == 2
    # why not the first choice: weld's one seat went to a higher grade
    assert any("filled its 1 seat" in line for line in placement["details"])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("college_admin_a", 200),
        ("student", 200),
        ("college_admin_b", 404),
        ("university_admin", 404),
        ("analyst", 404),
        ("enterprise_hr", 404),
        ("guidance_organiser", 404),
    ],
)
def test_who_reads_a_journey_through_the_api(client_for, world, users, role, status):
    assert journey_of(client_for, users[role], world.students_a[0]).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("college_admin_a", 200),
        ("student", 200),
        ("college_admin_b", 404),
        ("analyst", 404),
        ("enterprise_hr", 404),
    ],
)
def test_who_opens_the_journey_page(client_for, world, users, role, status):
    response = client_for(users[role]).get(f"/learners/{world.students_a[0].pk}/journey/")
    assert response.status_code == status


def test_a_student_reads_only_their_own_journey_and_strangers_need_to_sign_in(
    client_for, world, users
):
    assert journey_of(client_for, users["student"], world.students_a[1]).status_code == 404
    assert journey_of(client_for, None, world.students_a[0]).status_code == 401
    assert journey_of(client_for, users["ministry_admin"], world.students_a[0]).status_code == 200
    missing = client_for(users["ministry_admin"]).get("/api/v1/learners/999999/journey")
    assert missing.status_code == 404


def test_a_parent_reads_the_journey_of_the_child_whose_results_they_follow(
    client_for, world, users, instrument
):
    parent, stranger = UserFactory.parent(), UserFactory.parent()
    session = completed_session(instrument, world.region_a, user=users["student"])
    ParentLink.objects.create(parent=parent, session=session)
    response = journey_of(client_for, parent, world.students_a[0])
    assert response.status_code == 200
    assert "diagnostic" in stages(response)
    assert journey_of(client_for, parent, world.students_a[1]).status_code == 404
    assert journey_of(client_for, stranger, world.students_a[0]).status_code == 404


def test_a_pupil_linked_diagnostic_comes_first_and_says_how_it_was_linked(
    client_for, world, users, instrument
):
    session = completed_session(instrument, world.region_a)
    guidance_services.session_link_account(user=users["student"], resume_code=session.resume_code)
    session.completed_at = session.completed_at.replace(year=2024)
    DiagnosticSession.objects.filter(pk=session.pk).update(completed_at=session.completed_at)
    events = journey_of(client_for, users["student"], world.students_a[0]).json()["events"]
    assert [e["stage"] for e in events] == ["diagnostic", "enrolment"]
    assert events[0]["facts"]["linked_by"] == "pupil"
    assert events[0]["source"] == {
        "record": "guidance.diagnosticsession",
        "id": session.pk,
        "label": f"diagnostic session #{session.pk}",
        "file": None,
        "row": None,
    }


def test_a_college_links_a_shared_diagnostic_by_iin_only_with_the_pupils_consent(
    client_for, world, users, instrument
):
    student = world.students_a[1]
    shared = completed_session(instrument, world.region_a)
    not_shared = completed_session(instrument, world.region_a)
    with pytest.raises(ValidationError, match="No completed diagnostic was shared"):
        guidance_services.session_link_student(actor=users["college_admin_a"], student=student)
    with pytest.raises(ValidationError):
        guidance_services.session_share_for_enrolment(
            resume_code=shared.resume_code, iin="123456789012"
        )
    guidance_services.session_share_for_enrolment(resume_code=shared.resume_code, iin=student.iin)
    with pytest.raises(PermissionDenied):
        guidance_services.session_link_student(actor=users["college_admin_b"], student=student)
    [linked] = guidance_services.session_link_student(
        actor=users["college_admin_a"], student=student
    )
    assert linked.pk == shared.pk
    not_shared.refresh_from_db()
    assert not_shared.student_id is None
    events = journey_of(client_for, users["college_admin_a"], student).json()["events"]
    diagnostic = next(e for e in events if e["stage"] == "diagnostic")
    assert diagnostic["facts"]["linked_by"] == "college"


def test_the_college_links_from_the_journey_page(client_for, world, users, instrument):
    student = world.students_a[1]
    session = completed_session(instrument, world.region_a)
    guidance_services.session_share_for_enrolment(resume_code=session.resume_code, iin=student.iin)
    url = f"/learners/{student.pk}/journey/link-diagnostics/"
    assert client_for(users["college_admin_b"]).post(url).status_code == 404
    response = client_for(users["college_admin_a"]).post(url, follow=True)
    assert response.status_code == 200
    assert b'data-stage="diagnostic"' in response.content


def graduate(users, student):
    registry_services.student_update(
        actor=users["ministry_admin"], student=student, status="graduated"
    )


def test_a_contract_employing_a_graduate_makes_them_a_graduate_in_employment(
    client_for, world, users, placed, pipe_hr
):
    student = world.students_a[0]
    contract = placement_services.placement_accept(actor=pipe_hr, placement=placed).contract
    with pytest.raises(ValidationError, match="still in training"):
        placement_services.contract_advance(
            actor=pipe_hr, contract=contract, status="employed", on=date(2028, 7, 1)
        )
    graduate(users, student)
    placement_services.contract_advance(
        actor=pipe_hr, contract=contract, status="employed", on=date(2028, 7, 1)
    )
    student.refresh_from_db()
    assert student.status == "employed"
    response = journey_of(client_for, users["student"], student)
    assert stages(response)[-3:] == ["contract", "graduation", "employment"]
    placement_services.contract_advance(
        actor=pipe_hr, contract=contract, status="terminated", on=date(2029, 1, 1), reason="moved"
    )
    student.refresh_from_db()
    assert student.status == "graduated"
    last = journey_of(client_for, users["student"], student).json()["events"][-1]
    assert last["stage"] == "contract"
    assert last["facts"]["termination_reason"] == "moved"
    assert "reason: moved" in last["details"]


def test_employment_evidence_counts_under_the_contract_only_after_the_training(
    client_for, world, users, placed, pipe_hr
):
    student = world.students_a[0]
    contract = placement_services.placement_accept(actor=pipe_hr, placement=placed).contract
    ministry, bin_ = users["ministry_admin"], contract.enterprise.bin
    signed = contract.signed_on.replace(day=1)  # the contract is signed today
    during = services.employment_record_create(
        actor=ministry, student=student, employer_bin=bin_, month=signed
    )
    assert (during.after_training, during.contract_id) == (False, None)
    ended = date(signed.year - 1, 6, 30)
    registry_services.student_update(
        actor=ministry,
        student=student,
        status="graduated",
        enrolled_on=date(ended.year - 3, 9, 1),
        expected_graduation_on=ended,
    )
    before_signing = services.employment_record_create(
        actor=ministry, student=student, employer_bin=bin_, month=date(ended.year, 7, 1)
    )
    assert (before_signing.after_training, before_signing.contract_id) == (True, None)
    elsewhere = services.employment_record_create(
        actor=ministry, student=student, employer_bin=world.enterprise.bin, month=signed
    )
    assert (elsewhere.after_training, elsewhere.contract_id) == (True, None)
    # the same month under the contract, now that the training has ended
    during.delete()
    under = services.employment_record_create(
        actor=ministry, student=student, employer_bin=bin_, month=signed
    )
    assert (under.after_training, under.contract_id) == (True, contract.pk)
    with pytest.raises(PermissionDenied):
        services.employment_record_create(
            actor=users["college_admin_a"], student=student, employer_bin=bin_, month=signed
        )
    with pytest.raises(ValidationError):
        services.employment_record_create(
            actor=ministry, student=student, employer_bin=bin_, month=date(1990, 1, 1)
        )
    events = journey_of(client_for, users["student"], student).json()["events"]
    employment = [e for e in events if e["stage"] == "employment"]
    assert [e["facts"]["contract"] for e in employment] == [None, None, contract.pk]
    assert employment[0]["facts"]["month"] == f"{ended.year}-07"
    assert employment[0]["source"]["record"] == "learners.employmentrecord"


def test_a_parent_follows_the_path_without_the_pension_extracts_months(
    client_for, world, users, instrument
):
    """The months an employer paid contributions are the student's record, not a parent's."""
    student = world.students_a[0]
    session = completed_session(instrument, world.region_a, user=users["student"])
    parent = UserFactory.parent()
    ParentLink.objects.create(parent=parent, session=session)
    services.employment_record_create(
        actor=users["ministry_admin"],
        student=student,
        employer_bin=world.enterprise.bin,
        month=date(2025, 10, 1),
    )
    assert "employment" in stages(journey_of(client_for, users["student"], student))
    assert "employment" in stages(journey_of(client_for, users["college_admin_a"], student))
    response = journey_of(client_for, parent, student)
    assert sorted(stages(response)) == ["diagnostic", "enrolment"]
    assert world.enterprise.bin not in response.content.decode()
    page = client_for(parent).get(f"/learners/{student.pk}/journey/").content.decode()
    assert "enrolment" in page and world.enterprise.bin not in page


def test_mobility_abroad_is_on_the_timeline(client_for, world, users):
    Mobility.objects.create(
        person_kind="student",
        direction="outgoing",
        full_name=world.students_a[0].full_name,
        iin=world.students_a[0].iin,
        student=world.students_a[0],
        home_institution=world.college_a,
        host_country="RU",
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 1, 31),
        funding="self",
    )
    response = journey_of(client_for, users["student"], world.students_a[0])
    assert stages(response) == ["enrolment", "mobility"]
    assert response.json()["events"][1]["facts"]["host_country"] == "RU"


def test_the_pupil_shares_their_results_for_enrolment_from_the_results_page(
    client_for, world, instrument
):
    session = completed_session(instrument, world.region_a)
    url = f"/guidance/r/{session.resume_code}/share/"
    response = client_for(None).post(url, {"iin": "123"}, follow=True)
    session.refresh_from_db()
    assert session.enrolment_consent_at is None
    client_for(None).post(url, {"iin": world.students_a[1].iin})
    session.refresh_from_db()
    assert (session.enrolment_iin, session.enrolment_consent_at is not None) == (
        world.students_a[1].iin,
        True,
    )
    assert response.status_code == 200
