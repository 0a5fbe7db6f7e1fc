"""Every page and every API operation, for every role and an anonymous visitor, with the ids
of records that belong to someone else (another institution, enterprise, student, school or
user): no 500 anywhere, and no 200 with a record the role may not read, so the next endpoint
cannot forget its scope. A URL parameter nobody has given ids for fails the test.

Runs on the small seeded country (one seed for the module, rolled back at its end)."""

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Q, QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.agreements.models import Agreement, Delivery, Document, Mobility, Obligation, Party
from qadam.api import api
from qadam.common.models import Job
from qadam.educators.models import Upskilling
from qadam.guidance.models import DiagnosticSession, GuidanceEvent, ParentLink
from qadam.joint.models import Cohort, CohortMember, JointProgramme, Participant
from qadam.joint.models import Quota as JointQuota
from qadam.modernisation.models import EquipmentLine, Milestone, Project
from qadam.placements import models as placements_models
from qadam.placements.models import (
    Application,
    Offer,
    Placement,
    PlacementRound,
    Quota,
    TrainingContract,
)
from qadam.planning.models import (
    AllocationRun,
    DemandAdjustment,
    Megaproject,
    Scenario,
    SeatAllocation,
    StaffingPlan,
)
from qadam.registry.models import Educator, Enterprise, Institution, Program, Region, Student

ROLES = [
    "ministry",
    "analyst",
    "college",
    "university",
    "enterprise",
    "student",
    "organiser",
    "counsellor",
    "parent",
    "megaproject",
    None,  # anonymous
]
# parameters naming a record that is someone's: a 200 for it outside the role's scope leaks
PERSONAL = {
    "student_id",
    "placement_id",
    "contract_id",
    "mobility_id",
    "session_id",
    "job_id",
    "educator_id",
    "upskilling_id",
}
PERSONAL |= {"cohort_id", "member_id"}  # a joint programme's cohorts name their students
PERSONAL |= {"appeal_id"}  # a student's appeal of their placement
PARTNERSHIP = {"agreement_id", "obligation_id", "document_id", "delivery_id", "party_id"}
PARTNERSHIP |= {"programme_id", "participant_id", "quota_id"}  # joint programmes
MODERNISATION = {"project_id", "line_id", "milestone_id"}  # a college's, or its funder's
SKIPPED_PAGES = ("admin/", "api/", "i18n/", "accounts/logout/")  # logout would end the walk
SUCCESS = {200, 201, 202, 204}


def _institutions(user: User | None) -> set[int]:
    if user is None:
        return set()
    ids = set(user_scope(user=user).institution_ids or ())
    return ids | ({user.institution_id} if user.institution_id else set())


def _first(queryset: QuerySet[Any]) -> Any:
    record = queryset.order_by("pk").first()
    return record.pk if record is not None else 999_999


def _first_value(queryset: QuerySet[Any], field: str) -> str:
    return queryset.order_by("pk").values_list(field, flat=True).first() or "NOSUCH00"


def _foreign_agreements(user: User | None) -> QuerySet[Agreement]:
    institutions = _institutions(user)
    enterprise = user.enterprise_id if user else None
    theirs = Party.objects.filter(Q(institution_id__in=institutions) | Q(enterprise_id=enterprise))
    benefits = Obligation.objects.filter(beneficiary_id__in=institutions)
    return Agreement.objects.exclude(pk__in=theirs.values("agreement_id")).exclude(
        pk__in=benefits.values("agreement_id")
    )


def students_of(user: User | None) -> QuerySet[Student]:
    return Student.objects.filter(institution_id__in=_institutions(user))


@pytest.fixture
def appeal(country, db) -> placements_models.Appeal:
    """The seeded round's result appealed by someone, so appeal pages have a record to guard."""
    placement = Placement.objects.filter(offer__isnull=False).order_by("pk").first()
    assert placement is not None
    return placements_models.Appeal.objects.create(
        round_id=placement.round_id,
        student_id=placement.student_id,
        offer_id=placement.offer_id,
        ground=placements_models.Appeal.Ground.SCORE,
        statement="The score is wrong.",
    )


