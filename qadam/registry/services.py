"""Every write to the registry: atomic, validated with full_clean, audited.

Who may write: a ministry administrator anything; a college or university administrator
the programs, students and educators of their own institution.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit import Check, audit_record, audited_create, audited_update, row_of
from qadam.common.models import AuditEntry, Job
from qadam.common.rules import FieldErrors, merge
from qadam.common.services import export_start
from qadam.registry import policies, rules
from qadam.registry.models import Educator, Enterprise, Institution, Program, Specialty, Student

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
    "rural",
    "disability",
    # relations by object (forms) or by id (API)
    "region",
    "region_id",
    "institution",
    "institution_id",
    "program",
    "program_id",
}
EDUCATOR_EDITABLE = {
    "iin",
    "last_name",
    "first_name",
    "middle_name",
    "position",
    "category",
    "subjects",
    "education",
    "years_in_industry",
    "languages",
    "is_foreign_manager",
    "institution",
    "institution_id",
}
PROGRAM_EDITABLE = {"language", "form", "duration_months", "capacity", "state_funded_seats"}


def _refuse_unknown(fields: Mapping[str, Any], allowed: set[str], message: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: [message] for name in sorted(unknown)})


def _derive_from_iin(student: Student | Educator) -> None:
    """Birth date and sex come from the IIN (a bad IIN is reported by the rules' check)."""
    derived, _errors = rules.iin_derived(student.iin)
    for name, value in derived.items():
        setattr(student, name, value)


def _student_check(actor: User) -> Check[Student]:
    def check(student: Student, changed: set[str]) -> FieldErrors:
        # a move must stay in scope
        policies.require_institution_records(actor, student.institution_id)
        program_institution = (
            Program.objects.filter(pk=student.program_id)
            .values_list("institution_id", flat=True)
            .first()
            if student.program_id
            else None
        )
        return merge(
            rules.iin_derived(student.iin)[1],
            rules.student_errors(row_of(student), program_institution_id=program_institution),
        )

    return check


def _program_check(actor: User) -> Check[Program]:
    def check(program: Program, changed: set[str]) -> FieldErrors:
        policies.require_institution_records(actor, program.institution_id)
        return rules.program_errors(row_of(program))

    return check


def _refuse_iin_elsewhere(actor: User, student: Student, iin: object) -> None:
    taken = (
        Student.objects.filter(iin=iin)
        .exclude(pk=student.pk)
        .values_list("pk", "institution_id")
        .first()
    )
    if taken is None:
        return
    errors = rules.iin_elsewhere_errors(
        taken[1],
        lambda institution_id: policies.may_edit_institution_records(actor, institution_id),
    )
    if errors:
        student_iin_conflicts_report(actor=actor, conflicts=[(taken[0], student.institution_id)])
        raise ValidationError(errors)


@transaction.atomic
def student_iin_conflicts_report(
    *,
    actor: User | None,
    conflicts: Iterable[tuple[int, int | None]],
    model: type[Student] | type[Educator] = Student,
) -> None:
    """Tell the ministry (an entry in its audit log on the registered student) that `actor`
    tried to register that student's IIN at another institution; once per student and
    institution. Not the actor's to see: the entry is on a record outside their scope."""
    for student_id, institution_id in conflicts:
        summary = f"IIN also claimed for institution {institution_id}"
        already = AuditEntry.objects.filter(
            action=AuditEntry.Action.FLAG,
            model=model._meta.label,
            object_id=str(student_id),
            summary=summary,
        ).exists()
        if not already:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.FLAG,
                instance=model(pk=student_id),
                changes={"institution": [None, institution_id]},
                summary=summary,
            )


def student_create(*, actor: User, **fields: Any) -> Student:
    """Register a student; birth date and sex are read from the IIN. An IIN registered at an
    institution outside the actor's is refused neutrally and reported to the ministry."""
    _refuse_unknown(fields, STUDENT_EDITABLE, "Unknown field.")
    student = Student(**fields)
    policies.require_institution_records(actor, student.institution_id)
    _refuse_iin_elsewhere(actor, student, student.iin)
    _derive_from_iin(student)
    return audited_create(
        actor=actor, instance=student, check=_student_check(actor), summary=student.full_name
    )


def student_update(
    *, actor: User, student: Student, seen: Mapping[str, Any] | None = None, **changes: Any
) -> Student:
    """Change a student's record; the audit entry keeps every old and new value. `seen`:
    the values the editor saw, so a field someone changed meanwhile is not overwritten."""
    _refuse_unknown(changes, STUDENT_EDITABLE, "This field cannot be changed.")
    policies.require_institution_records(actor, student.institution_id)
    if "iin" in changes:
        _refuse_iin_elsewhere(actor, student, changes["iin"])
    return audited_update(
        actor=actor,
        instance=student,
        changes=changes,
        derive=_derive_from_iin,
        check=_student_check(actor),
        seen=seen,
    )


@transaction.atomic
def student_status_follow_contract(*, actor: User, student: Student, status: str) -> Student:
    """The student's status as their targeted-training contract makes it: a graduate employed
    under it is a graduate in employment, and again a graduate when that employment ends.
    Called by the contract's service, which has checked that `actor` may change the
    contract (an enterprise's HR may not edit a college's records otherwise)."""

    def check(record: Student, changed: set[str]) -> FieldErrors:
        return rules.student_errors(row_of(record))

    return audited_update(
        actor=actor,
        instance=student,
        changes={"status": status},
        check=check,
        summary=_("%(student)s: status from the training contract")
        % {"student": student.full_name},
    )


