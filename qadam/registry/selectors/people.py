"""Reads of people (students, educators): personal data, only for the roles that need them,
and the counts of students by a grouping."""

from typing import Any

from django.db.models import Count, QuerySet

from qadam.accounts.models import User
from qadam.accounts.selectors import Scope, user_scope
from qadam.common.disclosure import cell, masks_small_counts, total_shown
from qadam.registry.choices import Funding, StudentGrouping
from qadam.registry.filters import (
    EducatorFilters,
    StudentCountFilters,
    StudentFilters,
)
from qadam.registry.models import (
    Educator,
    Institution,
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


def student_count_total(*, user: User, filters: StudentCountFilters) -> Any:
    """The total shown under `student_counts`' rows: exact, or for an analyst one that gives
    no masked row away (qadam.common.disclosure.total_shown)."""
    scope = user_scope(user=user)
    counts = [row["count"] for row in _student_count_rows(scope, filters)]
    return total_shown(counts, masked=masks_small_counts(scope.role))
