"""The national indicators' API shapes. A count an analyst may not see exactly is "<5"."""

from datetime import date

from ninja import Schema


class RegionFigureOut(Schema):
    region: str  # ISO 3166-2
    actual: float | int | str | None
    target: float | None


class KpiOut(Schema):
    key: str
    label: str
    target: float | None
    actual: float | int | str | None
    unit: str
    source: str
    source_url: str
    source_date: date | None
    as_of: date  # the day the actual was computed from the data
    status: str  # met, on_track, behind, no_data
    by_region: list[RegionFigureOut]
