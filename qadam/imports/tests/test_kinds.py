"""Institutions, enterprises, programs, agreements and obligations: each kind's happy path,
re-import idempotence and its own rules."""

import pytest
from django.utils import translation

from qadam.agreements.models import Agreement, Obligation, Party
from qadam.common.models import AuditEntry
from qadam.imports.kinds import Context
from qadam.imports.pipeline import Status
from qadam.imports.policies import importable_kinds
from qadam.imports.tests.conftest import (
    AGREEMENT_HEADER,
    OBLIGATION_HEADER,
    STUDENT_COLUMNS,
    agreement_rows,
    errors_of,
    new_bin,
    run,
    student_row,
)
from qadam.registry.models import Enterprise, Institution, Program

pytestmark = pytest.mark.django_db


def stamps(model):
    return sorted(model.objects.values_list("pk", "updated_at"))


def committed_twice(kind, path, model, count):
    """The import writes `count` new rows, and the same file again changes nothing."""
    first = run(kind, path)
    assert first.status == Status.COMMITTED, first.errors or first.messages
    assert first.new == count
    state = stamps(model)
    again = run(kind, path)
    assert (again.status, again.new, again.updated, again.unchanged) == (
        Status.COMMITTED,
        0,
        0,
        count,
    )
    assert stamps(model) == state


# --- institutions --------------------------------------------------------------------------

INSTITUTION_HEADER = ["code", "kind", "name_ru", "bin", "region_kato", "country", "parent_code"]


def test_institutions_with_a_branch_whose_parent_is_in_the_same_file(world, write):
    rows = [
        ["BR-1", "foreign_branch", "Филиал", "", world.region_b.kato, "", "UNI-1"],
        ["UNI-1", "university", "Университет", new_bin(1), world.region_a.kato, "KZ", ""],
        ["TPU", "foreign_partner", "Томский политехнический", "", "", "RU", ""],
    ]
    path = write(INSTITUTION_HEADER, rows, "institutions.xlsx")
    committed_twice("institutions", path, Institution, 3)
    branch = Institution.objects.get(code="BR-1")
    assert branch.parent == Institution.objects.get(code="UNI-1")
    assert Institution.objects.get(code="TPU").region is None
    assert Institution.objects.get(code="UNI-1").languages == "kk,ru"


def test_institution_rules(world, write):
    rows = [
        ["BR-2", "foreign_branch", "Филиал", "", world.region_b.kato, "", ""],
        ["C-2", "college", "Колледж", "", "", "KZ", ""],
        ["FP", "foreign_partner", "Партнёр", "", world.region_a.kato, "KZ", ""],
        ["C-3", "college", "Колледж", "", world.region_a.kato, "", "C-3"],
        ["C-4", "college", "Колледж", "", world.region_a.kato, "", "NOPE"],
        ["C-5", "college", "Колледж", world.college_a.bin, world.region_a.kato, "", ""],
    ]
    outcome = run("institutions", write(INSTITUTION_HEADER, rows))
    errors = errors_of(outcome)
    # the registry's own messages (registry.rules.institution_errors), as a form shows them
    assert errors[(2, "parent_code")] == "A branch needs its parent university."
    assert errors[(3, "region_kato")] == "An institution in Kazakhstan needs a region."
    assert errors[(4, "country")] == "A foreign partner must be outside Kazakhstan."
    assert errors[(5, "parent_code")] == "an institution cannot be its own parent"
    assert errors[(6, "parent_code")] == "no institution has the code NOPE"
    # rules that need the registry's records are checked on rows without other errors
    assert errors[(7, "bin")] == f"already the BIN of institution {world.college_a.code}"
    assert not Institution.objects.filter(code__in=["C-2", "C-3", "C-4", "C-5"]).exists()


def test_an_institution_admin_may_not_import_institutions(world, users):

    assert [kind.name for kind in importable_kinds(users["college_admin_a"])] == [
        "programs",
        "students",
        "educators",
        "upskilling",
    ]
    assert len(importable_kinds(users["ministry_admin"])) == 9  # the pension extract too
    for role in ("analyst", "enterprise_hr", "student", "guidance_organiser"):
        assert importable_kinds(users[role]) == []


# --- enterprises ---------------------------------------------------------------------------

ENTERPRISE_HEADER = ["БСН", "Атауы", "Сала", "Көлемі", "Өңір (ӘАОЖ)"]


def test_enterprises(world, write):
    kato = world.region_a.kato
    rows = [[new_bin(n), f"ТОО «Жаңа {n}»", "energy", "small", kato] for n in range(3)]
    committed_twice("enterprises", write(ENTERPRISE_HEADER, rows), Enterprise, 3)
    rows[0][3] = "large"
    outcome = run("enterprises", write(ENTERPRISE_HEADER, rows))
    assert (outcome.updated, outcome.unchanged) == (1, 2)
    assert Enterprise.objects.get(bin=new_bin(0)).size == "large"