def _foreign_ids(user: User | None) -> dict[str, Callable[[], Any]]:
    """For each URL parameter, a record outside `user`'s institution, enterprise and self."""
    institutions = _institutions(user)
    enterprise = user.enterprise_id if user else None
    student = user.student_id if user else None
    applicants = Application.objects.filter(offer__enterprise_id=enterprise).values("student_id")
    students = (
        Student.objects.exclude(institution_id__in=institutions)
        .exclude(pk=student)
        .exclude(pk__in=applicants)
    )
    agreements = _foreign_agreements(user)
    sessions = (
        DiagnosticSession.objects.exclude(user=user)
        .exclude(school_id__in=institutions)
        .exclude(event__organiser=user)
        .exclude(pk__in=ParentLink.objects.filter(parent=user).values("session_id"))
    )
    run = AllocationRun.objects.order_by("pk").first()
    programmes = JointProgramme.objects.exclude(participants__institution_id__in=institutions)
    cohorts = Cohort.objects.exclude(institution_id__in=institutions)
    return {
        "programme_id": lambda: _first(programmes),
        "participant_id": lambda: _first(Participant.objects.filter(programme__in=programmes)),
        "quota_id": lambda: _first(JointQuota.objects.filter(programme__in=programmes)),
        "cohort_id": lambda: _first(cohorts),
        "member_id": lambda: _first(CohortMember.objects.filter(cohort__in=cohorts)),
        "student_id": lambda: _first(students),
        "placement_id": lambda: _first(
            Placement.objects.exclude(student__institution_id__in=institutions)
            .exclude(offer__enterprise_id=enterprise)
            .exclude(student_id=student)
        ),
        "contract_id": lambda: _first(
            TrainingContract.objects.exclude(institution_id__in=institutions)
            .exclude(enterprise_id=enterprise)
            .exclude(student_id=student)
        ),
        "mobility_id": lambda: _first(
            Mobility.objects.exclude(home_institution_id__in=institutions)
            .exclude(host_institution_id__in=institutions)
            .exclude(student_id=student)
        ),
        "appeal_id": lambda: _first(
            placements_models.Appeal.objects.exclude(student_id=student).exclude(
                student_id__in=students_of(user)
            )
        ),
        "session_id": lambda: _first(sessions),
        "educator_id": lambda: _first(Educator.objects.exclude(institution_id__in=institutions)),
        "upskilling_id": lambda: _first(
            Upskilling.objects.exclude(educator__institution_id__in=institutions)
        ),
        "resume_code": lambda: _first_value(sessions, "resume_code"),
        "job_id": lambda: _first(Job.objects.exclude(owner=user)),
        "agreement_id": lambda: _first(agreements),
        "obligation_id": lambda: _first(Obligation.objects.filter(agreement__in=agreements)),
        "document_id": lambda: _first(Document.objects.filter(agreement__in=agreements)),
        "delivery_id": lambda: _first(
            Delivery.objects.filter(obligation__agreement__in=agreements)
        ),
        "party_id": lambda: _first(Party.objects.filter(agreement__in=agreements)),
        "institution_id": lambda: _first(Institution.objects.exclude(pk__in=institutions)),
        "enterprise_id": lambda: _first(Enterprise.objects.exclude(pk=enterprise)),
        "program_id": lambda: _first(Program.objects.exclude(institution_id__in=institutions)),
        "round_id": lambda: _first(PlacementRound.objects.all()),
        "offer_id": lambda: _first(Offer.objects.exclude(enterprise_id=enterprise)),
        "round_quota_id": lambda: _first(Quota.objects.all()),
        "megaproject_id": lambda: _first(Megaproject.objects.all()),
        "plan_id": lambda: _first(StaffingPlan.objects.all()),
        "scenario_id": lambda: _first(Scenario.objects.all()),
        "run_id": lambda: run.pk if run else 999_999,
        "seat_id": lambda: _first(SeatAllocation.objects.filter(run=run)),
        "adjustment_id": lambda: _first(DemandAdjustment.objects.all()),
        "event_id": lambda: _first(GuidanceEvent.objects.exclude(organiser=user)),
        "code": lambda: _first_value(GuidanceEvent.objects.exclude(organiser=user), "join_code"),
        "kind_name": lambda: "students",
        "extension": lambda: "xlsx",
        "name": lambda: "registry.students",
        "iso_code": lambda: _first_value(Region.objects.all(), "iso_code"),
        "key": lambda: "technical_share",
        **_modernisation_ids(institutions, enterprise),
    }


