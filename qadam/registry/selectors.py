"""Every read of the registry, scoped to what the user may see.

Organisations, programs, specialties and occupations are public reference data; people
(students, educators) are personal data: only the roles that need them see them.
"""

import math
import statistics
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope, user_scope
from qadam.common.breakdown import Breakdown, breakdown_of
from qadam.common.collation import in_reader_order
from qadam.common.disclosure import cell, masks_small_counts, total_shown
from qadam.registry.choices import Funding, InstitutionKind, StudentGrouping
from qadam.registry.filters import (
    EducatorFilters,
    EnterpriseFilters,
    InstitutionFilters,
    ProgramFilters,
    SpecialtyFilters,
    StudentCountFilters,
    StudentFilters,
)
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

# grouping key -> (column, model whose localized name labels it, or None for a choice)
STUDENT_GROUPINGS: dict[str, tuple[str, type[Any] | None]] = {
    StudentGrouping.REGION: ("region_id", Region),
    StudentGrouping.FUNDING: ("funding", None),
    StudentGrouping.INSTITUTION: ("institution_id", Institution),
    StudentGrouping.SPECIALTY: ("program__specialty_id", Specialty),
    StudentGrouping.YEAR_OF_STUDY: ("year_of_study", None),
}


def region_list() -> QuerySet[Region]:
    """The 20 regions in the reader's alphabetical order."""
    return in_reader_order(Region.objects.all())


def specialty_list(*, filters: SpecialtyFilters | None = None) -> QuerySet[Specialty]:
    queryset = Specialty.objects.order_by("code")
    if filters and filters.sector:
        queryset = queryset.filter(sector=filters.sector)
    if filters and filters.q:
        queryset = (
            queryset.filter(name_ru__icontains=filters.q)
            | queryset.filter(name_en__icontains=filters.q)
            | queryset.filter(code__istartswith=filters.q)
        )
    return queryset


def occupation_list() -> QuerySet[Occupation]:
    return Occupation.objects.order_by("code")


def institution_list(
    *, user: User, filters: InstitutionFilters | None = None
) -> QuerySet[Institution]:
    filters = filters or InstitutionFilters()
    queryset = Institution.objects.select_related("region", "parent")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.region:
        queryset = queryset.filter(region_id=filters.region)
    if filters.q:
        queryset = (
            queryset.filter(name_ru__icontains=filters.q)
            | queryset.filter(name_en__icontains=filters.q)
            | queryset.filter(name_kk__icontains=filters.q)
        )
    return queryset.order_by("name_ru", "id")


def institution_get(*, user: User, institution_id: int) -> Institution:
    return Institution.objects.select_related("region", "parent").get(pk=institution_id)


def enterprise_list(
    *, user: User, filters: EnterpriseFilters | None = None
) -> QuerySet[Enterprise]:
    filters = filters or EnterpriseFilters()
    queryset = Enterprise.objects.select_related("region")
    if filters.region:
        queryset = queryset.filter(region_id=filters.region)
    if filters.sector:
        queryset = queryset.filter(sector=filters.sector)
    if filters.q:
        queryset = queryset.filter(name__icontains=filters.q) | queryset.filter(
            bin__startswith=filters.q
        )
    return queryset.order_by("name", "id")


def enterprise_get(*, user: User, enterprise_id: int) -> Enterprise:
    return Enterprise.objects.select_related("region").get(pk=enterprise_id)


def program_list(*, user: User, filters: ProgramFilters | None = None) -> QuerySet[Program]:
    filters = filters or ProgramFilters()
    queryset = Program.objects.select_related("institution", "specialty", "institution__region")
    if filters.region:
        queryset = queryset.filter(institution__region_id=filters.region)
    if filters.specialty:
        queryset = queryset.filter(specialty_id=filters.specialty)
    if filters.institution:
        queryset = queryset.filter(institution_id=filters.institution)
    if filters.sector:
        queryset = queryset.filter(specialty__sector=filters.sector)
    return queryset.order_by("institution__name_ru", "specialty__code", "id")


