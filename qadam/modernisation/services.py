"""Every write to the modernisation, through the audited save (qadam.common.audit): each
service is atomic, asks the policies, judges the record with rules.py and audits it.

A line an equipment obligation funds is delivered on the obligation too
(agreements.services.delivery_record, for the line's cost): the patron's progress and the
project's are the same tenge, written once each side and never summed together.
"""

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.agreements.models import Agreement, Obligation
from qadam.agreements.services import delivery_record
from qadam.common.audit import audited_create, audited_update, row_of
from qadam.common.rules import FieldErrors, merge
from qadam.common.uploads import evidence_content
from qadam.modernisation import policies, rules
from qadam.modernisation.choices import InvestmentStatus, ProjectStatus
from qadam.modernisation.models import EquipmentLine, Facility, Investment, Milestone, Project
from qadam.registry.models import Enterprise, Institution


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --------------------------------------------------------------------------- projects


@transaction.atomic
def project_create(
    *,
    actor: User,
    college: Institution,
    starts_on: date,
    ends_on: date,
    status: str = ProjectStatus.PLANNED,
) -> Project:
    """A college enters the programme (the ministry decides)."""
    _require(policies.may_record_investment(actor), _("Only the ministry starts a project."))
    project = Project(college=college, starts_on=starts_on, ends_on=ends_on, status=status)

    def check(record: Project, changed: set[str]) -> FieldErrors:
        return rules.project_errors(row_of(record), college_kind=college.kind)

    return audited_create(actor=actor, instance=project, check=check)


@transaction.atomic
def facility_add(
    *, actor: User, project: Project, kind: str, name: str, name_kk: str = "", name_en: str = ""
) -> Facility:
    _require(policies.may_plan_project(actor, project), _("You may not plan this project."))
    facility = Facility(
        project=project,
        kind=kind,
        name=(name or "").strip(),
        name_kk=(name_kk or "").strip(),
        name_en=(name_en or "").strip(),
    )
    return audited_create(actor=actor, instance=facility, summary=str(project))


# --------------------------------------------------------------------------- lines


def _obligation_facts(obligation_id: int, line_id: int | None) -> tuple[dict[str, Any], Decimal]:
    """The locked obligation as the rules read it (with its promisers' enterprises), and
    what the other lines it funds cost."""
    obligation = Obligation.objects.select_for_update().get(pk=obligation_id)
    parties = obligation.agreement.parties.filter(enterprise_id__isnull=False)
    if obligation.party_id is not None:
        parties = parties.filter(pk=obligation.party_id)
    facts = {
        **row_of(obligation),
        "enterprise_ids": set(parties.values_list("enterprise_id", flat=True)),
    }
    others = EquipmentLine.objects.filter(obligation_id=obligation_id)
    if line_id is not None:
        others = others.exclude(pk=line_id)
    return facts, others.aggregate(total=Sum("cost"))["total"] or Decimal(0)


def _funder(obligation: Obligation | None, investment: Investment | None) -> Enterprise | None:
    """Who pays for a line drawn on an obligation (its promiser) or an investment."""
    if investment is not None:
        return investment.investor
    if obligation is None:
        return None
    parties = obligation.agreement.parties.filter(enterprise_id__isnull=False)
    if obligation.party_id is not None:
        parties = parties.filter(pk=obligation.party_id)
    party = parties.select_related("enterprise").order_by("id").first()
    return party.enterprise if party is not None else None


def _line_check(project: Project) -> Any:
    def check(line: EquipmentLine, changed: set[str]) -> FieldErrors:
        row = {**row_of(line), "college_id": project.college_id}
        obligation, others = (None, Decimal(0))
        if line.obligation_id:
            obligation, others = _obligation_facts(line.obligation_id, line.pk)
        investment = row_of(line.investment) if line.investment_id and line.investment else None
        return rules.line_errors(
            row, obligation=obligation, funded_by_others=others, investment=investment
        )

    return check


@transaction.atomic
def line_add(
    *,
    actor: User,
    project: Project,
    item: str,
    quantity: int,
    unit_cost: Decimal,
    source: str,
    facility: Facility | None = None,
    investor: Enterprise | None = None,
    obligation: Obligation | None = None,
    investment: Investment | None = None,
    item_kk: str = "",
    item_en: str = "",
) -> EquipmentLine:
    """A line of equipment the project buys, and who pays; its cost = quantity x unit
    cost. A patron's line may draw on the patron's equipment obligation for this college
    (at most what the obligation has left), a PPP investor's on its investment here; the
    one that pays is then the obligation's promiser or the investor, unless named."""
    _require(policies.may_plan_project(actor, project), _("You may not plan this project."))
    investor = investor or _funder(obligation, investment)
    if facility is not None and facility.project_id != project.pk:
        raise ValidationError({"facility": [_("The workshop belongs to another project.")]})
    line = EquipmentLine(
        project=project,
        facility=facility,
        item=(item or "").strip(),
        item_kk=(item_kk or "").strip(),
        item_en=(item_en or "").strip(),
        quantity=quantity,
        unit_cost=unit_cost,
        cost=cast(Decimal, rules.line_cost(quantity, unit_cost)),  # None: the check says
        source=source,
        investor=investor,
        obligation=obligation,
        investment=investment,
    )
    return audited_create(actor=actor, instance=line, check=_line_check(project))


