"""Registry writes: validated, permitted, audited; a refused write leaves nothing behind."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qadam.common.models import AuditEntry
from qadam.registry import services
from qadam.registry.models import Enterprise, Institution, Program, Student
from qadam.registry.tests.factories import SpecialtyFactory, bin_for, iin_for

NOT_MINISTRY = [
    "analyst",
    "college_admin_a",
    "college_admin_b",
    "university_admin",
    "enterprise_hr",
    "student",
    "guidance_organiser",
]


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Student, Program, Enterprise, Institution, AuditEntry)
    }


def student_fields(world, **overrides):
    fields = {
        "iin": iin_for(date(2007, 3, 14), "F", 4321),
        "last_name": "Жумабаева",
        "first_name": "Айдана",
        "middle_name": "Маратқызы",
        "region": world.region_a,
        "institution": world.college_a,
        "program": world.programs_a[0],
        "year_of_study": 1,
        "funding": "state_order",
        "enrolled_on": date(2025, 9, 1),
        "expected_graduation_on": date(2028, 6, 30),
    }
    return {**fields, **overrides}


def program_fields(world, **overrides):
    fields = {
        "institution": world.college_a,
        "specialty": SpecialtyFactory(),
        "language": "ru",
        "form": "dual",
        "duration_months": 46,
        "capacity": 25,
        "state_funded_seats": 25,
    }
    return {**fields, **overrides}


def enterprise_fields(world, **overrides):
    fields = {
        "name": "ТОО «Жарық»",
        "bin": bin_for(date(2015, 6, 1), 777),
        "sector": "energy",
        "size": "small",
        "region_id": world.region_b.pk,
    }
    return {**fields, **overrides}


def assert_refused(error, field):
    assert field in error.value.message_dict, error.value.message_dict


# --------------------------------------------------------------------------- students


def test_student_create_reads_birth_date_and_sex_from_the_iin(world, users):
    student = services.student_create(actor=users["college_admin_a"], **student_fields(world))
    student.refresh_from_db()
    assert student.birth_date == date(2007, 3, 14)
    assert student.sex == "F"
    assert student.institution == world.college_a


def test_student_create_refuses_a_caller_supplied_birth_date(world, users):
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        services.student_create(
            actor=users["ministry_admin"], **student_fields(world), birth_date=date(1999, 1, 1)
        )
    assert_refused(error, "birth_date")
    assert row_counts() == before


@pytest.mark.parametrize(
    "bad_iin",
    ["123", "07031460432X", "070314604320", "071314604321", "070314904321"],
    ids=["short", "letter", "check-digit", "month-13", "century-9"],
)
def test_student_with_bad_iin_is_refused_and_nothing_is_written(world, users, bad_iin):
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        services.student_create(actor=users["ministry_admin"], **student_fields(world, iin=bad_iin))
    assert_refused(error, "iin")
    assert row_counts() == before


def test_student_with_a_taken_iin_is_refused(world, users):
    before = row_counts()
    taken = world.students_b[0].iin
    with pytest.raises(ValidationError) as error:
        services.student_create(actor=users["ministry_admin"], **student_fields(world, iin=taken))
    assert_refused(error, "iin")
    assert row_counts() == before


def test_expected_graduation_before_enrolment_is_refused(world, users):
    before = row_counts()
    fields = student_fields(
        world, enrolled_on=date(2025, 9, 1), expected_graduation_on=date(2025, 6, 30)
    )
    with pytest.raises(ValidationError) as error:
        services.student_create(actor=users["college_admin_a"], **fields)
    assert_refused(error, "expected_graduation_on")
    assert row_counts() == before


def test_student_in_a_program_of_another_institution_is_refused(world, users):
    before = row_counts()
    fields = student_fields(world, program=world.programs_b[0])
    with pytest.raises(ValidationError) as error:
        services.student_create(actor=users["ministry_admin"], **fields)
    assert_refused(error, "program")
    assert row_counts() == before


@pytest.mark.parametrize(
    "role",
    [
        "college_admin_b",
        "university_admin",
        "analyst",
        "enterprise_hr",
        "student",
        "guidance_organiser",
    ],
)
def test_only_the_colleges_admin_or_ministry_may_create_its_students(world, users, role):
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.student_create(actor=users[role], **student_fields(world))
    assert row_counts() == before


def test_university_admin_may_register_a_student_at_its_branch(world, users):
    fields = student_fields(world, institution=world.branch, program=None, region=world.region_b)
    student = services.student_create(actor=users["university_admin"], **fields)
    assert student.institution == world.branch


@pytest.mark.parametrize("role", ["college_admin_b", "university_admin", "analyst", "student"])
def test_a_student_of_another_college_cannot_be_updated(world, users, role):
    student = world.students_a[1]
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.student_update(actor=users[role], student=student, last_name="Чужой")
    student.refresh_from_db()
    assert student.last_name == "Бекова"
    assert row_counts() == before


def test_college_admin_cannot_move_a_student_to_another_college(world, users):
    student = world.students_a[1]
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.student_update(
            actor=users["college_admin_a"],
            student=student,
            institution=world.college_b,
            program=world.programs_b[0],
        )
    student.refresh_from_db()
    assert student.institution == world.college_a
    assert row_counts() == before


def test_student_create_is_audited_with_actor_and_new_values(world, users):
    actor = users["college_admin_a"]
    student = services.student_create(actor=actor, **student_fields(world))
    entry = AuditEntry.objects.get(model="registry.Student", object_id=str(student.pk))
    assert entry.actor == actor
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.summary == "Жумабаева Айдана Маратқызы"
    assert entry.changes["iin"] == [None, student.iin]
    assert entry.changes["last_name"] == [None, "Жумабаева"]
    assert entry.changes["birth_date"] == [None, "2007-03-14"]
    assert entry.changes["institution_id"] == [None, world.college_a.pk]


def test_student_update_is_audited_with_exactly_the_changed_fields(world, users):
    actor = users["college_admin_a"]
    student = world.students_a[1]
    services.student_update(actor=actor, student=student, last_name="Бекова-Ли", year_of_study=3)
    entry = AuditEntry.objects.get(model="registry.Student", object_id=str(student.pk))
    assert entry.actor == actor
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes == {"last_name": ["Бекова", "Бекова-Ли"], "year_of_study": [2, 3]}


def test_student_update_of_the_iin_rederives_birth_date_and_sex(world, users):
    student = world.students_a[0]
    new_iin = iin_for(date(2004, 12, 31), "M" if student.sex == "F" else "F", 17)
    services.student_update(actor=users["ministry_admin"], student=student, iin=new_iin)
    student.refresh_from_db()
    assert (student.iin, student.birth_date) == (new_iin, date(2004, 12, 31))
    entry = AuditEntry.objects.get(model="registry.Student", object_id=str(student.pk))
    assert entry.changes["birth_date"][1] == "2004-12-31"
    assert entry.changes["sex"][0] != entry.changes["sex"][1]


def test_student_update_with_no_change_writes_no_audit_entry(world, users):
    student = world.students_a[0]
    services.student_update(
        actor=users["college_admin_a"], student=student, last_name=student.last_name
    )
    assert not AuditEntry.objects.exists()


def test_student_update_with_a_bad_iin_changes_nothing(world, users):
    student = world.students_a[0]
    iin = student.iin
    with pytest.raises(ValidationError) as error:
        services.student_update(actor=users["ministry_admin"], student=student, iin="000000000000")
    assert_refused(error, "iin")
    student.refresh_from_db()
    assert student.iin == iin
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("field", ["birth_date", "sex", "id", "created_at"])
def test_student_update_of_a_derived_or_system_field_is_refused(world, users, field):
    student = world.students_a[0]
    with pytest.raises(ValidationError) as error:
        services.student_update(actor=users["ministry_admin"], student=student, **{field: None})
    assert_refused(error, field)


# --------------------------------------------------------------------------- programs


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"capacity": -1, "state_funded_seats": 0}, "capacity"),
        ({"capacity": 10, "state_funded_seats": 11}, "state_funded_seats"),
        ({"capacity": 10, "state_funded_seats": -1}, "state_funded_seats"),
    ],
)
def test_program_with_impossible_seats_is_refused(world, users, overrides, field):
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        services.program_create(
            actor=users["college_admin_a"], **program_fields(world, **overrides)
        )
    assert_refused(error, field)
    assert row_counts() == before


def test_program_create_is_audited(world, users):
    actor = users["college_admin_a"]
    program = services.program_create(actor=actor, **program_fields(world))
    entry = AuditEntry.objects.get(model="registry.Program", object_id=str(program.pk))
    assert (entry.actor, entry.action) == (actor, AuditEntry.Action.CREATE)
    assert entry.changes["capacity"] == [None, 25]


def test_program_of_another_college_cannot_be_created(world, users):
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.program_create(
            actor=users["college_admin_b"], **program_fields(world, institution=world.college_a)
        )
    assert row_counts() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"state_funded_seats": 26}, "state_funded_seats"),
        ({"capacity": 19}, "state_funded_seats"),
        ({"capacity": -5}, "capacity"),
    ],
)
def test_program_update_with_impossible_seats_is_refused(world, users, changes, field):
    program = world.programs_a[0]  # capacity 25, 20 state-funded
    with pytest.raises(ValidationError) as error:
        services.program_update(actor=users["college_admin_a"], program=program, **changes)
    assert_refused(error, field)
    program.refresh_from_db()
    assert (program.capacity, program.state_funded_seats) == (25, 20)
    assert not AuditEntry.objects.exists()


def test_program_update_is_audited_with_exactly_the_changed_fields(world, users):
    program = world.programs_a[0]
    actor = users["college_admin_a"]
    services.program_update(actor=actor, program=program, capacity=30, state_funded_seats=22)
    entry = AuditEntry.objects.get(model="registry.Program", object_id=str(program.pk))
    assert (entry.actor, entry.action) == (actor, AuditEntry.Action.UPDATE)
    assert entry.changes == {"capacity": [25, 30], "state_funded_seats": [20, 22]}


def test_program_update_with_no_change_writes_no_audit_entry(world, users):
    program = world.programs_a[0]
    services.program_update(actor=users["college_admin_a"], program=program, capacity=25)
    assert not AuditEntry.objects.exists()


def test_program_of_another_college_cannot_be_updated(world, users):
    program = world.programs_a[0]
    with pytest.raises(PermissionDenied):
        services.program_update(actor=users["college_admin_b"], program=program, capacity=99)
    program.refresh_from_db()
    assert program.capacity == 25


def test_program_cannot_be_moved_to_another_institution(world, users):
    program = world.programs_a[0]
    with pytest.raises(ValidationError) as error:
        services.program_update(
            actor=users["ministry_admin"], program=program, institution=world.college_b
        )
    assert_refused(error, "institution")


# --------------------------------------------------------------------------- organisations


def test_ministry_creates_an_enterprise_and_it_is_audited(world, users):
    actor = users["ministry_admin"]
    enterprise = services.enterprise_create(actor=actor, **enterprise_fields(world))
    assert Enterprise.objects.get(bin=enterprise.bin).region == world.region_b
    entry = AuditEntry.objects.get(model="registry.Enterprise")
    assert (entry.actor, entry.action, entry.object_id) == (
        actor,
        AuditEntry.Action.CREATE,
        str(enterprise.pk),
    )
    assert entry.changes["bin"] == [None, enterprise.bin]


@pytest.mark.parametrize("role", NOT_MINISTRY)
def test_enterprise_create_is_for_the_ministry_only(world, users, role):
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.enterprise_create(actor=users[role], **enterprise_fields(world))
    assert row_counts() == before


@pytest.mark.parametrize(
    "bad_bin",
    ["12345", "151340000012", "150610000777", "150640007770"],
    ids=["short", "month-13", "entity-type", "check-digit"],
)
def test_enterprise_with_bad_bin_is_refused(world, users, bad_bin):
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        services.enterprise_create(
            actor=users["ministry_admin"], **enterprise_fields(world, bin=bad_bin)
        )
    assert_refused(error, "bin")
    assert row_counts() == before


def test_enterprise_in_an_unknown_region_is_refused(world, users):
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        services.enterprise_create(
            actor=users["ministry_admin"], **enterprise_fields(world, region_id=10**9)
        )
    assert_refused(error, "region")
    assert row_counts() == before


def test_institution_create_is_for_the_ministry_only(world, users):
    fields = {
        "code": "C-NEW",
        "kind": "college",
        "name_ru": "Новый колледж",
        "region_id": world.region_a.pk,
    }
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.institution_create(actor=users["college_admin_a"], **fields)
    assert row_counts() == before
    institution = services.institution_create(
        actor=users["ministry_admin"], **fields, profile="energy"
    )
    assert AuditEntry.objects.get(model="registry.Institution").object_id == str(institution.pk)
    assert Institution.objects.get(pk=institution.pk).profile == "energy"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "college", "region_id": 10**9}, "region"),
        ({"kind": "college", "region_id": None}, "region"),
        ({"kind": "foreign_branch", "region_id": "region_a"}, "parent"),
        ({"kind": "college", "region_id": "region_a", "bin": "123456789012"}, "bin"),
        ({"kind": "college", "region_id": "region_a", "languages": "kk,de"}, "languages"),
        ({"kind": "college", "region_id": "region_a", "profile": "shipbuilding"}, "profile"),
        ({"kind": "school", "region_id": "region_a", "profile": "energy"}, "profile"),
    ],
)
def test_institution_create_validates(world, users, fields, field):
    if fields.get("region_id") == "region_a":
        fields = {**fields, "region_id": world.region_a.pk}
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        services.institution_create(
            actor=users["ministry_admin"], code="C-NEW", name_ru="Новый", **fields
        )
    assert_refused(error, field)
    assert row_counts() == before


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("role", ["analyst", "enterprise_hr", "guidance_organiser"])
def test_export_is_refused_to_roles_that_see_no_people(world, users, role):
    with pytest.raises(PermissionDenied):
        services.student_export_start(actor=users[role], filters={}, language="ru")
