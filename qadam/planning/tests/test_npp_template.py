"""The NPP staffing template: published peaks reproduced exactly, catalogue codes, sources."""

import csv
import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qadam.planning import npp_template
from qadam.planning.choices import Phase, PlanLevel
from qadam.planning.npp_template import (
    NppParameters,
    apportion,
    build,
    parameter_fields,
    peaks,
    validate,
)

DATA = Path(__file__).resolve().parents[2] / "registry" / "data"


def catalogue_levels() -> dict[str, str]:
    with (DATA / "tvet_specialties_starter.csv").open(encoding="utf-8") as file:
        return {row["code"]: row["qualification_level"] for row in csv.DictReader(file)}


def isco_codes() -> set[str]:
    with (DATA / "isco08_unit_groups.csv").open(encoding="utf-8") as file:
        return {row["code"] for row in csv.DictReader(file)}


def operation_by_year(rows) -> Counter:
    totals: Counter = Counter()
    for row in rows:
        if row.phase == Phase.OPERATION:
            totals[row.year] += row.headcount
    return totals


def test_defaults_reproduce_the_published_peaks_exactly() -> None:
    assert peaks(build(NppParameters())) == {
        PlanLevel.WORKER: 6000,
        PlanLevel.MID_LEVEL: 3000,
        PlanLevel.HIGHER: 900,
    }


def test_defaults_reach_1440_operating_staff_once_both_units_run() -> None:
    totals = operation_by_year(build(NppParameters()))
    # Unit 1 operates from 2036, unit 2 from 2037; the template runs to 2041.
    assert [totals[year] for year in range(2037, 2042)] == [1440] * 5
    assert max(totals) == 2041


def test_operating_staff_are_hired_over_the_lead_years_before_operation() -> None:
    totals = operation_by_year(build(NppParameters()))
    assert min(totals) == 2033  # three years before the first unit operates
    assert [totals[year] for year in range(2033, 2038)] == [180, 540, 900, 1260, 1440]


def test_operation_levels_follow_the_level_shares() -> None:
    by_level: Counter = Counter()
    for row in build(NppParameters()):
        if row.phase == Phase.OPERATION and row.year == 2040:
            by_level[row.level] += row.headcount
    assert by_level == {PlanLevel.WORKER: 360, PlanLevel.MID_LEVEL: 720, PlanLevel.HIGHER: 360}


def test_every_phase_appears_and_site_preparation_comes_first() -> None:
    rows = build(NppParameters())
    first_year = {phase: min(r.year for r in rows if r.phase == phase) for phase in Phase.values}
    assert first_year[Phase.SITE_PREPARATION] == 2026
    assert (
        first_year[Phase.SITE_PREPARATION]
        < first_year[Phase.CONSTRUCTION]
        < first_year[Phase.INSTALLATION]
        < first_year[Phase.COMMISSIONING]
    )


def test_default_codes_exist_in_the_catalogue_at_their_level() -> None:
    levels, isco = catalogue_levels(), isco_codes()
    params = NppParameters()
    for name, level in npp_template.MIX_LEVELS.items():
        for code, _share in getattr(params, name):
            if level == PlanLevel.HIGHER:
                assert code in isco, (name, code)
            else:
                assert levels.get(code) == level, (name, code)


def test_rows_name_a_specialty_or_an_occupation_matching_their_level() -> None:
    levels, isco = catalogue_levels(), isco_codes()
    for row in build(NppParameters()):
        assert (row.specialty_code is None) != (row.isco_code is None)
        if row.specialty_code is not None:
            assert levels[row.specialty_code] == row.level
        else:
            assert row.level == PlanLevel.HIGHER and row.isco_code in isco


def test_template_values_are_the_choices_values() -> None:
    assert set(npp_template.LEVELS) == set(PlanLevel.values)
    assert {*npp_template.CONSTRUCTION_PERIOD_PHASES, npp_template.OPERATION} == set(Phase.values)


def test_sources_cover_every_parameter() -> None:
    names = [field.name for field in dataclasses.fields(NppParameters)]
    assert set(npp_template.SOURCES) == set(names)
    assert all(source.strip() for source in npp_template.SOURCES.values())
    assert [name for name, _default, _source in parameter_fields()] == names
    assert ("peak_workers", 6000, npp_template.SOURCES["peak_workers"]) in parameter_fields()
    assert "assumption" in npp_template.SOURCES["peak_higher"]


