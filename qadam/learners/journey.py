"""A student's timeline, built from each app's records of them: diagnostics (guidance),
enrolment and graduation (registry), placement rounds and targeted-training contracts
(placements), employment evidence (this app), mobility abroad (agreements), joint KZ–RU
programme cohorts (joint).

Every event names where it came from: the record (`source.record`, `source.id`) and, where
an import made it, the file and row. The caller has already been allowed to read the student
(selectors.journey_student_get): these reads are not scoped again.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from qadam.agreements.selectors_mobility import student_mobility
from qadam.common.localized import localized
from qadam.common.selectors import import_sources
from qadam.guidance.models import DiagnosticSession
from qadam.guidance.selectors import student_sessions
from qadam.joint.selectors import region_label, student_cohorts
from qadam.learners.models import EmploymentRecord
from qadam.placements.explain_text import explanation_sentence
from qadam.placements.models import TrainingContract
from qadam.placements.selectors import (
    RoundOutcome,
    placement_explanations,
    student_contracts,
    student_round_history,
)
from qadam.registry.choices import StudentStatus
from qadam.registry.models import Student

STAGES = (
    "diagnostic",
    "enrolment",
    "placement",
    "contract",
    "employment",
    "graduation",
    "mobility",
    "programme",
)
_ORDER = {stage: position for position, stage in enumerate(STAGES)}


@dataclass(frozen=True)
class Source:
    record: str  # the model's label, e.g. "placements.placement"
    id: int
    label: str  # what a person reads: "placement round “Spring 2026”"
    file: str | None = None  # the import's file, when an import made the record
    row: int | None = None


@dataclass(frozen=True)
class Event:
    stage: str
    date: date | None
    title: str
    source: Source
    details: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # machine-readable, for the API


def journey_events(
    student: Student, *, published_only: bool, pension_evidence: bool = True
) -> list[Event]:
    """Every event of the student's timeline, by date (undated last), then by stage;
    without the pension extract's months unless `pension_evidence` (ADR 0011)."""
    events = [
        *_diagnostics(student),
        *_enrolment(student),
        *_placements(student, published_only),
        *_contracts(student),
        *(_employment(student) if pension_evidence else []),
        *_mobility(student),
        *_cohorts(student),
    ]
    return sorted(events, key=lambda e: (e.date is None, e.date or date.min, _ORDER[e.stage]))


def _diagnostic_how(session: DiagnosticSession, student: Student) -> str:
    if session.student_id == student.pk:
        return _("linked by the college at enrolment, by IIN, with the pupil's consent")
    return _("linked by the pupil to their account with the resume code")


def _diagnostics(student: Student) -> list[Event]:
    events = []
    for session in student_sessions(student_id=student.pk):
        assert session.completed_at is not None  # student_sessions reads completed ones
        details = [_diagnostic_how(session, student)]
        if session.event is not None:
            details.append(_("at %(event)s") % {"event": session.event.name})
        if session.top_specialty is not None:
            details.append(
                _("best-fitting specialty: %(specialty)s") % {"specialty": session.top_specialty}
            )
        events.append(
            Event(
                stage="diagnostic",
                date=session.completed_at.date(),
                title=_("Career diagnostic: Holland code %(code)s")
                % {"code": session.holland_code or "—"},
                source=Source(
                    "guidance.diagnosticsession",
                    session.pk,
                    _("diagnostic session #%(id)s") % {"id": session.pk},
                ),
                details=details,
                facts={
                    "holland_code": session.holland_code,
                    "top_specialty": session.top_specialty_id,
                    "linked_by": "college" if session.student_id == student.pk else "pupil",
                },
            )
        )
    return events


def _student_source(student: Student) -> Source:
    origin = import_sources(model=Student, ids=[student.pk]).get(student.pk, {})
    return Source(
        "registry.student",
        student.pk,
        _("student record #%(id)s") % {"id": student.pk},
        file=origin.get("file"),
        row=origin.get("row"),
    )


