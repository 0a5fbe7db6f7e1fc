"""Every write to the registry: atomic, validated with full_clean, audited.

Who may write: a ministry administrator anything; a college or university administrator
the programs, students and educators of their own institution.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.common.audit import audit_record, changed_fields, snapshot
from qadam.common.models import AuditEntry, Job
from qadam.common.services import job_create, job_enqueue
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


def _save_validated(instance: Any) -> None:
    instance.full_clean()
    instance.save()


@transaction.atomic
def student_create(*, actor: User, **fields: Any) -> Student:
    """Register a student; birth date and sex are read from the IIN."""
    unknown = set(fields) - STUDENT_EDITABLE
    if unknown:
        raise ValidationError({name: ["Unknown field."] for name in sorted(unknown)})
    student = Student(**fields)
    _require_institution(actor, student.institution_id)
    _derive_from_iin(student)
    _save_validated(student)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=student,
        changes=changed_fields({}, snapshot(student)),
        summary=student.full_name,
    )
    return student


@transaction.atomic
def student_update(*, actor: User, student: Student, **changes: Any) -> Student:
    """Change a student's record; the audit entry keeps every old and new value."""
    unknown = set(changes) - STUDENT_EDITABLE
    if unknown:
        raise ValidationError({name: ["This field cannot be changed."] for name in sorted(unknown)})
    _require_institution(actor, student.institution_id)
    before = snapshot(student)
    for name, value in changes.items():
        setattr(student, name, value)
    _require_institution(actor, student.institution_id)
    _derive_from_iin(student)
    _save_validated(student)
    diff = changed_fields(before, snapshot(student))
    if diff:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=student,
            changes=diff,
            summary=student.full_name,
        )
    return student


@transaction.atomic
def program_create(*, actor: User, **fields: Any) -> Program:
    program = Program(**fields)
    _require_institution(actor, program.institution_id)
    _save_validated(program)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=program,
        changes=changed_fields({}, snapshot(program)),
        summary=str(program.specialty),
    )
    return program


@transaction.atomic
def program_update(*, actor: User, program: Program, **changes: Any) -> Program:
    unknown = set(changes) - PROGRAM_EDITABLE
    if unknown:
        raise ValidationError({name: ["This field cannot be changed."] for name in sorted(unknown)})
    _require_institution(actor, program.institution_id)
    before = snapshot(program)
    for name, value in changes.items():
        setattr(program, name, value)
    _save_validated(program)
    diff = changed_fields(before, snapshot(program))
    if diff:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=program, changes=diff)
    return program


@transaction.atomic
def enterprise_create(
    *, actor: User, name: str, bin: str, sector: str, size: str, region_id: int
) -> Enterprise:
    _require_ministry(actor)
    enterprise = Enterprise(name=name, bin=bin, sector=sector, size=size, region_id=region_id)
    _save_validated(enterprise)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=enterprise,
        changes=changed_fields({}, snapshot(enterprise)),
        summary=name,
    )
    return enterprise


@transaction.atomic
def institution_create(*, actor: User, **fields: Any) -> Institution:
    _require_ministry(actor)
    institution = Institution(**fields)
    _save_validated(institution)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=institution,
        changes=changed_fields({}, snapshot(institution)),
        summary=institution.name,
    )
    return institution


def student_export_start(*, actor: User, filters: dict[str, Any], language: str) -> Job:
    """Queue an XLSX export of the students `actor` may see; returns the job to follow."""
    if not user_scope(user=actor).sees_people:
        raise PermissionDenied("Your role sees counts of people only.")
    from qadam.registry.tasks import export_students  # the task module imports selectors

    with transaction.atomic():
        job = job_create(
            owner=actor,
            kind="student_export",
            title=str(_("Student export")),
            parameters={"filters": filters},
        )
        return job_enqueue(
            job=job, task=export_students, user_id=actor.pk, filters=filters, language=language
        )