def _evidence(upload: UploadedFile | None, stem: str, found: FieldErrors) -> Any:
    content, errors = evidence_content(upload, stem=stem)
    return content, merge(found, errors)


@transaction.atomic
def line_deliver(
    *,
    actor: User,
    line: EquipmentLine,
    delivered_on: date,
    evidence: str = "",
    evidence_file: UploadedFile | None = None,
) -> EquipmentLine:
    """The line has arrived. When an obligation funds it, the delivery is recorded on the
    obligation as well (the line's cost, the obligation's rules: in force, within target),
    and the evidence file is kept there; otherwise on the line (PDF, JPEG or PNG, 10 MB)."""
    _require(policies.may_deliver_line(actor, line), _("You may not deliver this line."))
    locked = EquipmentLine.objects.select_for_update().get(pk=line.pk)
    today = timezone.localdate()
    found = rules.delivery_errors(
        {"delivered_on": delivered_on}, today=today, already_delivered=bool(locked.delivered_on)
    )
    if found:
        raise ValidationError(found)
    changes: dict[str, Any] = {"delivered_on": delivered_on, "evidence": (evidence or "").strip()}
    if locked.obligation is not None:
        delivery = delivery_record(
            actor=actor,
            obligation=locked.obligation,
            quantity=locked.cost,
            delivered_on=delivered_on,
            description=locked.item[:255],
            evidence=changes["evidence"],
            evidence_file=evidence_file,
        )
        changes["delivery"] = delivery
    else:
        content, errors = _evidence(evidence_file, f"line-{locked.pk}", {})
        if errors:
            raise ValidationError(errors)
        if content is not None:
            locked.evidence_file.save(content.name or "evidence", content, save=False)
            changes["evidence_file"] = locked.evidence_file.name
    updated = audited_update(actor=actor, instance=locked, changes=changes)
    line.delivered_on, line.delivery_id = updated.delivered_on, updated.delivery_id
    return updated


# --------------------------------------------------------------------------- milestones


@transaction.atomic
def milestone_add(
    *,
    actor: User,
    project: Project,
    title: str,
    due_on: date,
    title_kk: str = "",
    title_en: str = "",
) -> Milestone:
    _require(policies.may_plan_project(actor, project), _("You may not plan this project."))
    milestone = Milestone(
        project=project,
        title=(title or "").strip(),
        title_kk=(title_kk or "").strip(),
        title_en=(title_en or "").strip(),
        due_on=due_on,
    )
    return audited_create(actor=actor, instance=milestone, summary=str(project))


@transaction.atomic
def milestone_complete(
    *,
    actor: User,
    milestone: Milestone,
    done_on: date,
    evidence: str = "",
    evidence_file: UploadedFile | None = None,
) -> Milestone:
    """The milestone is done, with its evidence (the delivery upload rules)."""
    project = milestone.project
    _require(policies.may_plan_project(actor, project), _("You may not report on this project."))
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    found = rules.milestone_errors({"done_on": done_on}, today=timezone.localdate())
    if locked.done_on is not None:
        found = merge(found, {"done_on": [_("This milestone is already done.")]})
    content, errors = _evidence(evidence_file, f"milestone-{locked.pk}", found)
    if errors:
        raise ValidationError(errors)
    changes: dict[str, Any] = {
        "done_on": done_on,
        "evidence": (evidence or "").strip(),
        "recorded_by": actor,
    }
    if content is not None:
        locked.evidence_file.save(content.name or "evidence", content, save=False)
        changes["evidence_file"] = locked.evidence_file.name
    updated = audited_update(actor=actor, instance=locked, changes=changes)
    milestone.done_on = updated.done_on
    return updated


# --------------------------------------------------------------------------- investments


@transaction.atomic
def investment_create(
    *,
    actor: User,
    investor: Enterprise,
    institution: Institution,
    amount: Decimal,
    purpose: str,
    year: int,
    status: str = InvestmentStatus.PLEDGED,
    agreement: Agreement | None = None,
) -> Investment:
    """A PPP investment in a college's or university's material base, under a
    public-private investment agreement when there is one (the ministry records it)."""
    _require(policies.may_record_investment(actor), _("Only the ministry records investments."))
    investment = Investment(
        investor=investor,
        institution=institution,
        agreement=agreement,
        amount=amount,
        purpose=(purpose or "").strip(),
        year=year,
        status=status,
    )

    def check(record: Investment, changed: set[str]) -> FieldErrors:
        return rules.investment_errors(
            row_of(record),
            institution_kind=institution.kind,
            agreement_kind=agreement.kind if agreement else None,
        )

    return audited_create(actor=actor, instance=investment, check=check)


__all__ = [
    "facility_add",
    "investment_create",
    "line_add",
    "line_deliver",
    "milestone_add",
    "milestone_complete",
    "project_create",
]
