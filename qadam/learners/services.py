"""Writes of the learner's record, through the audited save. Employment evidence comes in
bulk from the pension-extract import (qadam.imports, kind "pension"), which applies the
same rules (`employment_facts`) and audits every record the same way (ADR 0002)."""

from collections.abc import Mapping, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qadam.accounts.models import User
from qadam.common.audit import audited_create
from qadam.common.rules import FieldErrors
from qadam.learners import policies, rules
from qadam.learners.models import EmploymentRecord
from qadam.placements.models import TrainingContract
from qadam.registry.models import Enterprise, Student

CHUNK = 1000  # ids in one IN (...)


def contract_rows(student_ids: list[int]) -> dict[int, list[dict[str, object]]]:
    """The students' contracts as the rules read them (with their enterprise's BIN)."""
    rows: dict[int, list[dict[str, object]]] = {}
    found = TrainingContract.objects.values(
        "id", "student_id", "status", "signed_on", "enterprise__bin"
    )
    wanted = set(student_ids)
    if len(wanted) <= CHUNK:
        found = found.filter(student_id__in=wanted)
    # else every contract, picked here: a few thousand rows beat an IN of a million ids
    for row in found.order_by("student_id", "signed_on", "id"):
        if row["student_id"] not in wanted:
            continue
        rows.setdefault(int(row["student_id"]), []).append(
            {
                "id": row["id"],
                "status": row["status"],
                "signed_on": row["signed_on"],
                "enterprise_bin": row["enterprise__bin"],
            }
        )
    return rows


def employment_facts(
    month: date,
    employer_bin: str,
    student: Mapping[str, object],
    contracts: Sequence[Mapping[str, object]],
) -> tuple[bool, int | None]:
    """(after the training, the contract it is employment under): the one judgement the
    service and the import make of a contribution month."""
    after = not rules.employment_errors(rules.month_end(month), student)
    for contract in contracts:
        if rules.under_contract(month, employer_bin, student, contract):
            return after, int(str(contract["id"]))
    return after, None


@transaction.atomic
def employment_record_create(
    *, actor: User, student: Student, employer_bin: str, month: date, source_file: str = ""
) -> EmploymentRecord:
    """One month of pension contributions for a student, judged by the rules."""
    policies.require_employment_recorder(actor)
    month = rules.month_start(month)
    errors: FieldErrors = rules.month_errors(month, today=timezone.localdate())
    if errors:
        raise ValidationError(errors)
    row = {"status": student.status, "expected_graduation_on": student.expected_graduation_on}
    after, contract_id = employment_facts(
        month, employer_bin, row, contract_rows([student.pk]).get(student.pk, [])
    )
    record = EmploymentRecord(
        iin=student.iin,
        employer_bin=employer_bin,
        month=month,
        student=student,
        employer=Enterprise.objects.filter(bin=employer_bin).first(),
        after_training=after,
        contract_id=contract_id,
        source_file=source_file,
        imported_by=actor,
    )
    return audited_create(actor=actor, instance=record)
