"""Every write to the registry: atomic, validated with full_clean, audited.

Who may write: a ministry administrator anything; a college or university administrator
the programs, students and educators of their own institution.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.common.audit import audit_record, changed_fields, snapshot
from qadam.common.models import AuditEntry, Job
from qadam.common.services import export_start
from qadam.registry.identifiers import IdentifierError, parse_iin
from qadam.registry.models import Enterprise, Institution, Program, Student

STUDENT_EDITABLE = {
    "iin",
    "last_name",
    "first_name",
    "middle_name",
    "year_of_study",
    "funding",
    "status",
    "enrolled_on",
    "expected_graduation_on",
    "grade_average",
    # relations by object (forms) or by id (API)
    "region",
    "region_id",
    "institution",
    "institution_id",
    "program",
    "program_id",
}
PROGRAM_EDITABLE = {"language", "form", "duration_months", "capacity", "state_funded_seats"}


def _require_ministry(actor: User) -> None:
    if not user_scope(user=actor).all_people:
        raise PermissionDenied("Only a ministry administrator may do this.")


def _require_institution(actor: User, institution_id: int | None) -> None:
    scope = user_scope(user=actor)
    if scope.all_people:
        return
    if institution_id is None or institution_id not in scope.institution_ids:
        raise PermissionDenied("You may change only your own institution's records.")


def _derive_from_iin(student: Student) -> None:
    """Birth date and sex come from the IIN; a bad IIN is an error on the IIN field."""
    try:
        person = parse_iin(student.iin)
    except IdentifierError as error:
        raise ValidationError({"iin": [str(error)]}) from None
    student.birth_date = person.birth_date
    student.sex = person.sex


def _refuse_unknown(fields: dict[str, Any], allowed: set[str], message: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: [message] for name in sorted(unknown)})


def _create_audited(actor: User, instance: Any, summary: str) -> None:
    """full_clean, save, and audit every field of a new record."""
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=instance,
        changes=changed_fields({}, snapshot(instance)),
        summary=summary,
    )


def _update_audited(
    actor: User,
    instance: Any,
    changes: dict[str, Any],
    prepare: Callable[[Any], None] = lambda instance: None,
) -> None:
    """Apply `changes`, re-check scope, full_clean, save, and audit what really changed."""
    before = snapshot(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    _require_institution(actor, instance.institution_id)  # a move must stay in scope
    prepare(instance)
    instance.full_clean()
    instance.save()
    diff = changed_fields(before, snapshot(instance))
    if diff:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=instance,
            changes=diff,
            summary=str(instance),
        )


@transaction.atomic
def student_create(*, actor: User, **fields: Any) -> Student:
    """Register a student; birth date and sex are read from the IIN."""
    _refuse_unknown(fields, STUDENT_EDITABLE, "Unknown field.")
    student = Student(**fields)
    _require_institution(actor, student.institution_id)
    _derive_from_iin(student)
    _create_audited(actor, student, student.full_name)
    return student


@transaction.atomic
def student_update(*, actor: User, student: Student, **changes: Any) -> Student:
    """Change a student's record; the audit entry keeps every old and new value."""
    _refuse_unknown(changes, STUDENT_EDITABLE, "This field cannot be changed.")
    _require_institution(actor, student.institution_id)
    _update_audited(actor, student, changes, prepare=_derive_from_iin)
    return student


@transaction.atomic
def program_create(*, actor: User, **fields: Any) -> Program:
    program = Program(**fields)
    _require_institution(actor, program.institution_id)
    _create_audited(actor, program, f"program of specialty {program.specialty_id}")
    return program


@transaction.atomic
def program_update(*, actor: User, program: Program, **changes: Any) -> Program:
    _refuse_unknown(changes, PROGRAM_EDITABLE, "This field cannot be changed.")
    _require_institution(actor, program.institution_id)
    _update_audited(actor, program, changes)
    return program


@transaction.atomic
def enterprise_create(
    *, actor: User, name: str, bin: str, sector: str, size: str, region_id: int
) -> Enterprise:
    _require_ministry(actor)
    enterprise = Enterprise(name=name, bin=bin, sector=sector, size=size, region_id=region_id)
    _create_audited(actor, enterprise, name)
    return enterprise


@transaction.atomic
def institution_create(*, actor: User, **fields: Any) -> Institution:
    _require_ministry(actor)
    institution = Institution(**fields)
    _create_audited(actor, institution, institution.name)
    return institution


def student_export_start(*, actor: User, filters: Mapping[str, Any], language: str) -> Job:
    """Queue an XLSX export of the students `actor` may see with the list's `filters`;
    returns the job to follow. The list `registry.students` of qadam.common.exports."""
    return export_start(actor=actor, name="registry.students", params=filters, language=language)
