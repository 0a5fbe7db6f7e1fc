"""A parametrised staffing template for a nuclear power plant, every default with its source.

Computation without the database: the page that shows the template and the services that
load it as a plan both call `build`. The scalar parameters' ranges are planning's rules
(`rules.npp_parameter_errors`), checked before anything is built. Levels and phases are the
values of `choices.PlanLevel` and `choices.Phase`, spelled out here.
"""

import csv
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import MISSING, dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from qadam.planning.rules import (
    PLAN_YEARS,
    SHARE_TOLERANCE,
    YEARS_SHOWN_AFTER_LAST_UNIT,
    npp_parameter_errors,
)

WORKER = "worker"
MID_LEVEL = "mid_level_specialist"
HIGHER = "higher"
LEVELS = (WORKER, MID_LEVEL, HIGHER)

SITE_PREPARATION = "site_preparation"
CONSTRUCTION = "construction"
INSTALLATION = "installation"
COMMISSIONING = "commissioning"
OPERATION = "operation"
CONSTRUCTION_PERIOD_PHASES = (SITE_PREPARATION, CONSTRUCTION, INSTALLATION, COMMISSIONING)

# Each construction-period phase as a window (start, end) in fractions of one unit's
# construction period; its share of a year rises and falls across the window. Qadam's
# assumption, following the phase sequence of IAEA NG-T-3.10. Windows reach past 0 and 1
# so that site preparation dominates the first year and commissioning the last.
PHASE_WINDOWS = {
    SITE_PREPARATION: (-0.15, 0.35),
    CONSTRUCTION: (0.05, 0.80),
    INSTALLATION: (0.35, 1.00),
    COMMISSIONING: (0.65, 1.25),
}
# One unit's construction headcount over its period: x^2 (1 - x)^1.5, a ramp-up to a peak
# at 57% of the period and a steeper ramp-down through commissioning (Qadam's assumption).
RAMP_UP_EXPONENT = 2.0
RAMP_DOWN_EXPONENT = 1.5
FIRST_PLAN_YEAR = int(PLAN_YEARS.low)
LAST_PLAN_YEAR = int(PLAN_YEARS.high)

DATA_DIRECTORY = Path(__file__).resolve().parent.parent / "registry" / "data"

