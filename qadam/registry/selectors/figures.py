"""The registry's national figures: totals by kind, the dataset's statistics, the
colleges' state-funded seats."""

import math
import statistics
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Count, Sum

from qadam.common.breakdown import Breakdown, breakdown_of
from qadam.registry.choices import Funding, InstitutionKind
from qadam.registry.models import (
    Educator,
    Enterprise,
    Institution,
    Occupation,
    Program,
    Region,
    Specialty,
    Student,
)

KIND_ORDER = (
    InstitutionKind.COLLEGE,
    InstitutionKind.UNIVERSITY,
    InstitutionKind.FOREIGN_BRANCH,
    InstitutionKind.SCHOOL,
    InstitutionKind.FOREIGN_PARTNER,
)


def registry_totals() -> dict[str, Any]:
    """Headline counts of the registry (no personal data), each kind of institution apart:
    a school, a university and a college are not one figure."""
    institutions = dict(
        Institution.objects.values_list("kind").annotate(count=Count("id")).order_by()
    )
    # one pass over the students, grouped by institution (an index holds both columns; a
    # join to each student's institution took 0.5 s at national scale), summed per kind here
    kind_of = dict(Institution.objects.values_list("id", "kind").order_by())
    students: dict[str, int] = {}
    funding: dict[str, dict[str, int]] = {}
    rows = Student.objects.values_list("institution_id", "funding").annotate(n=Count("id"))
    for institution_id, code, count in rows.order_by():
        kind = kind_of[institution_id]
        students[kind] = students.get(kind, 0) + count
        by_kind = funding.setdefault(code, {})
        by_kind[kind] = by_kind.get(kind, 0) + count
    programs = Program.objects.filter(institution__kind=InstitutionKind.COLLEGE)
    kinds = [kind for kind in KIND_ORDER if institutions.get(kind) or students.get(kind)]
    student_kinds = [kind for kind in kinds if students.get(kind)]
    return {
        "regions": Region.objects.count(),
        "colleges": institutions.get(InstitutionKind.COLLEGE, 0),
        "college_students": students.get(InstitutionKind.COLLEGE, 0),
        "college_programs": programs.count(),
        "college_state_funded_seats": programs.aggregate(seats=Sum("state_funded_seats"))["seats"]
        or 0,
        "enterprises": Enterprise.objects.count(),
        "by_kind": [
            {
                "kind": kind.value,
                "label": kind.label,
                "institutions": institutions.get(kind, 0),
                "students": students.get(kind, 0),
            }
            for kind in kinds
        ],
        "funding_kinds": [kind.label for kind in student_kinds],
        "by_funding": [
            {
                "label": label,
                "counts": [funding.get(code, {}).get(kind, 0) for kind in student_kinds],
            }
            for code, label in Funding.choices
            if code in funding
        ],
    }


def _college_sectors() -> dict[str, float]:
    """How many sectors (Specialty.sector) a college's programs span: median and the 95th
    percentile (nearest rank) over colleges with programs."""
    counts = sorted(
        Program.objects.filter(institution__kind=InstitutionKind.COLLEGE)
        .values("institution_id")
        .annotate(sectors=Count("specialty__sector", distinct=True))
        .values_list("sectors", flat=True)
        .order_by()
    )
    if not counts:
        return {"median": 0, "p95": 0}
    p95 = counts[max(math.ceil(0.95 * len(counts)) - 1, 0)]
    return {"median": statistics.median(counts), "p95": p95}


# The figures of apps above the registry (educators, ...), which it cannot import: each
# registers a function giving its keys (in its AppConfig.ready), added after the registry's.
_EXTRA_STATISTICS: dict[str, Callable[[], Mapping[str, int | float]]] = {}


def statistics_register(name: str, figures: Callable[[], Mapping[str, int | float]]) -> None:
    _EXTRA_STATISTICS[name] = figures


def dataset_statistics() -> dict[str, int | float | dict[str, float]]:
    """The headline figures of the dataset, to check against the brief (`qadam stats`)."""
    kinds = dict(Institution.objects.values_list("kind").annotate(count=Count("id")).order_by())
    students_by_kind = dict(
        Student.objects.values_list("institution__kind").annotate(count=Count("id")).order_by()
    )
    college_programs = Program.objects.filter(institution__kind="college")
    seats = college_programs.aggregate(total=Sum("state_funded_seats"))["total"] or 0
    technical = (
        college_programs.filter(specialty__is_technical=True).aggregate(
            total=Sum("state_funded_seats")
        )["total"]
        or 0
    )
    return {
        "regions": Region.objects.count(),
        "colleges": kinds.get("college", 0),
        "students": sum(students_by_kind.values()),
        "college_students": students_by_kind.get("college", 0),
        "enterprises": Enterprise.objects.count(),
        "universities": kinds.get("university", 0),
        "foreign_branches": kinds.get("foreign_branch", 0),
        "foreign_branch_students": students_by_kind.get("foreign_branch", 0),
        "foreign_partners": kinds.get("foreign_partner", 0),
        "schools": kinds.get("school", 0),
        "programs": Program.objects.count(),
        "educators": Educator.objects.count(),
        "specialties": Specialty.objects.count(),
        "occupations": Occupation.objects.count(),
        "state_funded_first_year_seats": seats,
        "technical_share_of_state_funded": round(technical / seats, 4) if seats else 0.0,
        "college_sectors": _college_sectors(),
    } | {key: value for extra in _EXTRA_STATISTICS.values() for key, value in extra().items()}


def college_state_funded_seats(*, technical_only: bool = False) -> Breakdown:
    """The colleges' state-funded first-year seats (all, or in technical specialties only),
    nationally, by region and by college: a national aggregate, no personal data."""
    programs = Program.objects.filter(institution__kind=InstitutionKind.COLLEGE)
    if technical_only:
        programs = programs.filter(specialty__is_technical=True)
    return breakdown_of(
        programs,
        Sum("state_funded_seats"),
        region="institution__region__iso_code",
        institution="institution_id",
    )
