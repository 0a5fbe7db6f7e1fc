"""A megaproject's pipeline: its contracted trainees per plan line, offers tied to lines, the
operator's home, and the run counting contracted trainees apart from projected supply.

The `planning` world (conftest.py): NPP-T's plan needs workers of programs_a[0]'s specialty,
30 at the peak in 2030 (2031 too); world.enterprise is the operator.
"""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qadam.common.models import AuditEntry
from qadam.placements.models import Placement, TrainingContract
from qadam.placements.tests.factories import OfferFactory, RoundFactory
from qadam.planning.models import MegaprojectOffer
from qadam.planning.pipeline import build_pipeline, pipeline_rows
from qadam.planning.runs import run_allocation
from qadam.planning.services import megaproject_offer_tie, run_prepare, scenario_copy
from qadam.registry.tests.factories import EnterpriseFactory


def contracts(world, enterprise, students, *, graduation=date(2029, 6, 30), kind="targeted"):
    """Targeted contracts with `enterprise` for `students`, graduating in `graduation`."""
    offer = OfferFactory(
        enterprise=enterprise, kind=kind, specialties=[world.programs_a[0].specialty]
    )
    made = []
    for student in students:
        student.expected_graduation_on = graduation
        student.save(update_fields=["expected_graduation_on"])
        placement = Placement.objects.create(
            round=offer.round, student=student, offer=offer, lottery=1, status="accepted"
        )
        made.append(
            TrainingContract.objects.create(
                placement=placement,
                student=student,
                enterprise=enterprise,
                institution=student.institution,
                position="Operator",
                salary_min=300_000,
                salary_max=400_000,
                work_years=3,
                signed_on=date(2026, 9, 1),
            )
        )
    return offer, made


def worker_row(pipeline):
    return next(row for row in pipeline_rows(pipeline) if row["line"].level == "worker")


def test_the_operators_contracted_trainees_count_toward_the_line_their_specialty_trains_for(
    world, planning
):
    students = [s for s in world.students_a if s.program_id == world.programs_a[0].pk]
    contracts(world, world.enterprise, students)
    row = worker_row(build_pipeline(planning.megaproject, intake_year=2027))
    assert (row["peak"], row["peak_year"]) == (30, 2030)
    assert row["contracted"] == len(students) > 0
    assert row["gap"] == 30 - len(students)
    # seats funded in 2027 graduate in 2030 at the earliest (34 months): 2027-2029 are late
    assert row["late_years"] == [2027, 2028, 2029]


def test_another_enterprises_contracts_count_only_once_it_is_a_contractor(world, planning, users):
    from qadam.planning.services import contractor_add

    other = EnterpriseFactory(region=world.region_a)
    contracts(world, other, world.students_a[:1])
    assert worker_row(build_pipeline(planning.megaproject, intake_year=2027))["contracted"] == 0
    contractor_add(
        actor=users["ministry_admin"], megaproject=planning.megaproject, enterprise=other
    )
    assert worker_row(build_pipeline(planning.megaproject, intake_year=2027))["contracted"] == 1


def test_the_operator_ties_a_targeted_offer_to_a_plan_line_and_it_is_audited(
    world, planning, users
):
    offer, _made = contracts(world, world.enterprise, world.students_a[:1])
    line = (world.programs_a[0].specialty_id, None, "worker")
    tie = megaproject_offer_tie(
        actor=users["enterprise_hr"], megaproject=planning.megaproject, offer=offer, line=line
    )
    assert AuditEntry.objects.filter(object_id=str(tie.pk), action="create").exists()
    assert worker_row(build_pipeline(planning.megaproject, intake_year=2027))["contracted"] == 1


@pytest.mark.parametrize(
    ("kind", "line", "field"),
    [
        ("dual", None, "offer"),  # only targeted training is tied
        ("targeted", (None, None, "mid_level_specialist"), "line"),  # no such line
    ],
)
def test_a_tie_the_rules_refuse_names_the_field_and_writes_nothing(
    world, planning, users, kind, line, field
):
    from django.core.exceptions import ValidationError

    offer = OfferFactory(enterprise=world.enterprise, kind=kind)
    line = line or (world.programs_a[0].specialty_id, None, "worker")
    with pytest.raises(ValidationError) as error:
        megaproject_offer_tie(
            actor=users["ministry_admin"], megaproject=planning.megaproject, offer=offer, line=line
        )
    assert field in error.value.message_dict
    assert not MegaprojectOffer.objects.exists()