Mix = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class NppParameters:
    """What the template is built from; each field's citation is in `SOURCES`."""

    # Qadam's assumption: two VVER-1200 units, the Rosatom-led consortium's design.
    units: int = 2
    unit_mwe: float = 1200
    # Sources 000, 001: construction has started (November 2025); 2026 the first full year.
    start_year: int = 2026
    # NEA/IAEA (2018): about 1,200 people over about 10 years of construction per unit.
    construction_years: int = 10
    # Qadam's assumption: the second unit one year behind the first.
    unit_stagger_years: int = 1
    # Sources 000, 001: over 6,000 workers and more than 3,000 mid-level specialists.
    peak_workers: int = 6000
    peak_mid_level: int = 3000
    # Qadam's assumption: "narrow specialists" are named but not counted in the sources.
    peak_higher: int = 900
    # NEA/IAEA (2018): about 600 operating staff per 1,000 MWe.
    operating_staff_per_1000_mwe: float = 600
    # IAEA NG-T-3.10: operating staff are recruited and trained years before operation.
    operating_staff_lead_years: int = 3
    # Qadam's assumption: the operating organisation's mix of levels.
    operation_share_workers: float = 0.25
    operation_share_mid_level: float = 0.50
    operation_share_higher: float = 0.25
    # Qadam's assumption: catalogue specialties (workers, mid-level) and ISCO-08 unit groups
    # (engineers) that an NPP build and its operation call for.
    construction_workers: Mix = (
        ("Q-CO-004", 0.18),  # concrete and reinforced concrete
        ("Q-CO-002", 0.16),  # welding
        ("Q-CO-005", 0.14),  # installation of structures
        ("Q-CO-017", 0.12),  # electrical installation
        ("Q-MC-006", 0.08),  # industrial equipment fitters
        ("Q-CO-014", 0.06),  # crane and excavator operators
        ("Q-MC-012", 0.06),  # mechanical assembly fitters
        ("Q-MC-008", 0.06),  # instrumentation and automation fitters
        ("Q-NU-006", 0.05),  # NPP equipment fitters
        ("Q-CO-012", 0.05),  # carpentry (formwork)
        ("Q-CO-008", 0.04),  # ventilation and air conditioning
    )
    construction_mid_level: Mix = (
        ("Q-CO-001", 0.20),  # construction of buildings and structures
        ("Q-CO-003", 0.12),  # welding production
        ("Q-MC-009", 0.10),  # non-destructive testing
        ("Q-NU-008", 0.10),  # NPP electrical equipment
        ("Q-NU-007", 0.10),  # nuclear instrumentation and control
        ("Q-NU-005", 0.08),  # reactor equipment maintenance
        ("Q-EN-002", 0.07),  # power station electrical equipment
        ("Q-CO-009", 0.05),  # surveying
        ("Q-CO-006", 0.05),  # plumbing and ventilation systems
        ("Q-MC-007", 0.05),  # process automation
        ("Q-MC-010", 0.04),  # lifting machinery
        ("Q-NU-003", 0.04),  # radiation safety
    )
    construction_higher: Mix = (
        ("2142", 0.30),  # civil engineers
        ("2144", 0.20),  # mechanical engineers
        ("2151", 0.15),  # electrical engineers
        ("2149", 0.15),  # engineers n.e.c. (nuclear engineers)
        ("2152", 0.05),  # electronics engineers
        ("2111", 0.05),  # physicists
        ("2145", 0.05),  # chemical engineers
        ("2143", 0.05),  # environmental engineers
    )
    operation_workers: Mix = (
        ("Q-NU-002", 0.20),  # reactor compartment operators
        ("Q-EN-011", 0.15),  # turbine operators
        ("Q-NU-006", 0.15),  # NPP equipment fitters
        ("Q-EN-006", 0.12),  # electricians
        ("Q-NU-004", 0.10),  # dosimetrists
        ("Q-MC-008", 0.10),  # instrumentation and automation fitters
        ("Q-EN-009", 0.06),  # relay protection electricians
        ("Q-CH-003", 0.06),  # chemical laboratory assistants
        ("Q-CH-005", 0.06),  # chemical plant (water treatment) operators
    )
    operation_mid_level: Mix = (
        ("Q-NU-001", 0.25),  # NPP operation
        ("Q-NU-005", 0.12),  # reactor equipment maintenance
        ("Q-NU-007", 0.12),  # nuclear instrumentation and control
        ("Q-NU-008", 0.12),  # NPP electrical equipment
        ("Q-NU-003", 0.10),  # radiation safety
        ("Q-NU-009", 0.08),  # water chemistry
        ("Q-NU-010", 0.06),  # radioactive waste
        ("Q-EN-003", 0.05),  # relay protection
        ("Q-EN-004", 0.05),  # thermal power installations
        ("Q-MC-009", 0.05),  # non-destructive testing
    )
    operation_higher: Mix = (
        ("2149", 0.30),  # engineers n.e.c. (nuclear engineers)
        ("2151", 0.15),  # electrical engineers
        ("2144", 0.15),  # mechanical engineers
        ("2111", 0.10),  # physicists
        ("2145", 0.10),  # chemical engineers
        ("2152", 0.10),  # electronics engineers
        ("2263", 0.05),  # occupational health (radiation protection)
        ("1321", 0.05),  # plant managers
    )


NEA_IAEA = "NEA/IAEA (2018), Measuring Employment Generated by the Nuclear Power Sector"
NG_T_3_10 = (
    "IAEA Nuclear Energy Series NG-T-3.10, Workforce Planning for New Nuclear Power "
    "Programmes (2011)"
)
MIX_ASSUMPTION = "Qadam's assumption: no published figure; codes from the specialty catalogue"
SOURCES: dict[str, str] = {
    "units": "Qadam's assumption: two units, as announced for the Rosatom-led project "
    "(sources 000, 001 name the consortium, not the design).",
    "unit_mwe": "Qadam's assumption: a VVER-1200 class pressurised-water unit.",
    "start_year": "Sources 000, 001 (BRIEF.md): construction has started (November 2025); "
    "2026 is taken as the first year of site preparation.",
    "construction_years": f"{NEA_IAEA}: about 1,200 people on site over about 10 years of "
    "site preparation and construction of a 1,000 MWe unit.",
    "unit_stagger_years": "Qadam's assumption: no published figure; the second unit a year "
    "behind the first.",
    "peak_workers": "Sources 000, 001 (BRIEF.md): over 6,000 workers during the NPP "
    "construction phase.",
    "peak_mid_level": "Sources 000, 001 (BRIEF.md): more than 3,000 mid-level specialists "
    "during the NPP construction phase.",
    "peak_higher": "Qadam's assumption: no published figure; sources 000, 001 only say narrow "
    "specialists will be in high demand.",
    "operating_staff_per_1000_mwe": f"{NEA_IAEA}: about 600 operating staff per 1,000 MWe.",
    "operating_staff_lead_years": f"{NG_T_3_10}: operating staff are recruited and trained "
    "several years before operation.",
    "operation_share_workers": "Qadam's assumption: no published figure.",
    "operation_share_mid_level": "Qadam's assumption: no published figure.",
    "operation_share_higher": "Qadam's assumption: no published figure.",
    "construction_workers": f"{MIX_ASSUMPTION} (worker level).",
    "construction_mid_level": f"{MIX_ASSUMPTION} (mid-level specialist level).",
    "construction_higher": "Qadam's assumption: no published figure; ISCO-08 unit groups.",
    "operation_workers": f"{MIX_ASSUMPTION} (worker level).",
    "operation_mid_level": f"{MIX_ASSUMPTION} (mid-level specialist level).",
    "operation_higher": "Qadam's assumption: no published figure; ISCO-08 unit groups.",
}