def institution_list_writable(*, user: User) -> QuerySet[Institution]:
    """The institutions whose programs and people `user` may change: for the ministry every
    college, university and branch; for an institution's administrator their own (and its
    branches); for anyone else none."""
    scope = user_scope(user=user)
    institutions = institution_list(user=user).exclude(
        kind__in=[InstitutionKind.SCHOOL, InstitutionKind.FOREIGN_PARTNER]
    )
    if scope.all_people:
        return institutions
    return institutions.filter(pk__in=scope.institution_ids)


INSTITUTIONS_SHOWN = 30  # an institution search lists this many at most


def institution_options(
    *, institutions: QuerySet[Institution], q: str, chosen: int | None = None
) -> tuple[list[tuple[int, str]], bool]:
    """An institution select's options among `institutions` (its form's queryset) with
    every word of `q` in a name, `chosen` kept (first when it does not match), and whether
    more match than are shown."""
    found = institutions
    for word in q.split()[:5]:
        # SQLite's LIKE folds ASCII case only: the word as typed, lower, capitalised, upper
        named = Q(pk__in=[])
        for variant in {word, word.lower(), word.capitalize(), word.upper()}:
            for language in ("ru", "kk", "en"):
                named |= Q(**{f"name_{language}__icontains": variant})
        found = found.filter(named)
    listed = list(found.order_by("name_ru", "pk")[: INSTITUTIONS_SHOWN + 1])
    shown = [(i.pk, str(i)) for i in listed[:INSTITUTIONS_SHOWN]]
    if chosen and all(pk != chosen for pk, _name in shown):
        shown[:0] = [(i.pk, str(i)) for i in institutions.filter(pk=chosen)]
    return shown, len(listed) > INSTITUTIONS_SHOWN


def program_choices(
    *, user: User, q: str = "", institution_id: int | None = None
) -> QuerySet[Program]:
    """The programs a student may be enrolled in by `user` (those of the institutions they
    may change; of `institution_id` when given) with every word of `q` in the specialty's
    code or name or the institution's name: the student form's program search."""
    programs = Program.objects.filter(institution__in=institution_list_writable(user=user))
    if institution_id is not None:
        programs = programs.filter(institution_id=institution_id)
    for word in q.split()[:5]:
        programs = programs.filter(_program_word(word))
    return programs.select_related("specialty", "institution").order_by(
        "institution__name_ru", "specialty__code", "id"
    )


def _program_word(word: str) -> Q:
    # SQLite's LIKE folds ASCII case only: try the word as typed, lower and capitalised too
    named = Q()
    for variant in {word, word.lower(), word.capitalize()}:
        for language in ("ru", "kk", "en"):
            named |= Q(**{f"name_{language}__icontains": variant})
    # the small tables are searched first, then the programs by their ids
    specialties = Specialty.objects.filter(named | Q(code__istartswith=word)).values("id")
    institutions = Institution.objects.filter(named).values("id")
    return Q(specialty_id__in=specialties) | Q(institution_id__in=institutions)


def program_get(*, user: User, program_id: int) -> Program:
    return Program.objects.select_related("institution", "specialty").get(pk=program_id)


def _people_in_scope(queryset: QuerySet[Any], scope: Scope) -> QuerySet[Any]:
    if scope.all_people:
        return queryset
    if scope.institution_ids:
        return queryset.filter(institution_id__in=scope.institution_ids)
    if scope.student_id is not None and queryset.model is Student:
        return queryset.filter(pk=scope.student_id)
    return queryset.none()


def _filter_students(queryset: QuerySet[Student], filters: StudentFilters) -> QuerySet[Student]:
    exact = {
        "region_id": filters.region,
        "institution_id": filters.institution,
        "program__specialty_id": filters.specialty,
        "funding": filters.funding,
        "status": filters.status,
        "year_of_study": filters.year_of_study,
    }
    queryset = queryset.filter(**{key: value for key, value in exact.items() if value})
    if filters.q.isdigit():
        queryset = queryset.filter(iin__startswith=filters.q)
    elif filters.q:
        # Surnames are stored capitalised; a case-sensitive prefix can use the index.
        queryset = queryset.filter(last_name__startswith=filters.q[:1].upper() + filters.q[1:])
    return queryset


