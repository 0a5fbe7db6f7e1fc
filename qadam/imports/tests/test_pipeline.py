"""All or nothing: a failure part-way through the write leaves the registry as it was."""

import pytest
from django.db import IntegrityError

from qadam.agreements.models import Agreement, Party
from qadam.common.models import AuditEntry
from qadam.imports.kinds.agreements import Agreements
from qadam.imports.pipeline import Status
from qadam.imports.tests.conftest import STUDENT_COLUMNS, run, student_row
from qadam.registry.models import Student

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failure_after_the_inserts_rolls_every_row_back(world, write, monkeypatch):
    def fail(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Agreements, "after_write", fail)
    header = ["number", "kind", "title", "party_institutions"]
    rows = [[f"N-{n}", "memorandum", "Меморандум", world.college_a.code] for n in range(3)]
    outcome = run("agreements", write(header, rows))
    assert outcome.status == Status.CONFLICT
    assert "nothing was written" in outcome.messages[0]
    assert not Agreement.objects.exists()
    assert not Party.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_key_taken_during_the_write_is_a_conflict(world, write, monkeypatch):
    from qadam.imports import writer

    original = writer._insert

    def insert_then_collide(kind, plan, context, now):
        original(kind, plan, context, now)
        original(kind, plan, context, now)  # the same IINs again: as if someone raced us

    monkeypatch.setattr(writer, "_insert", insert_then_collide)
    before = Student.objects.count()
    outcome = run("students", write(STUDENT_COLUMNS, [student_row(world, n) for n in range(2)]))
    assert outcome.status == Status.CONFLICT
    assert Student.objects.count() == before
