"""A new scenario's defaults, each with where it comes from (shown beside the field)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ASSUMPTION = _("Qadam's assumption: no published figure; change it to your own.")


@dataclass(frozen=True)
class Default:
    value: float | int
    source: str | Promise


DEFAULTS: dict[str, Default] = {
    "horizon_years": Default(
        14, _("Covers the NPP's construction and its first years of operation.")
    ),
    "total_seats": Default(
        153_000,
        _("Source 004: 153,000 students receive free TVET this year (10,000 more than last year)."),
    ),
    "seat_cost_per_year": Default(800_000, ASSUMPTION),
    "min_technical_share": Default(
        0.70,
        # xgettext:no-python-format
        _("Source 004: 70% of the state order goes to technical specialties."),
    ),
    "region_floor_share": Default(0.8, ASSUMPTION),
    "capacity_growth": Default(0.2, ASSUMPTION),
    "progression_rate": Default(0.93, ASSUMPTION),
    "dropout_rate": Default(0.05, ASSUMPTION),
    "labour_market_share": Default(0.75, ASSUMPTION),
    "retention": Default(0.85, ASSUMPTION),
    "mobility": Default(0.1, ASSUMPTION),
    "returning_graduates": Default(
        1_800,
        _(
            "Source 003: about 55,000 Kazakh students study in Russia; Qadam assumes a fifth "
            "graduate each year, two thirds return and a quarter of those are engineers."
        ),
    ),
    "employment_thousands": Default(
        9_100, _("Bureau of National Statistics: about 9.1 million people employed (2024).")
    ),
    "tvet_job_share": Default(0.30, ASSUMPTION),
    "replacement_rate": Default(
        0.025, _("Qadam's assumption: a working life of about 40 years (1/40 retire each year).")
    ),
    "growth_rate": Default(0.015, ASSUMPTION),
    "job_value": Default(10.0, ASSUMPTION),
    "megaproject_priority": Default(2.0, ASSUMPTION),
}