def student_list(*, user: User, filters: StudentFilters | None = None) -> QuerySet[Student]:
    """The students `user` may see by name, filtered; empty for roles that see only counts."""
    filters = filters or StudentFilters()
    scope = user_scope(user=user)
    queryset = Student.objects.select_related("institution", "region", "program__specialty")
    queryset = _people_in_scope(queryset, scope)
    return _filter_students(queryset, filters).order_by("last_name", "first_name", "id")


def student_get(*, user: User, student_id: int) -> Student:
    """One student `user` may see; Student.DoesNotExist for anyone else's (no existence leak)."""
    scope = user_scope(user=user)
    queryset = Student.objects.select_related("institution", "region", "program__specialty")
    return _people_in_scope(queryset, scope).get(pk=student_id)


def student_visible(*, user: User, student_id: int) -> bool:
    """Whether `student_get` finds the student for `user` (a link's test, one small query)."""
    return (
        _people_in_scope(Student.objects.all(), user_scope(user=user))
        .filter(pk=student_id)
        .exists()
    )


def student_counts(*, user: User, filters: StudentCountFilters) -> list[dict[str, Any]]:
    """Counts of students grouped by `filters.by`, within what `user` may count; no personal
    data. An analyst's counts from 1 to 4 are "<5" (qadam.common.disclosure)."""
    scope = user_scope(user=user)
    masked = masks_small_counts(scope.role)
    return [
        {**row, "count": cell(row["count"], masked=masked)}
        for row in _student_count_rows(scope, filters)
    ]


def _student_count_rows(scope: Scope, filters: StudentCountFilters) -> list[dict[str, Any]]:
    by = filters.by
    if by not in STUDENT_GROUPINGS or not scope.aggregates:
        return []
    queryset = Student.objects.all()
    if not scope.national_aggregates:
        queryset = _people_in_scope(queryset, scope)
    if not scope.sees_people:
        # Searching by IIN or surname would single a person out of the counts.
        filters = filters.model_copy(update={"q": ""})
    key, label_model = STUDENT_GROUPINGS[by]
    rows = list(
        _filter_students(queryset, filters)
        .values(key)
        .annotate(count=Count("id"))
        .order_by("-count", key)
    )
    labels = _labels(label_model, [row[key] for row in rows], by)
    return [
        {"key": row[key], "label": labels.get(row[key], row[key]), "count": row["count"]}
        for row in rows
    ]


def _labels(model: type[Any] | None, keys: list[Any], by: str) -> dict[Any, str]:
    if model is not None:
        return {item.pk: item.name for item in model.objects.filter(pk__in=keys)}
    if by == "funding":
        return {key: str(Funding(key).label) for key in keys if key}
    return {key: str(key) for key in keys}


def educator_list(*, user: User, filters: EducatorFilters | None = None) -> QuerySet[Educator]:
    filters = filters or EducatorFilters()
    scope = user_scope(user=user)
    queryset = _people_in_scope(Educator.objects.select_related("institution"), scope)
    if filters.institution:
        queryset = queryset.filter(institution_id=filters.institution)
    return queryset.order_by("last_name", "first_name", "id")


# The headline's order of kinds: Qadam's colleges first; never one total across kinds.
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
    }


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


def student_count_total(*, user: User, filters: StudentCountFilters) -> Any:
    """The total shown under `student_counts`' rows: exact, or for an analyst one that gives
    no masked row away (qadam.common.disclosure.total_shown)."""
    scope = user_scope(user=user)
    counts = [row["count"] for row in _student_count_rows(scope, filters)]
    return total_shown(counts, masked=masks_small_counts(scope.role))
