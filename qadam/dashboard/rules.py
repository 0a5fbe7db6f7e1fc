"""The national dashboard's rules: academic years, whether an indicator is on track, and
the ranges a target may take (the form, the admin and the service share them)."""

from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from qadam.common.rules import Bound

ACADEMIC_YEAR_STARTS = 9  # 1 September
ON_TRACK_SHARE = 0.9  # within 10% of the target and not falling: on track
TARGET_BOUNDS = {"value": Bound(0, 10_000_000)}
SHARE_BOUND = Bound(0, 1)

MET, ON_TRACK, BEHIND, NO_DATA = "met", "on_track", "behind", "no_data"


def academic_year_of(day: date) -> int:
    """The year the academic year holding `day` starts in (2025 for 2025/26)."""
    return day.year if day.month >= ACADEMIC_YEAR_STARTS else day.year - 1


def academic_year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of the academic year that starts in `year`."""
    first = date(year, ACADEMIC_YEAR_STARTS, 1)
    return first, date(year + 1, ACADEMIC_YEAR_STARTS, 1) - timedelta(days=1)


def academic_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def status(actual: float | None, target: float | None, previous: float | None = None) -> str:
    """`met` at or above the target; `on_track` within ON_TRACK_SHARE of it and not below
    last year's snapshot; `behind` otherwise; `no_data` without an actual or a target."""
    if actual is None or target is None:
        return NO_DATA
    if actual >= target:
        return MET
    rising = previous is None or actual >= previous
    if target > 0 and actual / target >= ON_TRACK_SHARE and rising:
        return ON_TRACK
    return BEHIND


def target_errors(row: dict[str, Any], *, is_share: bool) -> dict[str, list[str]]:
    """A target's errors by field: a share lies between 0 and 1, a count within its range,
    and the source is named."""
    errors: dict[str, list[str]] = {}
    value = row.get("value")
    bound = SHARE_BOUND if is_share else TARGET_BOUNDS["value"]
    if not bound.holds(value):
        errors["value"] = [bound.message()]
    if not str(row.get("source") or "").strip():
        errors["source"] = [_("Say where the target was published.")]
    regional = row.get("regional_targets") or {}
    if not isinstance(regional, dict) or any(
        not isinstance(v, int | float) or not bound.holds(v) for v in regional.values()
    ):
        errors["regional_targets"] = [
            _("Give each region's target as a number, keyed by its ISO 3166-2 code.")
        ]
    return errors