@transaction.atomic
def program_create(*, actor: User, **fields: Any) -> Program:
    program = Program(**fields)
    policies.require_institution_records(actor, program.institution_id)
    return audited_create(
        actor=actor,
        instance=program,
        check=_program_check(actor),
        summary=_("program of specialty %(specialty)s") % {"specialty": program.specialty},
    )


@transaction.atomic
def program_update(
    *, actor: User, program: Program, seen: Mapping[str, Any] | None = None, **changes: Any
) -> Program:
    _refuse_unknown(changes, PROGRAM_EDITABLE, "This field cannot be changed.")
    policies.require_institution_records(actor, program.institution_id)
    return audited_update(
        actor=actor, instance=program, changes=changes, check=_program_check(actor), seen=seen
    )


@transaction.atomic
def enterprise_create(
    *, actor: User, name: str, bin: str, sector: str, size: str, region_id: int
) -> Enterprise:
    policies.require_registrar(actor)
    enterprise = Enterprise(name=name, bin=bin, sector=sector, size=size, region_id=region_id)
    return audited_create(actor=actor, instance=enterprise, summary=name)


@transaction.atomic
def institution_create(*, actor: User, **fields: Any) -> Institution:
    policies.require_registrar(actor)
    institution = Institution(**fields)
    return audited_create(actor=actor, instance=institution, summary=institution.name)


def student_export_start(*, actor: User, filters: Mapping[str, Any], language: str) -> Job:
    """Queue an XLSX export of the students `actor` may see with the list's `filters`;
    returns the job to follow. The list `registry.students` of qadam.common.exports."""
    return export_start(actor=actor, name="registry.students", params=filters, language=language)


# --------------------------------------------------------------------------- educators


def _educator_check(actor: User) -> Check[Educator]:
    def check(educator: Educator, changed: set[str]) -> FieldErrors:
        policies.require_institution_records(actor, educator.institution_id)  # a move too
        return merge(rules.iin_derived(educator.iin)[1], rules.educator_errors(row_of(educator)))

    return check


def _refuse_educator_iin_elsewhere(actor: User, educator: Educator, iin: object) -> None:
    """An IIN registered at an institution outside the actor's: the students' neutral
    message (the import gives it too), and the ministry is told (an audit flag)."""
    found = (
        Educator.objects.filter(iin=iin)
        .exclude(pk=educator.pk)
        .values_list("pk", "institution_id")
        .first()
    )
    if found is None:
        return
    errors = rules.iin_elsewhere_errors(
        found[1], lambda pk: policies.may_edit_institution_records(actor, pk)
    )
    if errors:
        student_iin_conflicts_report(
            actor=actor, conflicts=[(found[0], educator.institution_id)], model=Educator
        )
        raise ValidationError(errors)


def _specialty_ids(specialties: Iterable[Specialty | int] | None) -> list[int] | None:
    """The specialties taught as sorted ids; an id of no specialty is refused."""
    if specialties is None:
        return None
    ids = sorted({s.pk if isinstance(s, Specialty) else int(s) for s in specialties})
    known = set(Specialty.objects.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = [pk for pk in ids if pk not in known]
    if unknown:
        message = _("No specialty has the id %(ids)s.") % {"ids": ", ".join(map(str, unknown))}
        raise ValidationError({"specialties": [message]})
    return ids


def educator_create(
    *, actor: User, specialties: Iterable[Specialty | int] = (), **fields: Any
) -> Educator:
    """Register an educator at the actor's institution (the ministry: anywhere); birth date
    and sex are read from the IIN; the specialties taught are audited with the record. An
    IIN registered elsewhere is refused neutrally (and flagged to the ministry, outside the
    write's transaction so the flag stays)."""
    _refuse_unknown(fields, EDUCATOR_EDITABLE, "Unknown field.")
    educator = Educator(**fields)
    policies.require_institution_records(actor, educator.institution_id)
    _refuse_educator_iin_elsewhere(actor, educator, educator.iin)
    return _educator_insert(actor, educator, _specialty_ids(specialties) or [])


@transaction.atomic
def _educator_insert(actor: User, educator: Educator, chosen: list[int]) -> Educator:
    _derive_from_iin(educator)
    educator = audited_create(
        actor=actor,
        instance=educator,
        check=_educator_check(actor),
        summary=educator.full_name,
        also={"specialties": chosen},
    )
    educator.specialties.set(chosen)
    return educator


def educator_update(
    *,
    actor: User,
    educator: Educator,
    seen: Mapping[str, Any] | None = None,
    specialties: Iterable[Specialty | int] | None = None,
    **changes: Any,
) -> Educator:
    """Change an educator's record (`specialties`: the full new set, or None to keep it);
    the audit entry keeps every old and new value."""
    _refuse_unknown(changes, EDUCATOR_EDITABLE, "This field cannot be changed.")
    policies.require_institution_records(actor, educator.institution_id)
    if "iin" in changes:
        _refuse_educator_iin_elsewhere(actor, educator, changes["iin"])
    return _educator_change(actor, educator, seen, _specialty_ids(specialties), changes)


@transaction.atomic
def _educator_change(
    actor: User,
    educator: Educator,
    seen: Mapping[str, Any] | None,
    chosen: list[int] | None,
    changes: Mapping[str, Any],
) -> Educator:
    also: dict[str, list[Any]] = {}
    if chosen is not None:
        before = sorted(educator.specialties.values_list("pk", flat=True))
        also = {"specialties": [before, chosen]}
    updated = audited_update(
        actor=actor,
        instance=educator,
        changes=changes,
        derive=_derive_from_iin,
        check=_educator_check(actor),
        seen=seen,
        also=also,
    )
    if chosen is not None:
        updated.specialties.set(chosen)
    return updated