def _modernisation_ids(institutions: set[int], enterprise: int | None) -> dict[str, Any]:
    projects = Project.objects.exclude(college_id__in=institutions)
    return {
        "project_id": lambda: _first(projects),
        "line_id": lambda: _first(
            EquipmentLine.objects.filter(project__in=projects).exclude(investor_id=enterprise)
        ),
        "milestone_id": lambda: _first(Milestone.objects.filter(project__in=projects)),
    }


def _page_routes() -> list[str]:
    routes: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and not route.startswith(SKIPPED_PAGES):
                routes.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return routes


def _api_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/")
    return [(method, path) for path, operations in schema["paths"].items() for method in operations]


def _fill(route: str, ids: dict[str, Callable[[], Any]]) -> tuple[str, set[str]]:
    names = set(re.findall(r"[<{](?:\w+:)?(\w+)[>}]", route))
    missing = names - set(ids)
    assert not missing, f"{route}: give the matrix a foreign id for {sorted(missing)}"
    values = {name: ids[name]() for name in names}
    url = re.sub(r"[<{](?:\w+:)?(\w+)[>}]", lambda m: str(values[m.group(1)]), route)
    return url, names


def _may_read_everything(role: str | None, names: set[str]) -> bool:
    if role == "ministry":
        return True
    # analysts read every agreement (organisations' records), never a person's; of the
    # modernisation, national figures only
    return role == "analyst" and not (names & (PERSONAL | MODERNISATION))


def _client(role: str | None) -> tuple[Client, User | None]:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    if role is None:
        return client, None
    user = User.objects.get(username=role)
    client.force_login(user)
    return client, user


def _problems(role: str | None, statuses: dict[int, int]) -> list[str]:
    client, user = _client(role)
    ids = _foreign_ids(user)
    found: list[str] = []
    for route in _page_routes():
        url, names = _fill(route, ids)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            found.extend(_judge(role, method, url, names, response.status_code))
    for method, path in _api_operations():
        url, names = _fill(path, ids)
        response = client.generic(method.upper(), url, json.dumps({}), "application/json")
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        found.extend(_judge(role, method, url, names, response.status_code))
    return found


def _judge(role: str | None, method: str, url: str, names: set[str], status: int) -> list[str]:
    if status >= 500:
        return [f"{role} {method.upper()} {url}: {status}"]
    scoped = names & (PERSONAL | PARTNERSHIP | MODERNISATION)
    if scoped and status in SUCCESS and not _may_read_everything(role, names):
        return [f"{role} {method.upper()} {url}: {status} with another's {sorted(scoped)}"]
    return []


@pytest.mark.parametrize("role", ROLES)
def test_no_role_gets_a_500_or_another_institutions_record(country, db, appeal, role):
    statuses: dict[int, int] = {}
    assert _problems(role, statuses) == []
    # the walk reached pages and refusals alike, not only the sign-in page
    assert sum(statuses.values()) > 300, statuses
    if role is not None:
        assert statuses.get(200, 0) > 30, statuses


def test_every_role_of_the_product_is_walked(country, db):
    demo = set(User.objects.values_list("role", flat=True))
    walked = set(User.objects.filter(username__in=ROLES).values_list("role", flat=True))
    assert demo <= walked | {Role.MINISTRY_ADMIN}, demo - walked
