"""Demand from arrays: regional openings, megaproject hires, occupations to specialties."""

import numpy as np
import pytest

from qadam.planning.demand_model import (
    LEVELS,
    DemandParameters,
    Requirement,
    build_demand,
)
from qadam.planning.registry_arrays import SECTORS, RegistryArrays


def _registry() -> RegistryArrays:
    """Two regions; specialties 0, 1 (worker) and 2 (mid-level) of one sector; 3 programs."""
    energy = SECTORS.index("energy")
    staff = np.zeros((len(SECTORS), 2))
    staff[energy] = [300.0, 100.0]
    return RegistryArrays(
        region_id=np.array([10, 20]),
        specialty_id=np.array([1, 2, 3]),
        specialty_code=["W1", "W2", "M1"],
        specialty_level=["worker", "worker", "mid_level_specialist"],
        specialty_sector=np.array([energy] * 3),
        specialty_technical=np.array([True, True, True]),
        program_id=np.array([100, 101, 102]),
        program_specialty=np.array([0, 1, 2]),
        program_region=np.array([0, 1, 0]),
        program_kind=np.array(["college"] * 3, dtype=object),
        duration=np.array([3, 3, 4]),
        capacity=np.array([30.0, 30.0, 30.0]),
        state_seats=np.array([20.0, 20.0, 20.0]),
        other_intake=np.zeros(3),
        enrolled=np.array([[30.0, 0, 0, 0], [10.0, 0, 0, 0], [20.0, 0, 0, 0]]),
        staff=staff,
    )


PARAMS = DemandParameters(
    base_year=2027,
    horizon=3,
    employment_thousands=1,  # 1,000 jobs
    tvet_job_share=0.4,  # 400 need TVET: 300 in region 10, 100 in region 20
    replacement_rate=0.05,
    growth_rate=0.0,
)


def _req(**fields) -> Requirement:
    base = {"megaproject": 0, "specialty_id": None, "occupation_id": None, "level": "worker",
            "phase": "construction", "year": 2027, "headcount": 10}  # fmt: skip
    return Requirement(**{**base, **fields})


def test_openings_replace_retirees_shared_equally_among_the_sectors_specialties():
    demand = build_demand(_registry(), PARAMS, [], 0, {})
    # 5% of 300 and of 100 jobs a year, three specialties of the sector
    assert demand.regional[:3, :, 0] == pytest.approx(np.array([[5.0, 5 / 3]] * 3))
    assert demand.regional[3].sum() == 0  # the higher-education row
    assert demand.hires.shape == (4, 0, 3)


def test_a_demand_adjustment_scales_one_cell_or_a_specialty_everywhere():
    demand = build_demand(_registry(), PARAMS, [], 0, {}, [(1, 20, 3.0), (3, None, 0.0)])
    assert demand.regional[0, 1, 0] == pytest.approx(5.0)
    assert demand.regional[0, 0, 0] == pytest.approx(5.0)
    assert demand.regional[2].sum() == 0


def test_hires_are_headcount_increases_from_the_base_year():
    reqs = [
        _req(specialty_id=1, year=2026, headcount=50),  # already in post
        _req(specialty_id=1, year=2027, headcount=80),
        _req(specialty_id=1, year=2028, headcount=60, phase="installation"),
        _req(specialty_id=1, year=2029, headcount=90),
    ]
    demand = build_demand(_registry(), PARAMS, reqs, 1, {})
    assert demand.hires[0, 0].tolist() == [30.0, 0.0, 30.0]
    worker = LEVELS.index("worker")
    assert demand.headcount[0, worker].sum(axis=0).tolist() == [80.0, 60.0, 90.0]


def test_an_occupation_is_split_by_the_students_of_the_specialties_training_for_it():
    links = {7: [0, 1, 2]}  # occupation 7 is trained by all three; only 0 and 1 are workers
    demand = build_demand(_registry(), PARAMS, [_req(occupation_id=7, headcount=40)], 1, links)
    assert demand.hires[:3, 0, 0] == pytest.approx([30.0, 10.0, 0.0])  # 30 : 10 students


def test_higher_education_goes_to_its_own_row_and_untrained_occupations_are_counted():
    reqs = [_req(level="higher", occupation_id=9, headcount=6), _req(occupation_id=8)]
    demand = build_demand(_registry(), PARAMS, reqs, 1, {})
    assert demand.hires[3, 0, 0] == 6
    assert demand.unmapped == 10