def test_apportion_keeps_the_total() -> None:
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert apportion(7, [0.5, 0.25, 0.25]) == [3, 2, 2]  # 3.5, 1.75, 1.75
    assert apportion(0, [1, 2]) == [0, 0]


@settings(max_examples=60, deadline=None)
@given(
    units=st.integers(1, 6),
    construction_years=st.integers(3, 15),
    peak_workers=st.integers(1, 20_000),
    peak_mid_level=st.integers(1, 10_000),
    peak_higher=st.integers(1, 3_000),
    start_year=st.integers(2000, 2060),
    stagger=st.integers(0, 3),
)
def test_peaks_are_exact_for_any_parameters(
    units, construction_years, peak_workers, peak_mid_level, peak_higher, start_year, stagger
) -> None:
    params = NppParameters(
        units=units,
        construction_years=construction_years,
        peak_workers=peak_workers,
        peak_mid_level=peak_mid_level,
        peak_higher=peak_higher,
        start_year=start_year,
        unit_stagger_years=stagger,
    )
    rows = build(params)
    assert peaks(rows) == {
        PlanLevel.WORKER: peak_workers,
        PlanLevel.MID_LEVEL: peak_mid_level,
        PlanLevel.HIGHER: peak_higher,
    }
    assert all(isinstance(row.headcount, int) and row.headcount > 0 for row in rows)
    last_year = start_year + (units - 1) * stagger + construction_years + 4
    assert all(start_year <= row.year <= last_year for row in rows)
    construction_years_seen = {row.year for row in rows if row.phase != Phase.OPERATION}
    assert max(construction_years_seen) < start_year + (units - 1) * stagger + construction_years
    keys = [(r.specialty_code, r.isco_code, r.level, r.phase, r.year) for r in rows]
    assert len(keys) == len(set(keys))
    steady = round(units * 1200 / 1000 * 600)
    assert operation_by_year(rows)[last_year] == steady


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"units": 0}, "units=0"),
        ({"construction_years": 2}, "construction_years=2"),
        ({"peak_workers": 0}, "peak_workers=0"),
        ({"peak_mid_level": -5}, "peak_mid_level=-5"),
        ({"peak_higher": 0}, "peak_higher=0"),
        ({"unit_mwe": 0}, "unit_mwe=0"),
        ({"operating_staff_per_1000_mwe": -1}, "operating_staff_per_1000_mwe=-1"),
        ({"operating_staff_lead_years": 11}, "operating_staff_lead_years=11"),
        ({"unit_stagger_years": -1}, "unit_stagger_years=-1"),
        ({"start_year": 1999}, "start_year=1999"),
        ({"start_year": 2095}, "start_year=2095"),
        ({"operation_share_higher": 0.5}, "must sum to 1"),
        ({"operation_share_workers": -0.25}, "operation_share_workers=-0.25"),
        ({"construction_workers": (("Q-CO-002", 0.5),)}, "construction_workers"),
        ({"construction_workers": (("Q-XX-999", 1.0),)}, "construction_workers: 'Q-XX-999'"),
        ({"construction_workers": (("Q-CO-003", 1.0),)}, "construction_workers: 'Q-CO-003'"),
        ({"operation_mid_level": (("Q-NU-011", 1.0),)}, "operation_mid_level: 'Q-NU-011'"),
        ({"construction_higher": (("9999", 1.0),)}, "construction_higher: '9999'"),
        ({"operation_workers": (("Q-NU-002", 0.5), ("Q-NU-002", 0.5))}, "operation_workers"),
        ({"operation_higher": ()}, "operation_higher"),
        ({"operation_higher": (("2151", 1.5), ("2144", -0.5))}, "operation_higher"),
    ],
)
def test_bad_parameters_are_named(changes, named) -> None:
    params = dataclasses.replace(NppParameters(), **changes)
    with pytest.raises(ValueError, match=re.escape(named)):
        validate(params)
    with pytest.raises(ValueError):
        build(params)