def test_only_the_operator_or_the_ministry_ties_offers(world, planning, users):
    from django.core.exceptions import PermissionDenied

    offer = OfferFactory(enterprise=world.enterprise, kind="targeted")
    with pytest.raises(PermissionDenied):
        megaproject_offer_tie(
            actor=users["analyst"],
            megaproject=planning.megaproject,
            offer=offer,
            line=(world.programs_a[0].specialty_id, None, "worker"),
        )


def test_the_operators_hr_home_is_the_megaprojects_pipeline(world, planning, users, client_for):
    students = [s for s in world.students_a if s.program_id == world.programs_a[0].pk]
    contracts(world, world.enterprise, students)
    page = client_for(users["enterprise_hr"]).get("/").content.decode()
    lines = re.search(r'data-testid="pipeline-lines">(.*?)</table>', page, re.S).group(1)
    assert re.search(rf'data-testid="contracted">{len(students)}<', lines)
    assert f"/planning/megaprojects/{planning.megaproject.pk}/pipeline/" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ministry_admin", 200),
        ("analyst", 200),
        ("enterprise_hr", 200),
        ("college_admin_a", 404),
        ("student", 404),
        ("guidance_organiser", 404),
    ],
)
def test_who_reads_the_pipeline_page(world, planning, users, client_for, role, status):
    url = f"/planning/megaprojects/{planning.megaproject.pk}/pipeline/"
    assert client_for(users[role]).get(url).status_code == status


def test_the_tie_form_on_the_page(world, planning, users, client_for):
    offer = OfferFactory(enterprise=world.enterprise, kind="targeted", round=RoundFactory())
    client = client_for(users["enterprise_hr"])
    url = f"/planning/megaprojects/{planning.megaproject.pk}/offers/{offer.pk}/tie/"
    value = f"{world.programs_a[0].specialty_id}::worker"
    assert client.post(url, {"line": value}).status_code == 302
    assert MegaprojectOffer.objects.get(offer=offer).level == "worker"
    assert client_for(users["analyst"]).post(url, {"line": value}).status_code == 403


def test_a_run_counts_contracted_trainees_apart_and_fills_the_hires_with_them(
    world, planning, users
):
    students = [s for s in world.students_a if s.program_id == world.programs_a[0].pk]
    contracts(world, world.enterprise, students, graduation=date(2028, 6, 30))
    admin = users["ministry_admin"]
    run = run_prepare(scenario=scenario_copy(actor=admin, scenario=planning.scenario, name="C"))
    run_allocation(run_id=run.pk)
    run.refresh_from_db()
    years = run.results["years"]
    worker = run.results["pipeline"][0][0]
    before = planning.run.results["pipeline"][0][0]
    assert worker["hires"] == before["hires"]  # the megaproject needs as many as before
    contracted = dict(zip(years, worker["contracted"], strict=True))
    assert contracted[2028] == min(len(students), worker["hires"][years.index(2028)])
    assert sum(worker["contracted"]) == len(students)  # each fills a hire, none twice
    assert "contracted" not in before or sum(before["contracted"]) == 0


def test_the_students_feeding_a_line_are_counted_without_a_year_per_row(planning):
    # 600,000 students nationally: no join to their institution, and no year extracted per
    # row (SQLite does that in Python): 0.64 s -> 0.05 s for NPP-1's home
    with CaptureQueriesContext(connection) as queries:
        build_pipeline(planning.megaproject, intake_year=2027)
    # the students' own table, not PostgreSQL's EXTRACT(YEAR FROM "registry_student".…)
    feeding = [q["sql"] for q in queries if re.search(r'FROM "registry_student"(?!\.)', q["sql"])]
    assert feeding
    slow = [sql for sql in feeding if "extract" in sql.lower() or "registry_institution" in sql]
    assert not slow, slow