@dataclass(frozen=True)
class TemplateRow:
    """One cell of the template: people of one occupation, level and phase in one year."""

    specialty_code: str | None
    isco_code: str | None
    level: str
    phase: str
    year: int
    headcount: int


def parameter_fields() -> list[tuple[str, object, str]]:
    """(name, default, source) of every parameter, in the order the page shows them."""
    return [
        (field.name, field.default, SOURCES[field.name])
        for field in fields(NppParameters)
        if field.default is not MISSING
    ]


# --- the catalogue -------------------------------------------------------------------------


@cache
def specialty_levels() -> dict[str, str]:
    """Specialty code -> qualification level, from the starter catalogue."""
    with (DATA_DIRECTORY / "tvet_specialties_starter.csv").open(encoding="utf-8") as file:
        return {row["code"]: row["qualification_level"] for row in csv.DictReader(file)}


@cache
def isco_unit_groups() -> frozenset[str]:
    """The ISCO-08 unit group codes Qadam ships."""
    with (DATA_DIRECTORY / "isco08_unit_groups.csv").open(encoding="utf-8") as file:
        return frozenset(row["code"] for row in csv.DictReader(file))


# --- validation ----------------------------------------------------------------------------

MIX_LEVELS = {
    "construction_workers": WORKER,
    "construction_mid_level": MID_LEVEL,
    "construction_higher": HIGHER,
    "operation_workers": WORKER,
    "operation_mid_level": MID_LEVEL,
    "operation_higher": HIGHER,
}


def scalars(params: NppParameters) -> dict[str, Any]:
    """The parameters a user sets (every field but the occupation mixes), by name."""
    return {
        field.name: getattr(params, field.name)
        for field in fields(params)
        if not isinstance(getattr(params, field.name), tuple)
    }


def validate(params: NppParameters) -> None:
    """Raise ValueError naming the first parameter that cannot make a template: the rules'
    message for a scalar parameter, or what is wrong with an occupation mix."""
    values = scalars(params)
    for name, messages in npp_parameter_errors(values).items():
        raise ValueError(f"{name}={values[name]!r}: {messages[0]}")
    for name, level in MIX_LEVELS.items():
        _validate_mix(name, getattr(params, name), level)


def _validate_mix(name: str, mix: Mix, level: str) -> None:
    if not mix:
        raise ValueError(f"{name}=(): needs at least one occupation")
    codes = [code for code, _share in mix]
    if len(set(codes)) < len(codes):
        raise ValueError(f"{name}: a code appears twice in {codes}")
    for code, share in mix:
        if not share > 0:
            raise ValueError(f"{name}: the share of {code!r} is {share!r}, must be positive")
        _validate_code(name, code, level)
    total = math.fsum(share for _code, share in mix)
    if abs(total - 1) > SHARE_TOLERANCE:
        raise ValueError(f"{name}: shares sum to {total:g}, must sum to 1")


def _validate_code(name: str, code: str, level: str) -> None:
    if level == HIGHER:
        if code not in isco_unit_groups():
            raise ValueError(f"{name}: {code!r} is not an ISCO-08 unit group")
        return
    actual = specialty_levels().get(code)
    if actual is None:
        raise ValueError(f"{name}: {code!r} is not in the specialty catalogue")
    if actual != level:
        raise ValueError(f"{name}: {code!r} is a {actual} specialty, not {level}")


# --- the timeline --------------------------------------------------------------------------


def unit_construction_starts(params: NppParameters) -> list[int]:
    """The first year of each unit's construction period."""
    return [params.start_year + unit * params.unit_stagger_years for unit in range(params.units)]


def operation_starts(params: NppParameters) -> list[int]:
    """The first year of each unit's operation."""
    return [start + params.construction_years for start in unit_construction_starts(params)]


def last_year(params: NppParameters) -> int:
    """The last year the template covers."""
    return operation_starts(params)[-1] + YEARS_SHOWN_AFTER_LAST_UNIT


def operating_staff(params: NppParameters) -> int:
    """The operating organisation once every unit runs."""
    return round(params.units * params.unit_mwe / 1000 * params.operating_staff_per_1000_mwe)


def _ramp(x: float) -> float:
    return x**RAMP_UP_EXPONENT * (1 - x) ** RAMP_DOWN_EXPONENT