def _enrolment(student: Student) -> list[Event]:
    source = _student_source(student)
    program = student.program
    details = [
        _("funding: %(funding)s") % {"funding": student.get_funding_display()},
        _("year of study: %(year)s") % {"year": student.year_of_study},
    ]
    if program is not None:
        details.insert(0, _("program: %(program)s") % {"program": program.specialty})
    events = [
        Event(
            stage="enrolment",
            date=student.enrolled_on,
            title=_("Enrolled at %(institution)s") % {"institution": student.institution},
            source=source,
            details=details,
            facts={
                "institution": student.institution_id,
                "program": student.program_id,
                "specialty": program.specialty_id if program else None,
                "funding": student.funding,
            },
        )
    ]
    if student.status in (StudentStatus.GRADUATED, StudentStatus.EMPLOYED):
        events.append(
            Event(
                stage="graduation",
                date=student.expected_graduation_on,
                title=_("Graduated from %(institution)s") % {"institution": student.institution},
                source=source,
                details=[_("status: %(status)s") % {"status": student.get_status_display()}],
                facts={"status": student.status},
            )
        )
    return events


def _round_details(outcome: RoundOutcome) -> list[str]:
    placement = outcome.placement
    details = [
        _("choice %(rank)s: %(offer)s, %(enterprise)s")
        % {"rank": a.rank, "offer": localized(a.offer, "title"), "enterprise": a.offer.enterprise}
        for a in outcome.choices
    ]
    if placement.offer is not None:
        details.append(
            _("status: %(status)s") % {"status": placement.get_status_display()}
            + (f" ({placement.decline_reason})" if placement.decline_reason else "")
        )
    for found in placement_explanations(placement=placement):
        details.append(
            explanation_sentence(
                found.explanation,
                offer_title=localized(found.offer, "title"),
                scoring_rule=found.offer.scoring_rule,
                lottery=placement.lottery,
            )
        )
    return details


def _placements(student: Student, published_only: bool) -> list[Event]:
    events = []
    for outcome in student_round_history(student_id=student.pk, published_only=published_only):
        placement = outcome.placement
        placement_round = placement.round
        when = placement_round.published_at or placement_round.matched_at
        if placement.offer is not None:
            title = _("Placed at %(offer)s, %(enterprise)s (choice %(rank)s)") % {
                "offer": localized(placement.offer, "title"),
                "enterprise": placement.offer.enterprise,
                "rank": placement.rank,
            }
        else:
            title = _("Not placed in %(round)s") % {"round": localized(placement_round)}
        events.append(
            Event(
                stage="placement",
                date=when.date() if when else None,
                title=title,
                source=Source(
                    "placements.placement",
                    placement.pk,
                    _("placement round “%(round)s”") % {"round": localized(placement_round)},
                ),
                details=_round_details(outcome),
                facts={
                    "round": placement_round.pk,
                    "choices": [a.offer_id for a in outcome.choices],
                    "offer": placement.offer_id,
                    "rank": placement.rank,
                    "status": placement.status,
                },
            )
        )
    return events


def _contract_event(contract: TrainingContract, stage: str, on: date, title: str) -> Event:
    details = [
        _("position: %(position)s") % {"position": contract.position},
        _("status: %(status)s") % {"status": contract.get_status_display()},
    ]
    if contract.termination_reason:
        details.append(_("reason: %(reason)s") % {"reason": contract.termination_reason})
    return Event(
        stage=stage,
        date=on,
        title=title,
        source=Source(
            "placements.trainingcontract",
            contract.pk,
            _("training contract #%(id)s") % {"id": contract.pk},
        ),
        details=details,
        facts={
            "contract": contract.pk,
            "enterprise": contract.enterprise_id,
            "status": contract.status,
            "termination_reason": contract.termination_reason,
        },
    )


