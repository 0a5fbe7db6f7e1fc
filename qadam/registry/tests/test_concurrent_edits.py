"""Two people save one student (or program) at the same moment, each changing another field:
both changes survive, and the audit says exactly what the database holds."""

import pytest

from qadam.common.models import AuditEntry
from qadam.common.tests.concurrency import postgres_only, race
from qadam.registry import services
from qadam.registry.models import Program, Student
from qadam.registry.tests.factories import ProgramFactory, StudentFactory, UserFactory

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]
ROUNDS = 15


def audited_values(instance, field):
    """The value of `field` as the audit log tells it: the last entry that changed it."""
    entries = AuditEntry.objects.filter(
        model=instance._meta.label, object_id=str(instance.pk), changes__has_key=field
    ).order_by("-id")
    return entries[0].changes[field][1] if entries else None


def editor(model, pk, service, actor, **change):
    def read():
        return model.objects.get(pk=pk)

    def write(record):
        service(actor=actor, **{model._meta.model_name: record}, **change)

    return read, write


def test_concurrent_edits_of_different_fields_of_a_student_both_survive():
    actor = UserFactory.ministry_admin()
    for attempt in range(ROUNDS):
        student = StudentFactory(first_name="Асан", middle_name="")
        failures = race(
            editor(
                Student, student.pk, services.student_update, actor, first_name=f"Ерлан{attempt}"
            ),
            editor(
                Student, student.pk, services.student_update, actor, middle_name=f"Ұлы{attempt}"
            ),
        )
        assert failures == []
        student.refresh_from_db()
        assert (student.first_name, student.middle_name) == (f"Ерлан{attempt}", f"Ұлы{attempt}")
        assert audited_values(student, "first_name") == student.first_name
        assert audited_values(student, "middle_name") == student.middle_name


def test_concurrent_edits_of_different_fields_of_a_program_both_survive():
    actor = UserFactory.ministry_admin()
    for attempt in range(ROUNDS):
        program = ProgramFactory(capacity=50, state_funded_seats=10, duration_months=34)
        failures = race(
            editor(Program, program.pk, services.program_update, actor, capacity=60 + attempt),
            editor(Program, program.pk, services.program_update, actor, duration_months=46),
        )
        assert failures == []
        program.refresh_from_db()
        assert (program.capacity, program.duration_months) == (60 + attempt, 46)
        assert audited_values(program, "capacity") == program.capacity
        assert audited_values(program, "duration_months") == 46