def _phase_shares(x: float) -> dict[str, float]:
    """Each phase's share of the work at point x of a unit's construction period."""
    weights = {}
    for phase, (start, end) in PHASE_WINDOWS.items():
        inside = start < x < end
        weights[phase] = math.sin(math.pi * (x - start) / (end - start)) if inside else 0.0
    total = sum(weights.values())
    return {phase: weight / total for phase, weight in weights.items()}


def construction_intensity(params: NppParameters) -> dict[int, dict[str, float]]:
    """Year -> phase -> relative headcount, summed over the staggered units."""
    intensity: dict[int, dict[str, float]] = defaultdict(lambda: dict.fromkeys(PHASE_WINDOWS, 0.0))
    for first in unit_construction_starts(params):
        for offset in range(params.construction_years):
            x = (offset + 0.5) / params.construction_years  # the middle of the year
            for phase, share in _phase_shares(x).items():
                intensity[first + offset][phase] += _ramp(x) * share
    return dict(intensity)


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` by largest remainder; the parts sum to it."""
    weight_sum = math.fsum(weights)
    quotas = [total * weight / weight_sum for weight in weights]
    parts = [math.floor(quota) for quota in quotas]
    by_remainder = sorted(range(len(quotas)), key=lambda i: parts[i] - quotas[i])
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


# --- the template --------------------------------------------------------------------------


def build(params: NppParameters) -> list[TemplateRow]:
    """The template's rows; per level the construction-period peak equals its parameter."""
    validate(params)
    return [*_construction_rows(params), *_operation_rows(params)]


def _construction_rows(params: NppParameters) -> Iterable[TemplateRow]:
    intensity = construction_intensity(params)
    year_totals = {year: sum(phases.values()) for year, phases in intensity.items()}
    top = max(year_totals.values())
    mixes = {
        WORKER: params.construction_workers,
        MID_LEVEL: params.construction_mid_level,
        HIGHER: params.construction_higher,
    }
    peaks_by_level = {
        WORKER: params.peak_workers,
        MID_LEVEL: params.peak_mid_level,
        HIGHER: params.peak_higher,
    }
    for level, mix in mixes.items():
        peak = peaks_by_level[level]
        for year, phases in sorted(intensity.items()):
            # The busiest year is pinned to the peak; others round below it.
            headcount = peak if year_totals[year] == top else round(peak * year_totals[year] / top)
            cells = [
                (phase, code, phases[phase] * share) for phase in phases for code, share in mix
            ]
            parts = apportion(headcount, [weight for _phase, _code, weight in cells])
            for (phase, code, _weight), part in zip(cells, parts, strict=True):
                if part > 0:
                    yield _row(code, level, phase, year, part)


def _operation_rows(params: NppParameters) -> Iterable[TemplateRow]:
    levels = (
        (WORKER, params.operation_share_workers, params.operation_workers),
        (MID_LEVEL, params.operation_share_mid_level, params.operation_mid_level),
        (HIGHER, params.operation_share_higher, params.operation_higher),
    )
    staff = operating_staff(params)
    first_hire = operation_starts(params)[0] - params.operating_staff_lead_years
    for year in range(first_hire, last_year(params) + 1):
        headcount = round(staff * _staffed_fraction(params, year))
        # Levels first, so each level's total follows its share exactly.
        by_level = apportion(headcount, [level_share for _level, level_share, _mix in levels])
        for (level, _share, mix), level_headcount in zip(levels, by_level, strict=True):
            parts = apportion(level_headcount, [share for _code, share in mix])
            for (code, _share), part in zip(mix, parts, strict=True):
                if part > 0:
                    yield _row(code, level, OPERATION, year, part)


def _staffed_fraction(params: NppParameters, year: int) -> float:
    """The share of the full operating staff on the payroll in `year`.

    Each unit's staff is hired in equal steps over the lead years before it operates.
    """
    lead = params.operating_staff_lead_years
    fractions = []
    for start in operation_starts(params):
        hired_steps = year - (start - lead) + 1
        fractions.append(min(1.0, max(0, hired_steps) / (lead + 1)))
    return sum(fractions) / params.units


def _row(code: str, level: str, phase: str, year: int, headcount: int) -> TemplateRow:
    is_specialty = level != HIGHER
    return TemplateRow(
        specialty_code=code if is_specialty else None,
        isco_code=None if is_specialty else code,
        level=level,
        phase=phase,
        year=year,
        headcount=headcount,
    )


def peaks(rows: Iterable[TemplateRow]) -> dict[str, int]:
    """Level -> the largest headcount of any year outside operation."""
    by_level_year: dict[tuple[str, int], int] = defaultdict(int)
    for row in rows:
        if row.phase != OPERATION:
            by_level_year[row.level, row.year] += row.headcount
    result = dict.fromkeys(LEVELS, 0)
    for (level, _year), headcount in by_level_year.items():
        result[level] = max(result[level], headcount)
    return result
