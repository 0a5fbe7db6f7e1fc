"""A megaproject's own pipeline, line by line of its current staffing plan.

A line is a specialty or an occupation at a level (the plan's rows summed over phases). For
each: the staff needed each year; the trainees under targeted contracts toward it (offers
tied to the line, or untied contracts with the operator or a contractor whose student
studies a specialty that trains for it); trainees placed at its enterprises; students in
the programs that feed it; the gap left; and the years a seat funded now graduates too late
for, when only people already in training can close the gap.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from qadam.placements.choices import ContractStatus, OfferKind
from qadam.placements.models import Placement, TrainingContract
from qadam.planning import policies
from qadam.planning.choices import PlanLevel
from qadam.planning.demand_model import LEVELS, TRAINS_FOR
from qadam.planning.models import Megaproject, StaffingPlan, StaffingRequirement
from qadam.registry.choices import InstitutionKind, StudentStatus
from qadam.registry.models import Occupation, Program, Specialty, Student

COMMITTED = (ContractStatus.TRAINING, ContractStatus.EMPLOYED)
PLACED = (Placement.Status.PENDING, Placement.Status.ACCEPTED)
IN_TRAINING = (StudentStatus.ACTIVE, StudentStatus.ACADEMIC_LEAVE)


@dataclass
class PipelineLine:
    specialty: Specialty | None
    occupation: Occupation | None
    level: str
    feeds: set[int]  # specialty ids that train for the line
    needed: dict[int, int] = field(default_factory=dict)  # year -> staff needed
    contracted: dict[int, int] = field(default_factory=dict)  # graduation year -> trainees
    placed: int = 0
    feeding: dict[int, int] = field(default_factory=dict)  # graduation year -> students

    @property
    def key(self) -> tuple[int | None, int | None, str]:
        return (
            self.specialty.pk if self.specialty else None,
            self.occupation.pk if self.occupation else None,
            self.level,
        )

    @property
    def peak_year(self) -> int:
        return max(self.needed, key=lambda year: (self.needed[year], -year))

    @property
    def peak(self) -> int:
        return self.needed[self.peak_year]

    def contracted_by(self, year: int) -> int:
        return sum(n for graduation, n in self.contracted.items() if graduation <= year)

    def feeding_by(self, year: int) -> int:
        return sum(n for graduation, n in self.feeding.items() if graduation <= year)

    def gap(self, year: int) -> int:
        """Staff needed in `year` that no contracted trainee will fill by then."""
        return max(self.needed.get(year, 0) - self.contracted_by(year), 0)


@dataclass(frozen=True)
class Pipeline:
    megaproject: Megaproject
    plan: StaffingPlan | None
    lines: list[PipelineLine]
    enterprise_ids: list[int]  # the operator's and the contractors'
    first_new_graduation: int  # the first year a seat funded in this year's intake graduates

    @property
    def contracted(self) -> int:
        return sum(sum(line.contracted.values()) for line in self.lines)


def current_plan(megaproject: Megaproject) -> StaffingPlan | None:
    """The megaproject's newest staffing plan with rows (what a new scenario takes too)."""
    plans = StaffingPlan.objects.filter(megaproject=megaproject, requirements__isnull=False)
    return plans.order_by("-id").first()


def plan_lines(megaproject: Megaproject) -> list[PipelineLine]:
    """The lines of the megaproject's current plan, without counting anyone toward them."""
    plan = current_plan(megaproject)
    return _lines(plan.requirements.all()) if plan else []


def line_label(line: PipelineLine) -> str:
    """The line as a planner reads it: its specialty or occupation, and its level."""
    return f"{_label(line)} · {PlanLevel(line.level).label}"


def megaproject_enterprises(megaproject: Megaproject) -> list[int]:
    ids = [megaproject.enterprise_id] if megaproject.enterprise_id else []
    return ids + list(megaproject.contractors.values_list("enterprise_id", flat=True))


