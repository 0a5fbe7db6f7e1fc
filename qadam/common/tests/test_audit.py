"""The audit log: snapshots, the difference of two snapshots, and the entry itself."""

import pytest
from django.contrib.auth.models import AnonymousUser

from qadam.common.audit import HIDDEN, audit_record, audited_update, changed_fields, snapshot
from qadam.common.models import AuditEntry
from qadam.common.selectors import audit_history
from qadam.registry.tests.factories import ProgramFactory, StudentFactory, UserFactory


def test_snapshot_holds_json_ready_values(db):
    student = StudentFactory()
    values = snapshot(student)
    assert values["iin"] == student.iin
    assert values["birth_date"] == student.birth_date.isoformat()
    assert values["institution_id"] == student.institution_id
    assert "institution" not in values  # foreign keys by id
    assert "updated_at" not in values  # bookkeeping changes on every save; not audited
    assert isinstance(snapshot(student, ["created_at"])["created_at"], str)


def test_snapshot_of_chosen_fields(db):
    program = ProgramFactory(capacity=30)
    assert snapshot(program, ["capacity", "institution"]) == {
        "capacity": 30,
        "institution": program.institution_id,
    }


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({}, {"a": 1}, {"a": [None, 1]}),
        ({"a": 1, "b": 2}, {"a": 1, "b": 3}, {"b": [2, 3]}),
        ({"a": 1}, {"a": 1}, {}),
        ({"a": None}, {"a": ""}, {"a": [None, ""]}),
        ({"d": "2025-09-01"}, {"d": "2025-09-02"}, {"d": ["2025-09-01", "2025-09-02"]}),
    ],
)
def test_changed_fields(before, after, expected):
    assert changed_fields(before, after) == expected


def test_audit_record_writes_who_what_and_the_changes(db):
    actor = UserFactory.ministry_admin()
    program = ProgramFactory()
    entry = audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=program,
        changes={"capacity": [25, 30]},
        summary="x" * 300,
    )
    entry.refresh_from_db()
    assert entry.actor == actor
    assert (entry.action, entry.model, entry.object_id) == (
        "update",
        "registry.Program",
        str(program.pk),
    )
    assert entry.changes == {"capacity": [25, 30]}
    assert len(entry.summary) == 255


def test_audit_record_without_a_signed_in_actor_keeps_no_actor(db):
    entry = audit_record(actor=AnonymousUser(), action="create", instance=ProgramFactory())
    assert entry.actor is None
    assert entry.changes == {}


def test_audit_changes_survive_the_database_round_trip(db):
    """Values from snapshot() go into a JSON column and come back equal."""
    student = StudentFactory()
    values = snapshot(student)
    entry = audit_record(
        actor=None, action="create", instance=student, changes=changed_fields({}, values)
    )
    entry.refresh_from_db()
    assert entry.changes == {key: [None, value] for key, value in values.items()}


def test_audit_history_is_the_latest_changes_of_one_record(db):
    program, other = ProgramFactory(), ProgramFactory()
    first = audit_record(actor=None, action="create", instance=program)
    audit_record(actor=None, action="create", instance=other)
    second = audit_record(actor=None, action="update", instance=program)
    assert audit_history(user=None, instance=program) == [second, first]
    assert audit_history(user=None, instance=program, limit=1) == [second]


def test_deleting_the_actor_keeps_the_entry(db):
    actor = UserFactory.analyst()
    entry = audit_record(actor=actor, action="create", instance=ProgramFactory())
    actor.delete()
    entry.refresh_from_db()
    assert entry.actor is None


def test_a_password_hash_never_reaches_the_log_only_that_it_changed(db):
    user = UserFactory.analyst(username="aigerim")
    old = user.password
    user.set_password("a-new-long-password")
    audited_update(actor=None, instance=user, changes={"password": user.password})

    [entry] = AuditEntry.objects.filter(model="accounts.User")
    assert entry.changes == {"password": [HIDDEN, HIDDEN]}
    assert old not in str(entry.changes) and user.password not in str(entry.changes)