def test_enterprise_errors(world, write):
    bad = new_bin(0)[:11] + str((int(new_bin(0)[11]) + 1) % 10)
    rows = [[bad, "ТОО", "space", "small", world.region_a.kato]]
    errors = errors_of(run("enterprises", write(ENTERPRISE_HEADER, rows)))
    assert errors[(2, "БСН")].startswith("BIN check digit should be")
    assert errors[(2, "Сала")].startswith("unknown value")


# --- programs ------------------------------------------------------------------------------

PROGRAM_HEADER = [
    "institution_code",
    "specialty_code",
    "language",
    "form",
    "duration_months",
    "capacity",
    "state_funded_seats",
]


SIZE = [34, 60, 20]  # months, capacity, state-funded seats


def test_programs_new_and_updated(world, write):
    existing = world.programs_a[0]
    specialty = world.programs_b[0].specialty.code
    rows = [
        [world.college_a.code, specialty, "ru", "dual", 34, 25, 10],
        [world.college_a.code, existing.specialty.code, existing.language, existing.form, *SIZE],
    ]
    path = write(PROGRAM_HEADER, rows)
    outcome = run("programs", path)
    assert (outcome.new, outcome.updated) == (1, 1)
    existing.refresh_from_db()
    assert existing.capacity == 60
    state = stamps(Program)
    assert run("programs", path).unchanged == 2
    assert stamps(Program) == state


def test_program_rules_and_scope(world, users, write):
    rows = [
        [world.college_a.code, "NOPE", "ru", "dual", 34, 25, 0],
        [world.college_a.code, world.programs_b[0].specialty.code, "ru", "dual", 34, 10, 11],
        [world.college_b.code, world.programs_b[0].specialty.code, "ru", "dual", 34, 10, 0],
    ]
    admin = users["college_admin_a"]
    context = Context(actor=admin, institution_ids=frozenset({world.college_a.pk}))
    errors = errors_of(run("programs", write(PROGRAM_HEADER, rows), context))
    assert errors == {
        (2, "specialty_code"): "no specialty has the code NOPE",
        (3, "state_funded_seats"): "State-funded seats cannot exceed the capacity (10).",
        (4, "institution_code"): "you may import only your own institution's records",
    }


# --- agreements and obligations ------------------------------------------------------------


def test_agreements_with_their_parties(world, users, write):
    path = write(AGREEMENT_HEADER, agreement_rows(world), "agreements.xlsx")
    committed_twice("agreements", path, Agreement, 2)
    patronage = Agreement.objects.get(number="П-2026/1")
    parties = sorted(patronage.parties.values_list("kind", "role"))
    assert parties == [
        ("enterprise", "patron"),
        ("institution", "beneficiary"),
        ("ministry", "funder"),
    ]
    assert Agreement.objects.get(number="М-2026/2").status == "draft"
    assert Party.objects.filter(agreement__number="М-2026/2").count() == 2


def test_agreement_parties_are_replaced_only_where_the_file_has_the_column(world, write):
    run("agreements", write(AGREEMENT_HEADER, agreement_rows(world)))
    rows = [row[:7] for row in agreement_rows(world)]
    rows[0][6] = f"{world.college_b.code}|beneficiary"
    outcome = run("agreements", write(AGREEMENT_HEADER[:7], rows))
    assert (outcome.updated, outcome.unchanged) == (1, 1)
    patronage = Agreement.objects.get(number="П-2026/1")
    institutions = list(patronage.parties.filter(institution__isnull=False))
    assert [party.institution for party in institutions] == [world.college_b]
    assert patronage.parties.filter(enterprise=world.enterprise).exists()  # column left out
    assert AuditEntry.objects.filter(action="update", model="agreements.Agreement").count() == 1


def test_agreement_rules(world, write):
    run("agreements", write(AGREEMENT_HEADER, agreement_rows(world)))
    Agreement.objects.filter(number="П-2026/1").update(status="expired")
    rows = agreement_rows(world)
    rows[0][3] = "active"
    rows[1][4:6] = ["2026-05-01", "2026-01-01"]
    rows.append(["Н-3", "patronage", "Новое", "", "", "", "NOPE|boss", "123", "Минпрос"])
    rows.append(["Н-4", "patronage", "Без сторон", "", "", "", "", "", ""])
    errors = errors_of(run("agreements", write(AGREEMENT_HEADER, rows)))
    assert errors[(2, "status")] == "An expired agreement cannot become active."
    assert errors[(3, "ends_on")] == "An agreement cannot end before it starts."
    assert errors[(4, "party_institutions")] == (
        "party 1 (NOPE|boss): no institution has the code NOPE"
    )
    assert "must be exactly 12 digits" in errors[(4, "party_enterprises")]
    assert errors[(4, "party_others")].startswith("party 1 (Минпрос): write name|kind")
    assert errors[(5, "party_institutions")] == "An agreement needs at least one party."