def build_pipeline(megaproject: Megaproject, *, intake_year: int) -> Pipeline:
    """The pipeline as the megaproject's HR and the ministry read it (aggregates only)."""
    plan = current_plan(megaproject)
    lines = _lines(plan.requirements.all() if plan else StaffingRequirement.objects.none())
    enterprises = megaproject_enterprises(megaproject)
    _count_contracts(megaproject, lines, enterprises)
    _count_placed(lines, enterprises)
    _count_feeding(lines)
    return Pipeline(
        megaproject=megaproject,
        plan=plan,
        # workers first, then mid-level, then higher education: the plan's own order
        lines=sorted(lines, key=lambda line: (LEVELS.index(line.level), -line.peak)),
        enterprise_ids=enterprises,
        first_new_graduation=intake_year + _shortest_years(lines),
    )


def _lines(requirements: QuerySet[StaffingRequirement]) -> list[PipelineLine]:
    by_key: dict[tuple[int | None, int | None, str], PipelineLine] = {}
    links = _occupation_specialties()
    rows = requirements.select_related("specialty", "occupation").order_by("year", "id")
    for row in rows:
        key = (row.specialty_id, row.occupation_id, row.level)
        line = by_key.get(key)
        if line is None:
            line = by_key[key] = PipelineLine(
                specialty=row.specialty,
                occupation=row.occupation,
                level=row.level,
                feeds=_feeds(row, links),
            )
        line.needed[row.year] = line.needed.get(row.year, 0) + row.headcount
    return list(by_key.values())


def _occupation_specialties() -> dict[int, list[tuple[int, str]]]:
    """Occupation id -> (specialty id, qualification level) of the specialties training for it."""
    links: dict[int, list[tuple[int, str]]] = defaultdict(list)
    pairs = Specialty.occupations.through.objects.values_list(
        "occupation_id", "specialty_id", "specialty__qualification_level"
    )
    for occupation_id, specialty_id, level in pairs:
        links[occupation_id].append((specialty_id, level))
    return links


def _feeds(row: StaffingRequirement, links: dict[int, list[tuple[int, str]]]) -> set[int]:
    if row.level == PlanLevel.HIGHER:
        return set()  # universities and graduates returning from abroad, not colleges
    if row.specialty_id is not None:
        return {row.specialty_id}
    levels = TRAINS_FOR.get(PlanLevel(row.level), set())
    return {s for s, level in links.get(row.occupation_id or 0, []) if level in levels}


def _line_of(
    lines: Iterable[PipelineLine], specialty_id: int | None, tie: tuple[Any, ...] | None
) -> PipelineLine | None:
    """The line a trainee counts toward: the offer's tie if any, else the first line their
    specialty trains for."""
    for line in lines:
        if tie is not None and line.key == tie:
            return line
    if tie is not None:
        return None  # tied to a line the current plan no longer has
    return next((line for line in lines if specialty_id in line.feeds), None)


def committed_contracts(megaproject_id: int, enterprises: list[int]) -> QuerySet[TrainingContract]:
    """Trainees committed to a megaproject: contracts of offers tied to it, and untied ones
    with its operator or a contractor, in training or already employed."""
    tied = Q(placement__offer__megaproject_tie__megaproject_id=megaproject_id)
    untied = Q(enterprise_id__in=enterprises, placement__offer__megaproject_tie__isnull=True)
    return TrainingContract.objects.filter(tied | untied, status__in=COMMITTED)


def _count_contracts(
    megaproject: Megaproject, lines: list[PipelineLine], enterprises: list[int]
) -> None:
    rows = (
        committed_contracts(megaproject.pk, enterprises)
        .values(
            "student__program__specialty_id",
            "placement__offer__megaproject_tie__specialty_id",
            "placement__offer__megaproject_tie__occupation_id",
            "placement__offer__megaproject_tie__level",
        )
        .annotate(year=ExtractYear("student__expected_graduation_on"), n=Count("id"))
        .order_by()
    )
    for row in rows:
        level = row["placement__offer__megaproject_tie__level"]
        tie = (
            (
                row["placement__offer__megaproject_tie__specialty_id"],
                row["placement__offer__megaproject_tie__occupation_id"],
                level,
            )
            if level
            else None
        )
        line = _line_of(lines, row["student__program__specialty_id"], tie)
        if line is not None and row["year"] is not None:
            line.contracted[row["year"]] = line.contracted.get(row["year"], 0) + row["n"]


