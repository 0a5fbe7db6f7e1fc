"""The pension contributions extract: students' rows become employment evidence on their
timeline (with the file and row), other people's are left out, a bad file writes nothing."""

from datetime import date, timedelta

from django.utils import timezone

from qadam.common.models import AuditEntry
from qadam.imports.kinds import KINDS, Context
from qadam.imports.pipeline import Status
from qadam.imports.policies import may_import
from qadam.imports.tests.conftest import errors_of, new_bin, new_iin, run
from qadam.learners.models import EmploymentRecord
from qadam.placements import services as placement_services
from qadam.placements.models import Placement
from qadam.registry import services as registry_services

HEADER = ["IIN", "Employer BIN", "Month"]


def test_students_rows_become_employment_evidence_on_their_timeline(
    world, users, write, client_for
):
    a, b = world.students_a[0], world.students_b[0]
    path = write(
        HEADER,
        [
            [a.iin, world.enterprise.bin, "2026-03"],
            [new_iin(1), world.enterprise.bin, "2026-03"],  # not a student: left out
            [b.iin, new_bin(1), "04.2026"],
        ],
        name="extract-2026.csv",
    )
    outcome = run("pension", path, Context(actor=users["ministry_admin"]))
    assert (outcome.status, outcome.rows, outcome.new) == (Status.COMMITTED, 3, 2)
    records = {r.student_id: r for r in EmploymentRecord.objects.all()}
    assert set(records) == {a.pk, b.pk}
    first = records[a.pk]
    assert (first.month, first.employer_id, first.source_file, first.imported_by_id) == (
        date(2026, 3, 1),
        world.enterprise.pk,
        "extract-2026.csv",
        users["ministry_admin"].pk,
    )
    assert records[b.pk].employer_id is None  # an employer the registry does not know
    # still studying: work during the training, not employment under a contract
    assert (first.after_training, first.contract_id) == (False, None)
    entry = AuditEntry.objects.get(model="learners.EmploymentRecord", object_id=str(first.pk))
    assert entry.changes["source"] == {"file": "extract-2026.csv", "row": 2}
    events = client_for(users["student"]).get(f"/api/v1/learners/{a.pk}/journey").json()["events"]
    [employment] = [e for e in events if e["stage"] == "employment"]
    assert employment["source"]["file"] == "extract-2026.csv"
    assert employment["source"]["row"] == 2
    assert employment["facts"]["month"] == "2026-03"
    again = run("pension", path, Context(actor=users["ministry_admin"]))
    assert (again.status, again.new, again.unchanged) == (Status.COMMITTED, 0, 2)


def test_a_malformed_extract_is_refused_whole_naming_each_row_and_column(world, write):
    a = world.students_a[0]
    next_month = timezone.localdate().replace(day=28) + timedelta(days=4)
    path = write(
        HEADER,
        [
            [a.iin, world.enterprise.bin, "2026-03"],
            ["123456789012", world.enterprise.bin, "2026-03"],
            [a.iin, "12345", "2026-03"],
            [a.iin, world.enterprise.bin, "March"],
            [a.iin, world.enterprise.bin, "1990-01"],
            [a.iin, world.enterprise.bin, next_month.strftime("%Y-%m")],
        ],
    )
    outcome = run("pension", path)
    assert outcome.status == Status.INVALID
    errors = errors_of(outcome)
    assert set(errors) == {
        (3, "IIN"),
        (4, "Employer BIN"),
        (5, "Month"),
        (6, "Month"),
        (7, "Month"),
    }
    assert errors[(5, "Month")] == "a month as YYYY-MM or MM.YYYY"
    assert errors[(6, "Month")].startswith("The month must be between 1998-01 and")
    assert EmploymentRecord.objects.count() == 0
    missing = run("pension", write(["IIN", "Month"], [[a.iin, "2026-03"]]))
    assert missing.status == Status.MALFORMED
    assert any("Employer BIN" in message for message in missing.messages)


def test_the_same_row_twice_is_refused(world, write):
    a = world.students_a[0]
    row = [a.iin, world.enterprise.bin, "2026-03"]
    outcome = run("pension", write(HEADER, [row, row]))
    assert outcome.status == Status.INVALID
    assert set(errors_of(outcome)) == {(2, "Month"), (3, "Month")}


def test_only_the_ministry_imports_the_extract(world, users):
    kind = KINDS["pension"]
    assert may_import(users["ministry_admin"], kind)
    for role in ("college_admin_a", "analyst", "student", "enterprise_hr"):
        assert not may_import(users[role], kind)


def test_a_graduates_month_at_the_contracts_employer_is_employment_under_it(
    world, users, write, published, pipe_hr
):
    student = world.students_a[0]
    placement = Placement.objects.get(round=published.round, student=student)
    contract = placement_services.placement_accept(actor=pipe_hr, placement=placement).contract
    this_month = timezone.localdate().strftime("%Y-%m")
    rows = [[student.iin, contract.enterprise.bin, this_month]]
    # still studying: the one rule (placements.rules.employment_errors) says not yet
    run("pension", write(HEADER, rows, name="before.csv"))
    record = EmploymentRecord.objects.get()
    assert (record.after_training, record.contract_id) == (False, None)
    registry_services.student_update(
        actor=users["ministry_admin"],
        student=student,
        status="graduated",
        enrolled_on=date(2022, 9, 1),
        expected_graduation_on=date(2025, 6, 30),
    )
    outcome = run("pension", write(HEADER, rows, name="after.csv"))
    assert (outcome.status, outcome.updated) == (Status.COMMITTED, 1)
    record.refresh_from_db()
    assert (record.after_training, record.contract_id) == (True, contract.pk)