def test_obligations(world, write):
    run("agreements", write(AGREEMENT_HEADER, agreement_rows(world)))
    college, bin_ = world.college_a.code, world.enterprise.bin
    rows = [
        ["П-2026/1", "internship_places", college, "2026-09-01", 20, bin_, ""],
        ["П-2026/1", "equipment", college, "2026-12-01", "15 000 000", "", "Станки"],
        ["М-2026/2", "mentors", "", "2027-01-15", 3, world.college_b.code, ""],
    ]
    path = write(OBLIGATION_HEADER, rows)
    committed_twice("obligations", path, Obligation, 3)
    places = Obligation.objects.get(kind="internship_places")
    assert places.party.enterprise == world.enterprise
    assert places.beneficiary == world.college_a
    rows[1][4] = "16000000"
    outcome = run("obligations", write(OBLIGATION_HEADER, rows))
    assert (outcome.updated, outcome.unchanged) == (1, 2)
    assert str(Obligation.objects.get(kind="equipment").target) == "16000000.00"


def test_obligation_errors(world, write):
    run("agreements", write(AGREEMENT_HEADER, agreement_rows(world)))
    rows = [
        ["NOPE", "mentors", "", "2026-01-01", 1, "", ""],
        ["П-2026/1", "mentors", "", "2026-01-01", 0, world.college_b.code, ""],
        ["М-2026/2", "jobs", "", "2026-01-01", 5, "", ""],
        ["М-2026/2", "jobs", "", "2026-01-01", 7, "", ""],
    ]
    errors = errors_of(run("obligations", write(OBLIGATION_HEADER, rows)))
    assert errors[(2, "agreement_number")] == "no agreement has the number NOPE"
    assert errors[(3, "target")] == "Must be from 1 to 1000000."
    assert (
        errors[(3, "promised_by")] == "The party that promises must be a party to this agreement."
    )
    assert errors[(4, "kind")] == "the same record is also on rows 5"
    assert not Obligation.objects.exists()


def test_obligations_that_repeat_in_the_register_are_not_guessed(world, write):
    run("agreements", write(AGREEMENT_HEADER, agreement_rows(world)))
    agreement = Agreement.objects.get(number="М-2026/2")
    for _ in range(2):
        Obligation.objects.create(agreement=agreement, kind="jobs", target=5, due_on="2026-01-01")
    rows = [["М-2026/2", "jobs", "", "01.01.2026", 6, "", ""]]
    errors = errors_of(run("obligations", write(OBLIGATION_HEADER, rows)))
    assert errors[(2, "kind")].startswith("several obligations of this agreement")


def test_columns_left_out_keep_an_institutions_values(world, write):
    branch = world.branch
    rows = [[branch.code, "foreign_branch", "Новое имя филиала"]]
    outcome = run("institutions", write(["code", "kind", "name_ru"], rows))
    assert (outcome.status, outcome.updated) == (Status.COMMITTED, 1), outcome.errors
    branch.refresh_from_db()
    assert (branch.name_ru, branch.parent, branch.region) == (
        "Новое имя филиала",
        world.university,
        world.region_b,
    )
    with translation.override("ru"):
        new = run(
            "institutions", write(["code", "kind", "name_ru"], [["BR-9", "foreign_branch", "Ф"]])
        )
    assert {(row, column) for row, column, _v, _m in new.errors} == {
        (2, "Регион (КАТО)"),  # columns the file lacks are named in the active language
        (2, "Код головного вуза"),
    }


def test_a_rule_reads_the_registrys_value_of_a_column_the_file_leaves_out(world, write):
    """Without the seats column an update keeps the seats, which must fit the new capacity;
    without the enrolment column a new graduation date must follow the registry's."""
    program = world.programs_a[1]  # 30 seats, 10 of them state-funded
    header = PROGRAM_HEADER[:6]
    row = [world.college_a.code, program.specialty.code, program.language, program.form, 34, 8]
    errors = errors_of(run("programs", write(header, [row])))
    assert errors == {
        (2, "State-funded first-year seats"): ("State-funded seats cannot exceed the capacity (8).")
    }
    row[5] = 12
    assert run("programs", write(header, [row])).status == Status.COMMITTED

    student = world.students_a[0]  # enrolled 2025-09-01
    columns = [c for c in STUDENT_COLUMNS if c != "enrolled_on"]
    values = dict(zip(STUDENT_COLUMNS, student_row(world, 0, iin=student.iin), strict=True))
    values["expected_graduation_on"] = "2025-06-30"
    outcome = run("students", write(columns, [[values[c] for c in columns]]))
    assert errors_of(outcome) == {
        (2, "expected_graduation_on"): (
            "Expected graduation must come after enrolment (2025-09-01)."
        )
    }
