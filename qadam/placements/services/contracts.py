"""Targeted-training contracts: made when an enterprise accepts a targeted trainee, then
training -> employed -> completed, or terminated on the way."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qadam.accounts.models import User
from qadam.common.audit import Check, audited_create, audited_update, row_of
from qadam.common.rules import FieldErrors
from qadam.placements import policies, rules
from qadam.placements.models import Offer, Placement, TrainingContract
from qadam.registry.choices import StudentStatus
from qadam.registry.models import Student
from qadam.registry.services import student_status_follow_contract


def _contract_check(student: Student | None = None) -> Check[TrainingContract]:
    """The contract's rules; `student` (their record) when employment is being recorded."""

    def check(contract: TrainingContract, changed: set[str]) -> FieldErrors:
        return rules.contract_errors(
            row_of(contract), student=row_of(student) if student is not None else None
        )

    return check


def _named(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The errors keyed by the argument that carried each field (`on`, `reason`), so a form
    shows them beside its inputs and the API names what the client sent."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )


def contract_create(*, actor: User, placement: Placement, offer: Offer) -> TrainingContract:
    """The contract of an accepted targeted-training placement, signed today on the offer's
    terms; call inside the acceptance's transaction."""
    student = placement.student
    contract = TrainingContract(
        placement=placement,
        student=student,
        enterprise_id=offer.enterprise_id,
        institution_id=student.institution_id,
        position=offer.position,
        salary_min=offer.salary_min or 0,
        salary_max=offer.salary_max or 0,
        work_years=offer.work_years or 1,
        signed_on=timezone.localdate(),
    )
    return audited_create(actor=actor, instance=contract, check=_contract_check())


@transaction.atomic
def contract_advance(
    *, actor: User, contract: TrainingContract, status: str, on: date, reason: str = ""
) -> TrainingContract:
    """Training -> employed -> completed, or terminated (with a reason) on the way, on the
    date `on`. Employment is recorded only after the training ends (see
    rules.employment_errors)."""
    policies.require_enterprise_staff(actor, contract.enterprise_id)
    locked = TrainingContract.objects.select_for_update().get(pk=contract.pk)
    refused = rules.contract_step_errors(locked.status, status)
    if refused:
        raise ValidationError(refused)
    date_field = rules.CONTRACT_STEPS[locked.status][status]
    changes: dict[str, object] = {"status": status, date_field: on}
    if status == TrainingContract.Status.TERMINATED:
        changes["termination_reason"] = reason.strip()
    employing = status == TrainingContract.Status.EMPLOYED
    student = Student.objects.get(pk=locked.student_id) if employing else None
    try:
        saved = audited_update(
            actor=actor, instance=contract, changes=changes, check=_contract_check(student)
        )
    except ValidationError as error:
        raise _named(error, {date_field: "on", "termination_reason": "reason"}) from None
    _student_follows(actor, saved, previous=locked.status)
    return saved


def _student_follows(actor: User, contract: TrainingContract, *, previous: str) -> None:
    """The student's registry status agrees with the contract: employed under it, a
    graduate in employment; its employment ended early, a graduate again."""
    Status = TrainingContract.Status
    student = Student.objects.get(pk=contract.student_id)
    if contract.status == Status.EMPLOYED and student.status == StudentStatus.GRADUATED:
        student_status_follow_contract(actor=actor, student=student, status=StudentStatus.EMPLOYED)
    ended = contract.status == Status.TERMINATED and previous == Status.EMPLOYED
    if ended and student.status == StudentStatus.EMPLOYED:
        student_status_follow_contract(actor=actor, student=student, status=StudentStatus.GRADUATED)
