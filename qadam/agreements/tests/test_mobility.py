"""Mobility services: validation naming the field, who may write, audited changes and
returns (the selectors are tested in test_selectors_mobility.py).

The `partnerships` fixture (see conftest.py): `outgoing`, a university student in Russia
on a host scholarship, 2025-09-01 to 2029-06-30; `incoming`, an educator from the Russian
university hosted by college A, 2026-02-01 to 2026-06-30 (program funding).
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qadam.agreements import services
from qadam.agreements.models import Mobility
from qadam.common.models import AuditEntry
from qadam.registry.tests.factories import InstitutionFactory, iin_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)
VALID_IIN = iin_for(date(1995, 1, 1), "M", 12)
BAD_IIN = VALID_IIN[:11] + str((int(VALID_IIN[11]) + 1) % 10)


def outgoing_fields(world, **changes):
    """A college A student to Kazakhstan's neighbour, valid as it stands."""
    fields = {
        "person_kind": "student",
        "direction": "outgoing",
        "full_name": "Абаев Нурлан",
        "home_institution": world.college_a,
        "host_country": "CN",
        "starts_on": date(2026, 9, 1),
        "ends_on": date(2027, 6, 30),
        "funding": "state_scholarship",
        "scholarship": True,
    }
    return {**fields, **changes}


def errors_of(raised):
    return raised.value.message_dict


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"iin": BAD_IIN}, "iin", "check digit"),
        ({"iin": "12345"}, "iin", "12 digits"),
        ({"ends_on": date(2026, 8, 31)}, "ends_on", "end after it starts"),
        ({"ends_on": date(2026, 9, 1)}, "ends_on", "end after it starts"),
        ({"host_country": "KZ"}, "host_country", "differ from the home country"),
        ({"host_country": "kz"}, "host_country", "differ from the home country"),
        ({"host_country": "R1"}, "host_country", "two-letter ISO code"),
        ({"home_country": "RU"}, "home_country", "home country is KZ"),
        ({"person_kind": "teacher"}, "person_kind", "not a valid choice"),
        ({"full_name": "  "}, "full_name", "cannot be blank"),
    ],
)
def test_a_broken_rule_is_an_error_on_its_field(world, users, changes, field, words):
    with pytest.raises(ValidationError) as raised:
        services.mobility_create(actor=users["ministry_admin"], **outgoing_fields(world, **changes))
    assert words in " ".join(errors_of(raised)[field])
    assert not Mobility.objects.exists()


def test_a_valid_iin_is_accepted_and_an_empty_one_is_allowed(world, users):
    actor = users["ministry_admin"]
    with_iin = services.mobility_create(actor=actor, **outgoing_fields(world, iin=VALID_IIN))
    without = services.mobility_create(actor=actor, **outgoing_fields(world, iin=""))
    assert (with_iin.iin, without.iin) == (VALID_IIN, "")


def test_incoming_mobility_comes_to_kazakhstan(world, users, partnerships):
    fields = outgoing_fields(
        world,
        direction="incoming",
        home_institution=partnerships.russian_university,
        home_country="RU",
        host_country="CN",
    )
    with pytest.raises(ValidationError) as raised:
        services.mobility_create(actor=users["ministry_admin"], **fields)
    assert "host country is KZ" in errors_of(raised)["host_country"][0]


def test_an_institution_must_be_in_its_country(world, users, partnerships):
    fields = outgoing_fields(world, host_institution=partnerships.russian_university)
    with pytest.raises(ValidationError) as raised:
        services.mobility_create(actor=users["ministry_admin"], **fields)
    assert errors_of(raised)["host_institution"] == ["This institution is in RU, not in CN."]


def test_a_linked_student_belongs_to_the_home_institution(world, users):
    fields = outgoing_fields(world, student=world.students_b[0])
    with pytest.raises(ValidationError) as raised:
        services.mobility_create(actor=users["ministry_admin"], **fields)
    assert errors_of(raised)["student"] == ["This person is not of the home institution."]
    good = services.mobility_create(
        actor=users["ministry_admin"], **outgoing_fields(world, student=world.students_a[0])
    )
    assert good.student == world.students_a[0]


def test_a_linked_person_matches_the_kind_and_the_iin(world, users):
    actor = users["ministry_admin"]
    with pytest.raises(ValidationError) as raised:
        services.mobility_create(
            actor=actor, **outgoing_fields(world, educator=world.educators_a[0])
        )
    assert errors_of(raised)["educator"] == ["An educator is linked only to an educator's record."]
    fields = outgoing_fields(world, student=world.students_a[0], iin=VALID_IIN)
    with pytest.raises(ValidationError) as raised:
        services.mobility_create(actor=actor, **fields)
    assert errors_of(raised)["iin"] == ["The IIN differs from the linked registry person's."]


def test_relations_by_unknown_id_are_field_errors(world, users):
    fields = outgoing_fields(world)
    del fields["home_institution"]
    with pytest.raises(ValidationError) as raised:
        services.mobility_create(
            actor=users["ministry_admin"], home_institution_id=10**9, student_id=10**9, **fields
        )
    assert {"home_institution", "student"} <= set(errors_of(raised))


def test_unknown_fields_and_returned_on_are_refused(world, users):
    for extra in ({"colour": "red"}, {"returned_on": date(2026, 1, 1)}):
        with pytest.raises(ValidationError) as raised:
            services.mobility_create(
                actor=users["ministry_admin"], **outgoing_fields(world, **extra)
            )
        assert errors_of(raised)[next(iter(extra))] == ["Unknown field."]


# --------------------------------------------------------------------------- who may write


