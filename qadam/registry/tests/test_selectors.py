"""Every registry selector, per role: people only within scope, reference data for all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pydantic import ValidationError

from qadam.registry import selectors
from qadam.registry.choices import Funding
from qadam.registry.filters import (
    EducatorFilters,
    EnterpriseFilters,
    InstitutionFilters,
    ProgramFilters,
    SpecialtyFilters,
    StudentCountFilters,
    StudentFilters,
)
from qadam.registry.models import Educator, Enterprise, Institution, Program, Student
from qadam.registry.tests.factories import (
    ROLES,
    EnterpriseFactory,
    InstitutionFactory,
    OccupationFactory,
    SpecialtyFactory,
)


def visible_students(world, role):
    return {
        "ministry_admin": world.all_students,
        "analyst": [],
        "college_admin_a": world.students_a,
        "college_admin_b": world.students_b,
        "university_admin": [world.university_student, world.branch_student],
        "enterprise_hr": [],
        "student": [world.students_a[0]],
        "guidance_organiser": [],
    }[role]


def visible_educators(world, role):
    return {
        "ministry_admin": world.all_educators,
        "college_admin_a": world.educators_a,
        "college_admin_b": world.educators_b,
    }.get(role, [])


def ids(objects):
    return sorted(o.pk for o in objects)


# --------------------------------------------------------------------------- people


@pytest.mark.parametrize("role", ROLES)
def test_student_list_shows_exactly_the_students_in_scope(world, users, role):
    listed = selectors.student_list(user=users[role])
    assert ids(listed) == ids(visible_students(world, role))


@pytest.mark.parametrize("role", ROLES)
def test_student_get_finds_students_in_scope_and_no_others(world, users, role):
    in_scope = {s.pk for s in visible_students(world, role)}
    for student in world.all_students:
        if student.pk in in_scope:
            assert selectors.student_get(user=users[role], student_id=student.pk) == student
        else:
            with pytest.raises(Student.DoesNotExist):
                selectors.student_get(user=users[role], student_id=student.pk)


def test_student_get_of_a_missing_id_is_does_not_exist(world, users):
    with pytest.raises(Student.DoesNotExist):
        selectors.student_get(user=users["ministry_admin"], student_id=10**9)


@pytest.mark.parametrize("role", ROLES)
def test_educator_list_shows_exactly_the_educators_in_scope(world, users, role):
    listed = selectors.educator_list(user=users[role])
    assert ids(listed) == ids(visible_educators(world, role))


def test_educator_list_filters_by_institution_within_scope(world, users):
    ministry = selectors.educator_list(
        user=users["ministry_admin"], filters=EducatorFilters(institution=world.college_b.pk)
    )
    assert ids(ministry) == ids(world.educators_b)
    college_a = selectors.educator_list(
        user=users["college_admin_a"], filters=EducatorFilters(institution=world.college_b.pk)
    )
    assert list(college_a) == []


def test_inactive_college_admin_sees_no_one(world, users):
    admin = users["college_admin_a"]
    admin.is_active = False
    admin.save()
    assert list(selectors.student_list(user=admin)) == []
    assert list(selectors.educator_list(user=admin)) == []
    assert selectors.student_counts(user=admin, filters=StudentCountFilters(by="institution")) == []


# --------------------------------------------------------------------------- filters


def test_student_filters_by_region_specialty_funding_and_institution(world, users):
    ministry = users["ministry_admin"]
    a0, a1, a2 = world.students_a
    b0, b1, b2 = world.students_b

    def listed(**filters):
        return ids(selectors.student_list(user=ministry, filters=StudentFilters(**filters)))

    assert listed(region=world.region_b.pk) == ids([a2, b0, b1, b2, world.branch_student])
    assert listed(specialty=world.programs_a[0].specialty_id) == ids([a0, a2])
    assert listed(funding="paid") == ids([a1, b2])
    assert listed(institution=world.college_b.pk) == ids([b0, b1, b2])
    assert listed(year_of_study=2) == ids([a1])
    assert listed(institution=world.college_b.pk, funding="paid") == ids([b2])
    assert listed(region=world.region_b.pk, institution=world.college_a.pk) == ids([a2])


def test_student_search_by_iin_prefix(world, users):
    ministry = users["ministry_admin"]
    target = world.students_b[1]
    found = selectors.student_list(user=ministry, filters=StudentFilters(q=target.iin))
    assert ids(found) == [target.pk]
    same_birthday = [s for s in world.all_students if s.iin[:6] == target.iin[:6]]
    found = selectors.student_list(user=ministry, filters=StudentFilters(q=target.iin[:6]))
    assert ids(found) == ids(same_birthday)


def test_student_search_by_surname_prefix(world, users):
    ministry = users["ministry_admin"]
    a0, _a1, a2 = world.students_a
    b0 = world.students_b[0]
    found = selectors.student_list(user=ministry, filters=StudentFilters(q="Аб"))
    assert ids(found) == ids([a0, a2, b0])
    found = selectors.student_list(user=ministry, filters=StudentFilters(q="Абд"))
    assert ids(found) == [a2.pk]


def test_student_search_is_limited_to_scope(world, users):
    college_a = users["college_admin_a"]
    a0, _a1, a2 = world.students_a
    found = selectors.student_list(user=college_a, filters=StudentFilters(q="Аб"))
    assert ids(found) == ids([a0, a2])
    other = world.students_b[0]
    assert list(selectors.student_list(user=college_a, filters=StudentFilters(q=other.iin))) == []


def test_filters_from_a_query_string_drop_malformed_values(world, users):
    filters = StudentFilters.from_query({"region": "abc", "funding": " paid ", "q": ""})
    assert filters == StudentFilters(funding="paid")
    found = selectors.student_list(user=users["ministry_admin"], filters=filters)
    assert ids(found) == ids([world.students_a[1], world.students_b[2]])


# --------------------------------------------------------------------------- counts


def counts_by_key(user, by="institution", **filters):
    rows = selectors.student_counts(user=user, filters=StudentCountFilters(by=by, **filters))
    return {row["key"]: row["count"] for row in rows}


@pytest.mark.parametrize("role", ["ministry_admin", "analyst"])
def test_national_roles_count_every_student(world, users, role):
    counts = counts_by_key(users[role])
    exact = {world.college_a.pk: 3, world.college_b.pk: 3, world.university.pk: 1}
    exact[world.branch.pk] = 1
    # an analyst sees a count below the minimum cell size (5) as "<5"
    assert counts == ({key: "<5" for key in exact} if role == "analyst" else exact)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("college_admin_a", {"college_a": 3}),
        ("college_admin_b", {"college_b": 3}),
        ("university_admin", {"university": 1, "branch": 1}),
    ],
)
def test_institution_roles_count_only_their_institutions(world, users, role, expected):
    counts = counts_by_key(users[role])
    assert counts == {getattr(world, name).pk: count for name, count in expected.items()}


def test_college_admin_counts_by_funding_cover_only_their_college(world, users):
    counts = counts_by_key(users["college_admin_a"], by="funding")
    assert counts == {"state_order": 2, "paid": 1}


@pytest.mark.parametrize("role", ["enterprise_hr", "student", "guidance_organiser"])
def test_roles_without_aggregates_get_no_counts(world, users, role):
    assert (
        selectors.student_counts(user=users[role], filters=StudentCountFilters(by="region")) == []
    )


def test_counts_by_region_are_labelled_with_region_names(world, users):
    rows = selectors.student_counts(
        user=users["ministry_admin"], filters=StudentCountFilters(by="region")
    )
    assert rows == [
        {"key": world.region_b.pk, "label": world.region_b.name, "count": 5},
        {"key": world.region_a.pk, "label": world.region_a.name, "count": 3},
    ]


def test_counts_by_funding_and_year(world, users):
    rows = selectors.student_counts(
        user=users["ministry_admin"], filters=StudentCountFilters(by="funding")
    )
    assert rows == [
        {"key": "state_order", "label": str(Funding.STATE_ORDER.label), "count": 6},
        {"key": "paid", "label": str(Funding.PAID.label), "count": 2},
    ]
    assert counts_by_key(users["ministry_admin"], by="year_of_study") == {1: 7, 2: 1}


def test_counts_by_specialty(world, users):
    counts = counts_by_key(users["college_admin_b"], by="specialty")
    assert counts == {world.programs_b[0].specialty_id: 1, world.programs_b[1].specialty_id: 2}


def test_counts_honour_filters(world, users):
    assert counts_by_key(users["ministry_admin"], funding="paid") == {
        world.college_a.pk: 1,
        world.college_b.pk: 1,
    }
    assert counts_by_key(users["ministry_admin"], region=world.region_a.pk) == {
        world.college_a.pk: 2,
        world.university.pk: 1,
    }


def test_an_unknown_grouping_is_not_a_filter(world, users):
    with pytest.raises(ValidationError):
        StudentCountFilters(by="iin")
    assert StudentCountFilters.from_query({"by": "iin"}).by == "region"  # the page's default


@pytest.mark.parametrize("search", ["iin", "last_name"])
def test_analyst_counts_cannot_single_out_a_person(world, users, search):
    """An analyst sees counts, never people: a search for one person's IIN or surname must
    not tell where that person studies (it would re-identify them)."""
    person = world.students_b[1]
    counts = counts_by_key(users["analyst"], q=getattr(person, search))
    assert counts != {person.institution_id: 1}
    assert counts == counts_by_key(users["analyst"])


# --------------------------------------------------------------------------- reference data


@pytest.mark.parametrize("role", ROLES)
def test_reference_data_is_the_same_for_every_role(world, users, role):
    user = users[role]
    assert ids(selectors.institution_list(user=user)) == ids(Institution.objects.all())
    assert ids(selectors.enterprise_list(user=user)) == [world.enterprise.pk]
    assert ids(selectors.program_list(user=user)) == ids(Program.objects.all())
    assert (
        selectors.institution_get(user=user, institution_id=world.college_b.pk) == world.college_b
    )
    assert (
        selectors.enterprise_get(user=user, enterprise_id=world.enterprise.pk) == world.enterprise
    )
    program = world.programs_b[0]
    assert selectors.program_get(user=user, program_id=program.pk) == program


@pytest.mark.parametrize(
    ("selector", "key", "model"),
    [
        (selectors.institution_get, "institution_id", Institution),
        (selectors.enterprise_get, "enterprise_id", Enterprise),
        (selectors.program_get, "program_id", Program),
    ],
)
def test_get_of_a_missing_id_is_does_not_exist(world, users, selector, key, model):
    with pytest.raises(model.DoesNotExist):
        selector(user=users["ministry_admin"], **{key: 10**9})


def test_institution_list_filters(world, users):
    user = users["guidance_organiser"]
    pearl = InstitutionFactory(
        name_ru="Жемчужина", name_en="Pearl College", name_kk="Інжу", region=world.region_a
    )

    def listed(**filters):
        return ids(selectors.institution_list(user=user, filters=InstitutionFilters(**filters)))

    assert listed(kind="college") == ids([world.college_a, world.college_b, pearl])
    assert listed(kind="foreign_branch") == [world.branch.pk]
    assert listed(region=world.region_b.pk) == ids([world.college_b, world.branch])
    assert listed(q="Жемчуж") == [pearl.pk]
    assert listed(q="pearl") == [pearl.pk]
    assert listed(q="Інжу") == [pearl.pk]
    assert listed(q="Pearl", region=world.region_b.pk) == []


def test_enterprise_list_filters(world, users):
    user = users["enterprise_hr"]
    other = EnterpriseFactory(name="АО «Курылыс»", sector="construction", region=world.region_b)

    def listed(**filters):
        return ids(selectors.enterprise_list(user=user, filters=EnterpriseFilters(**filters)))

    assert listed(region=world.region_b.pk) == [other.pk]
    assert listed(sector="construction") == [other.pk]
    assert listed(sector="energy") == [world.enterprise.pk]
    assert listed(q="Курылыс") == [other.pk]
    assert listed(q=other.bin[:10]) == [other.pk]


def test_program_list_filters(world, users):
    user = users["analyst"]

    def listed(**filters):
        return ids(selectors.program_list(user=user, filters=ProgramFilters(**filters)))

    assert listed(institution=world.college_a.pk) == ids(world.programs_a)
    assert listed(specialty=world.programs_b[1].specialty_id) == [world.programs_b[1].pk]
    assert listed(sector="services") == ids([world.programs_a[1], world.programs_b[1]])
    in_region_b = Program.objects.filter(institution__region=world.region_b)
    assert listed(region=world.region_b.pk) == ids(in_region_b)
    assert set(listed(region=world.region_b.pk)) >= {p.pk for p in world.programs_b}


def test_specialty_list_filters_by_sector_and_text(db):
    welding = SpecialtyFactory(
        code="07150100", name_ru="Сварочное дело", name_en="Welding", sector="mechanical"
    )
    nursing = SpecialtyFactory(
        code="09130100", name_ru="Сестринское дело", name_en="Nursing", sector="health"
    )
    assert ids(selectors.specialty_list()) == ids([welding, nursing])
    assert ids(selectors.specialty_list(filters=SpecialtyFilters(sector="health"))) == [nursing.pk]
    assert ids(selectors.specialty_list(filters=SpecialtyFilters(q="Welding"))) == [welding.pk]
    assert ids(selectors.specialty_list(filters=SpecialtyFilters(q="Сестр"))) == [nursing.pk]
    assert ids(selectors.specialty_list(filters=SpecialtyFilters(q="0715"))) == [welding.pk]


def test_region_and_occupation_lists_are_ordered(world):
    assert [r.pk for r in selectors.region_list()] == [world.region_a.pk, world.region_b.pk]
    later, earlier = OccupationFactory(code="8000"), OccupationFactory(code="1000")
    assert list(selectors.occupation_list()) == [earlier, later]


# --------------------------------------------------------------------------- totals


def test_registry_totals_count_each_kind_apart(world):
    InstitutionFactory(school=True, region=world.region_a)
    totals = selectors.registry_totals()
    assert (totals["regions"], totals["enterprises"]) == (2, 1)
    # two colleges with 3 students and 2 programs each, (20 + 10) state-funded seats each
    assert (totals["colleges"], totals["college_students"], totals["college_programs"]) == (2, 6, 4)
    assert totals["college_state_funded_seats"] == 2 * (20 + 10)
    assert [(k["kind"], k["institutions"], k["students"]) for k in totals["by_kind"]] == [
        ("college", 2, 6),
        ("university", 1, 1),
        ("foreign_branch", 1, 1),
        ("school", 1, 0),
    ]
    # funding per kind that has students; the columns sum to each kind's students
    columns = list(zip(*(row["counts"] for row in totals["by_funding"]), strict=True))
    assert [sum(column) for column in columns] == [6, 1, 1]


def test_registry_totals_read_the_students_once_without_a_join(world):
    """The home page's headline: one grouped pass over the students that an index serves
    (joining each student to its institution took 0.5 s at national scale), however many
    institutions there are."""
    InstitutionFactory.create_batch(3, region=world.region_a)
    with CaptureQueriesContext(connection) as queries:
        selectors.registry_totals()
    reads = [q["sql"] for q in queries.captured_queries if '"registry_student"' in q["sql"]]
    assert len(reads) == 1
    assert "JOIN" not in reads[0]
    assert len(queries) == 7


def test_dataset_statistics_count_colleges_and_their_seats(world):
    InstitutionFactory(school=True, region=world.region_a)
    stats = selectors.dataset_statistics()
    assert stats["regions"] == 2
    assert stats["colleges"] == 2
    assert stats["students"] == 8
    assert stats["college_students"] == 6
    assert stats["universities"] == 1  # the branch's parent is the world's university
    assert stats["foreign_branches"] == 1
    assert stats["foreign_branch_students"] == 1
    assert stats["schools"] == 1
    assert stats["educators"] == Educator.objects.count() == 4
    # college programs: technical 2 x 20 seats, services 2 x 10 seats
    assert stats["state_funded_first_year_seats"] == 60
    assert stats["technical_share_of_state_funded"] == round(40 / 60, 4)
