"""Reads of organisations, programs, specialties and occupations: public reference data,
scoped where a list is one's own (what a user may write)."""

from django.db.models import Q, QuerySet

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.common.collation import in_reader_order
from qadam.registry.choices import InstitutionKind
from qadam.registry.filters import (
    EnterpriseFilters,
    InstitutionFilters,
    ProgramFilters,
    SpecialtyFilters,
)
from qadam.registry.models import (
    Enterprise,
    Institution,
    Occupation,
    Program,
    Region,
    Specialty,
)


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