def _count_placed(lines: list[PipelineLine], enterprises: list[int]) -> None:
    rows = (
        Placement.objects.filter(
            status__in=PLACED,
            offer__enterprise_id__in=enterprises,
            offer__kind__in=(OfferKind.DUAL, OfferKind.INTERNSHIP),
        )
        .values("student__program__specialty_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        line = _line_of(lines, row["student__program__specialty_id"], None)
        if line is not None:
            line.placed += row["n"]


def _count_feeding(lines: list[PipelineLine]) -> None:
    specialties = set().union(*(line.feeds for line in lines)) if lines else set()
    # the colleges' programs of those specialties first (a few hundred), then their students
    # by program and day, summed per specialty and year here: no join over 600,000 students,
    # and SQLite would extract each year in Python, row by row
    specialty_of = dict(
        Program.objects.filter(
            specialty_id__in=specialties, institution__kind=InstitutionKind.COLLEGE
        ).values_list("id", "specialty_id")
    )
    rows = (
        Student.objects.filter(status__in=IN_TRAINING, program_id__in=specialty_of)
        .values("program_id", "expected_graduation_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        if (day := row["expected_graduation_on"]) is not None:
            by_year = counts[specialty_of[row["program_id"]]]
            by_year[day.year] = by_year.get(day.year, 0) + row["n"]
    for line in lines:
        for specialty_id in line.feeds:
            for year, n in counts.get(specialty_id, {}).items():
                line.feeding[year] = line.feeding.get(year, 0) + n


def _shortest_years(lines: list[PipelineLine]) -> int:
    """The shortest college program, in whole years, among the specialties the lines need."""
    specialties = set().union(*(line.feeds for line in lines)) if lines else set()
    shortest = Program.objects.filter(
        specialty_id__in=specialties, institution__kind=InstitutionKind.COLLEGE
    ).aggregate(months=Min("duration_months"))["months"]
    return -(-(shortest or 34) // 12)


def pipeline_rows(pipeline: Pipeline) -> list[dict[str, Any]]:
    """One row per line, as the pages show it: the peak need, who is on the way to it, the
    gap at the peak and the years only people already in training can still fill."""
    rows = []
    for line in pipeline.lines:
        peak_year = line.peak_year
        # only for what colleges train: universities' lead times are not the seats' here
        late = [
            year
            for year in sorted(line.needed)
            if line.feeds and year < pipeline.first_new_graduation and line.gap(year) > 0
        ]
        rows.append(
            {
                "line": line,
                "label": _label(line),
                "level": PlanLevel(line.level).label,
                "peak": line.peak,
                "peak_year": peak_year,
                "first_year": min(line.needed),
                "contracted": sum(line.contracted.values()),
                "contracted_by_peak": line.contracted_by(peak_year),
                "placed": line.placed,
                "feeding": line.feeding_by(peak_year),
                "gap": line.gap(peak_year),
                "late_years": late,
                "colleges_train": bool(line.feeds),
            }
        )
    return rows


def _label(line: PipelineLine) -> str:
    if line.specialty is not None:
        return f"{line.specialty.code} {line.specialty.name}"
    occupation = line.occupation
    return f"{occupation.code} {occupation.title}" if occupation else "—"


def intake_year() -> int:
    """This year's intake until it is admitted (September), then next year's."""
    today = timezone.localdate()
    return today.year + (1 if today.month >= 9 else 0)


def pipeline_context(user: Any, megaproject: Megaproject) -> dict[str, Any]:
    """What the pipeline partial shows (the page and the operator's home)."""
    pipeline = build_pipeline(megaproject, intake_year=intake_year())
    rows = pipeline_rows(pipeline)
    return {
        "megaproject": megaproject,
        "pipeline": pipeline,
        "pipeline_rows": rows,
        "late_gap": sum(row["gap"] for row in rows if row["late_years"]),
        "may_tie": policies.may_declare_plans(user, megaproject),
    }
