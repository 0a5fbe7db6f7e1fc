"""The one audited save: validate, save only what changed, audit from the locked row."""

import pytest
from django.core.exceptions import ValidationError

from qadam.common.audit import audited_create, audited_delete, audited_update, snapshot
from qadam.common.models import AuditEntry
from qadam.registry.models import Program, Student
from qadam.registry.tests.factories import ProgramFactory, StudentFactory, UserFactory


def entries(instance):
    return list(
        AuditEntry.objects.filter(model=instance._meta.label, object_id=str(instance.pk))
        .order_by("id")
        .values("action", "changes", "actor_username", "actor_role")
    )


def test_an_update_writes_only_the_changed_fields_and_audits_them(db):
    actor = UserFactory.ministry_admin(username="ivanova")
    student = StudentFactory.create(first_name="Айгерим", middle_name="")
    stale = Student.objects.get(pk=student.pk)
    Student.objects.filter(pk=student.pk).update(middle_name="Сериковна")  # someone else

    saved = audited_update(actor=actor, instance=stale, changes={"first_name": "Айгуль"})

    student.refresh_from_db()
    assert (student.first_name, student.middle_name) == ("Айгуль", "Сериковна")
    assert saved.middle_name == stale.middle_name == "Сериковна"  # the caller is up to date
    [entry] = entries(student)
    assert entry == {
        "action": "update",
        "changes": {"first_name": ["Айгерим", "Айгуль"]},
        "actor_username": "ivanova",
        "actor_role": "ministry_admin",
    }


def test_an_update_that_changes_nothing_writes_nothing(db):
    student = StudentFactory.create()
    updated_at = student.updated_at
    audited_update(actor=None, instance=student, changes={"last_name": student.last_name})
    student.refresh_from_db()
    assert student.updated_at == updated_at
    assert entries(student) == []


def test_a_field_changed_meanwhile_is_refused_not_overwritten(db):
    student = StudentFactory.create(last_name="Абаев")
    Student.objects.filter(pk=student.pk).update(last_name="Абаева")
    with pytest.raises(ValidationError) as raised:
        audited_update(
            actor=None,
            instance=student,
            changes={"last_name": "Абай"},
            seen={"last_name": "Абаев"},
        )
    assert "Абаева" in raised.value.message_dict["last_name"][0]
    student.refresh_from_db()
    assert student.last_name == "Абаева"
    assert entries(student) == []


def test_the_rules_errors_and_full_clean_come_together_and_nothing_is_saved(db):
    program = ProgramFactory.create(capacity=30, state_funded_seats=10)

    def rules(record, changed):
        return {"capacity": ["rule says no"]} if "capacity" in changed else {}

    with pytest.raises(ValidationError) as raised:
        audited_update(
            actor=None,
            instance=program,
            changes={"capacity": 40, "language": "xx"},
            check=rules,
        )
    assert raised.value.message_dict["capacity"] == ["rule says no"]
    assert "language" in raised.value.message_dict
    program.refresh_from_db()
    assert program.capacity == 30


def test_create_and_delete_keep_every_field(db):
    actor = UserFactory.ministry_admin()
    program = ProgramFactory.build(
        institution=ProgramFactory.create().institution, specialty=ProgramFactory.create().specialty
    )
    audited_create(actor=actor, instance=program)
    values = snapshot(program)
    audited_delete(actor=actor, instance=program)
    assert not Program.objects.filter(pk=program.pk).exists()
    created, deleted = entries(program)
    assert created["changes"] == {name: [None, value] for name, value in values.items()}
    assert deleted["changes"] == {name: [value, None] for name, value in values.items()}


def test_an_anonymous_or_missing_actor_is_recorded_as_nobody(db):
    student = StudentFactory.create()
    audited_update(actor=None, instance=student, changes={"first_name": "Асан"})
    [entry] = entries(student)
    assert entry["actor_username"] == "" and entry["actor_role"] == ""