def _contracts(student: Student) -> list[Event]:
    events = []
    for contract in student_contracts(student_id=student.pk):
        names = {"enterprise": contract.enterprise}
        events.append(
            _contract_event(
                contract,
                "contract",
                contract.signed_on,
                _("Targeted-training contract with %(enterprise)s") % names,
            )
        )
        if contract.employed_on:
            events.append(
                _contract_event(
                    contract,
                    "employment",
                    contract.employed_on,
                    _("Employed by %(enterprise)s under the contract") % names,
                )
            )
        if contract.completed_on:
            events.append(
                _contract_event(
                    contract,
                    "contract",
                    contract.completed_on,
                    _("Contract with %(enterprise)s completed") % names,
                )
            )
        if contract.terminated_on:
            events.append(
                _contract_event(
                    contract,
                    "contract",
                    contract.terminated_on,
                    _("Contract with %(enterprise)s terminated early") % names,
                )
            )
    return events


def _employment(student: Student) -> list[Event]:
    records = list(
        EmploymentRecord.objects.filter(student=student)
        .select_related("employer")
        .order_by("month", "id")
    )
    origins = import_sources(model=EmploymentRecord, ids=[r.pk for r in records])
    events = []
    for record in records:
        employer = record.employer.name if record.employer else record.employer_bin
        if record.contract_id:
            how = _("employment under the targeted-training contract")
        elif record.after_training:
            how = _("employment after the training")
        else:
            how = _("work during the training")
        origin = origins.get(record.pk, {})
        events.append(
            Event(
                stage="employment",
                date=record.month,
                title=_("Pension contributions paid by %(employer)s for %(month)s")
                % {"employer": employer, "month": record.month.strftime("%Y-%m")},
                source=Source(
                    "learners.employmentrecord",
                    record.pk,
                    _("pension contributions extract %(file)s")
                    % {"file": record.source_file or "—"},
                    file=origin.get("file") or record.source_file or None,
                    row=origin.get("row"),
                ),
                details=[how, _("employer BIN: %(bin)s") % {"bin": record.employer_bin}],
                facts={
                    "employer_bin": record.employer_bin,
                    "month": record.month.strftime("%Y-%m"),
                    "contract": record.contract_id,
                    "after_training": record.after_training,
                },
            )
        )
    return events


def _mobility(student: Student) -> list[Event]:
    events = []
    for record in student_mobility(student_id=student.pk):
        host = record.host_institution.name if record.host_institution else record.host_country
        details = [_("country: %(country)s") % {"country": record.host_country}]
        if record.program:
            details.append(_("program: %(program)s") % {"program": record.program})
        if record.ends_on:
            details.append(_("until %(date)s") % {"date": record.ends_on.isoformat()})
        if record.agreement is not None:
            details.append(_("under agreement %(number)s") % {"number": record.agreement.number})
        events.append(
            Event(
                stage="mobility",
                date=record.starts_on,
                title=_("Study abroad at %(host)s") % {"host": host},
                source=Source(
                    "agreements.mobility",
                    record.pk,
                    _("academic mobility record #%(id)s") % {"id": record.pk},
                ),
                details=details,
                facts={
                    "host_country": record.host_country,
                    "host_institution": record.host_institution_id,
                    "ends_on": record.ends_on.isoformat() if record.ends_on else None,
                },
            )
        )
    return events


def _cohorts(student: Student) -> list[Event]:
    events = []
    for member in student_cohorts(student_id=student.pk):
        cohort = member.cohort
        trains_for = region_label(cohort.region, cohort.ru_region)
        details = [
            _("cohort of %(year)s at %(institution)s")
            % {"year": cohort.intake_year, "institution": localized(cohort.institution)},
            _("trains for: %(region)s") % {"region": trains_for},
            _("status: %(status)s") % {"status": member.get_status_display()},
        ]
        if cohort.partner is not None:
            details.append(_("partner: %(partner)s") % {"partner": localized(cohort.partner)})
        events.append(
            Event(
                stage="programme",
                date=member.joined_on,
                title=_("Joined the joint programme %(name)s")
                % {"name": localized(cohort.programme)},
                source=Source(
                    "joint.cohortmember",
                    member.pk,
                    _("joint programme cohort #%(id)s") % {"id": cohort.pk},
                ),
                details=details,
                facts={
                    "programme": cohort.programme_id,
                    "cohort": cohort.pk,
                    "intake_year": cohort.intake_year,
                    "region": cohort.region_id,
                    "ru_region": cohort.ru_region or None,
                    "status": member.status,
                },
            )
        )
    return events
