"""Each indicator's actual from the apps' aggregate selectors: nationally, by region (ISO
3166-2 code) and by institution. National aggregates only, no personal data."""

from collections.abc import Callable
from datetime import date

from qadam.agreements.selectors import (
    colleges_upgraded_breakdown,
    memoranda_signed_breakdown,
    patronage_breakdown,
    students_abroad_breakdown,
    university_agreements_breakdown,
)
from qadam.common.breakdown import Breakdown
from qadam.dashboard.rules import academic_year_bounds, academic_year_of
from qadam.guidance.selectors import festival_diagnostics_breakdown
from qadam.placements.selectors import dual_training_breakdown
from qadam.planning.choices import PlanLevel
from qadam.planning.selectors import megaproject_trainees_breakdown
from qadam.registry.choices import Sector
from qadam.registry.selectors import college_state_funded_seats

SHARE_DIGITS = 4


def _share(part: Breakdown, whole: Breakdown) -> Breakdown:
    def ratio(numerator: float, denominator: float) -> float:
        return round(numerator / denominator, SHARE_DIGITS) if denominator else 0.0

    return Breakdown(
        total=ratio(part.total, whole.total),
        by_region={
            key: ratio(part.by_region.get(key, 0.0), value)
            for key, value in whole.by_region.items()
        },
        by_institution={
            key: ratio(part.by_institution.get(key, 0.0), value)
            for key, value in whole.by_institution.items()
        },
    )


def _calculators(today: date) -> dict[str, Callable[[], Breakdown]]:
    starts, ends = academic_year_bounds(academic_year_of(today))
    return {
        "state_funded_seats": college_state_funded_seats,
        "technical_share": lambda: _share(
            college_state_funded_seats(technical_only=True), college_state_funded_seats()
        ),
        "dual_students": lambda: dual_training_breakdown(
            starts=starts, ends=ends, count="students"
        ),
        "dual_enterprises": lambda: dual_training_breakdown(
            starts=starts, ends=ends, count="enterprises"
        ),
        "patron_companies": lambda: patronage_breakdown(count="patrons"),
        "patronised_colleges": lambda: patronage_breakdown(count="colleges"),
        "colleges_modernised": colleges_upgraded_breakdown,
        "festival_diagnostics": lambda: festival_diagnostics_breakdown(starts=starts, ends=ends),
        "festival_memoranda": lambda: memoranda_signed_breakdown(starts=starts, ends=ends),
        "students_in_russia": lambda: students_abroad_breakdown(country="RU", on=today),
        "university_agreements_kz_ru": lambda: university_agreements_breakdown(country="RU"),
        "npp_construction_workers": lambda: megaproject_trainees_breakdown(
            sector=Sector.NUCLEAR, level=PlanLevel.WORKER
        ),
        "npp_mid_level_specialists": lambda: megaproject_trainees_breakdown(
            sector=Sector.NUCLEAR, level=PlanLevel.MID_LEVEL
        ),
    }


def actuals_compute(*, today: date) -> dict[str, Breakdown]:
    """Every indicator's actual on `today` (flows count within its academic year)."""
    return {key: calculate() for key, calculate in _calculators(today).items()}
