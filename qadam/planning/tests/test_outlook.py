"""The pupils' outlook: openings per specialty, region and year, and this year's seats, from
the latest finished run (else the registry), rebuilt when a newer run finishes."""

from datetime import date

import numpy as np
import pytest

from qadam.planning import outlook
from qadam.planning.models import AllocationRun, SeatAllocation
from qadam.planning.outlook import forget_outlook, outlook_build, outlook_current, pupil_outlook
from qadam.planning.runs import run_allocation
from qadam.planning.services import run_prepare
from qadam.registry.tests.factories import EnterpriseFactory, ProgramFactory, SpecialtyFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 6)


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    forget_outlook()
    monkeypatch.setattr(outlook, "CHECK_SECONDS", 0.0)  # ask for the latest run every time
    yield
    forget_outlook()


def at(table, specialty_id: int, region_id: int) -> tuple[int, int]:
    s = int(np.searchsorted(table.specialty_id, specialty_id))
    r = int(np.searchsorted(table.region_id, region_id))
    assert table.specialty_id[s] == specialty_id and table.region_id[r] == region_id
    return s, r


def test_without_a_run_the_openings_follow_the_regions_enterprises_and_seats_the_registry(world):
    drilling = SpecialtyFactory.create(sector="oil_gas")
    EnterpriseFactory.create(region=world.region_b, sector="oil_gas", size="large")
    ProgramFactory.create(
        institution=world.college_b, specialty=drilling, capacity=50, state_funded_seats=40
    )
    table = outlook_build(run=None, today=TODAY)
    assert table.run_id is None and table.years[0] == 2026
    s, b = at(table, drilling.pk, world.region_b.pk)
    _s, a = at(table, drilling.pk, world.region_a.pk)
    assert (table.openings[s, b] > 0).all()  # oil and gas employs people in B, every year
    assert (table.openings[s, a] == 0).all()  # and nobody in A
    assert table.seats[s, b] == 40 and table.seats[s, a] == 0
    assert table.duration[s] == 3  # 34 months: three academic years


def test_a_finished_run_gives_its_seats_and_its_megaprojects_hires_in_their_region(planning, world):
    run = planning.run
    table = outlook_build(run=run, today=TODAY)
    assert table.run_id == run.pk and table.years[0] == run.inputs["base_year"]
    specialty = world.programs_a[0].specialty
    s, a = at(table, specialty.pk, world.region_a.pk)
    allocated = sum(
        seat.seats
        for seat in SeatAllocation.objects.filter(run=run, program__specialty=specialty)
        if seat.program.institution.region_id == world.region_a.pk
    )
    assert table.seats[s, a] == allocated
    # the same run without its staffing plan: the NPP's hires were counted in its region A
    without = AllocationRun(pk=run.pk, inputs={**run.inputs, "plans": [], "megaprojects": []})
    regional = outlook_build(run=without, today=TODAY)
    year = list(table.years).index(2029)  # the plan's hires grow that year
    assert table.openings[s, a, year] > regional.openings[s, a, year]
    _s, b = at(table, specialty.pk, world.region_b.pk)
    assert table.openings[s, b, year] == regional.openings[s, b, year]


def test_the_outlook_is_rebuilt_when_a_newer_run_finishes(planning, users):
    assert outlook_current().run_id == planning.run.pk
    assert outlook_current() is outlook_current()  # built once, then read from memory
    newer = run_prepare(scenario=planning.scenario, actor=users["ministry_admin"])
    assert outlook_current().run_id == planning.run.pk  # queued, not finished
    run_allocation(run_id=newer.pk)
    assert outlook_current().run_id == newer.pk


def test_a_pupil_graduates_after_the_specialtys_duration_and_unknown_places_have_nothing(
    world,
):
    specialty = world.programs_a[0].specialty
    table = outlook_build(run=None, today=TODAY)
    ids = np.array([specialty.pk, 10**9])
    mine = pupil_outlook(table, specialty_ids=ids, region_id=world.region_a.pk, intake_year=2027)
    assert mine.graduation_year.tolist() == [2030, 2030]  # unknown: the usual three years
    s, a = at(table, specialty.pk, world.region_a.pk)
    h = list(table.years).index(2030)
    assert mine.openings.tolist() == [table.openings[s, a, h], 0.0]
    assert mine.seats.tolist() == [table.seats[s, a], 0]
    nowhere = pupil_outlook(table, specialty_ids=ids, region_id=10**9, intake_year=2027)
    assert nowhere.openings.tolist() == [0.0, 0.0] and nowhere.seats.tolist() == [0, 0]