@pytest.mark.parametrize("role", ["analyst", "enterprise_hr", "student", "guidance_organiser"])
def test_roles_without_records_may_not_write(world, users, partnerships, role):
    actor = users[role]
    with pytest.raises(PermissionDenied):
        services.mobility_create(actor=actor, **outgoing_fields(world))
    with pytest.raises(PermissionDenied):
        services.mobility_update(actor=actor, mobility=partnerships.outgoing, program="x")
    with pytest.raises(PermissionDenied):
        services.mobility_record_return(
            actor=actor, mobility=partnerships.outgoing, returned_on=TODAY, today=TODAY
        )
    assert not AuditEntry.objects.exists()


def test_an_institution_writes_only_what_it_sends_or_hosts(world, users, partnerships):
    college_b = users["college_admin_b"]
    with pytest.raises(PermissionDenied):
        services.mobility_update(actor=college_b, mobility=partnerships.incoming, program="x")
    with pytest.raises(ValidationError) as raised:
        services.mobility_create(actor=college_b, **outgoing_fields(world))
    assert "sending or the host institution" in errors_of(raised)["home_institution"][0]
    created = services.mobility_create(
        actor=users["college_admin_a"], **outgoing_fields(world, student=world.students_a[0])
    )
    assert created.home_institution == world.college_a
    # and may not hand the record over to another institution
    with pytest.raises(ValidationError) as raised:
        services.mobility_update(
            actor=users["college_admin_a"], mobility=created, home_institution=world.college_b,
            student=None,
        )  # fmt: skip
    assert "sending or the host institution" in errors_of(raised)["home_institution"][0]


def test_an_agreement_is_linked_only_when_the_actor_sees_it(world, users, partnerships):
    fields = outgoing_fields(world, agreement=partnerships.memorandum)  # college B's
    with pytest.raises(ValidationError) as raised:
        services.mobility_create(actor=users["college_admin_a"], **fields)
    assert errors_of(raised)["agreement"] == [f"No agreement {partnerships.memorandum.pk}."]
    linked = services.mobility_create(actor=users["ministry_admin"], **fields)
    assert linked.agreement == partnerships.memorandum


# --------------------------------------------------------------------------- audit


def test_create_and_update_are_audited_with_old_and_new_values(world, users):
    actor = users["college_admin_a"]
    mobility = services.mobility_create(actor=actor, **outgoing_fields(world))
    created = AuditEntry.objects.get(action="create", object_id=str(mobility.pk))
    assert created.model == "agreements.Mobility"
    assert created.changes["host_country"] == [None, "CN"]
    assert created.actor == actor
    services.mobility_update(actor=actor, mobility=mobility, ends_on=date(2027, 12, 31))
    updated = AuditEntry.objects.get(action="update", object_id=str(mobility.pk))
    assert updated.changes == {"ends_on": ["2027-06-30", "2027-12-31"]}
    services.mobility_update(actor=actor, mobility=mobility, ends_on=date(2027, 12, 31))
    assert AuditEntry.objects.filter(action="update").count() == 1  # no change, no entry


def test_a_failed_update_changes_nothing(world, users, partnerships):
    mobility = partnerships.outgoing
    with pytest.raises(ValidationError):
        services.mobility_update(
            actor=users["ministry_admin"], mobility=mobility, ends_on=date(2020, 1, 1)
        )
    mobility.refresh_from_db()
    assert mobility.ends_on == date(2029, 6, 30)
    assert not AuditEntry.objects.exists()


# --------------------------------------------------------------------------- returns


def test_a_return_is_recorded_and_audited(users, partnerships):
    actor = users["university_admin"]
    returned = services.mobility_record_return(
        actor=actor, mobility=partnerships.outgoing, returned_on=date(2026, 7, 1), today=TODAY
    )
    assert returned.returned_on == date(2026, 7, 1)
    entry = AuditEntry.objects.get(object_id=str(returned.pk))
    assert entry.changes == {"returned_on": [None, "2026-07-01"]}
    # recording it again corrects the date
    services.mobility_record_return(
        actor=actor, mobility=partnerships.outgoing, returned_on=TODAY, today=TODAY
    )
    partnerships.outgoing.refresh_from_db()
    assert partnerships.outgoing.returned_on == TODAY


@pytest.mark.parametrize(
    ("returned_on", "words"),
    [(date(2025, 8, 31), "before the start, 2025-09-01"), (TODAY + timedelta(days=1), "future")],
)
def test_a_return_is_not_before_the_start_nor_in_the_future(
    users, partnerships, returned_on, words
):
    with pytest.raises(ValidationError) as raised:
        services.mobility_record_return(
            actor=users["ministry_admin"],
            mobility=partnerships.outgoing,
            returned_on=returned_on,
            today=TODAY,
        )
    assert words in errors_of(raised)["returned_on"][0]
    partnerships.outgoing.refresh_from_db()
    assert partnerships.outgoing.returned_on is None


def test_the_start_cannot_move_after_a_recorded_return(users, partnerships):
    actor = users["ministry_admin"]
    services.mobility_record_return(
        actor=actor, mobility=partnerships.outgoing, returned_on=date(2026, 1, 10), today=TODAY
    )
    with pytest.raises(ValidationError) as raised:
        services.mobility_update(
            actor=actor, mobility=partnerships.outgoing, starts_on=date(2026, 2, 1)
        )
    assert "2026-01-10" in errors_of(raised)["starts_on"][0]


def test_a_new_foreign_institution_can_host(world, users):
    polish = InstitutionFactory.create(kind="foreign_partner", country="PL", region=None)
    mobility = services.mobility_create(
        actor=users["college_admin_a"],
        **outgoing_fields(world, host_institution=polish, host_country="pl"),
    )
    assert (mobility.host_country, mobility.host_institution) == ("PL", polish)
