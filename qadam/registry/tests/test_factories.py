"""The factories make records the registry would accept: valid identifiers, clean models."""

from datetime import date

import pytest

from qadam.registry.identifiers import parse_iin, validate_bin
from qadam.registry.tests.factories import (
    EducatorFactory,
    EnterpriseFactory,
    InstitutionFactory,
    OccupationFactory,
    ProgramFactory,
    SpecialtyFactory,
    StudentFactory,
    UserFactory,
    bin_for,
    iin_for,
)


@pytest.mark.parametrize("born", [date(1899, 12, 31), date(1999, 1, 1), date(2008, 2, 29)])
@pytest.mark.parametrize("sex", ["M", "F"])
def test_iin_for_is_valid_and_unique_for_every_serial(born, sex):
    iins = [iin_for(born, sex, serial) for serial in range(5000)]
    assert len(set(iins)) == 5000
    for iin in iins[::97]:
        assert (parse_iin(iin).birth_date, parse_iin(iin).sex) == (born, sex)
    assert all(parse_iin(iin) for iin in iins)


def test_bin_for_is_valid_and_unique():
    bins = [bin_for(date(2010, 5, 1), serial) for serial in range(0, 50_000, 7)]
    assert len(set(bins)) == len(bins)
    assert all(validate_bin(value) for value in bins)


def test_people_factories_make_valid_consistent_unique_people(db):
    people = [*StudentFactory.create_batch(40), *EducatorFactory.create_batch(10)]
    for person in people:
        person.full_clean()
        assert (person.birth_date, person.sex) == (
            parse_iin(person.iin).birth_date,
            parse_iin(person.iin).sex,
        )
    assert len({p.iin for p in people}) == len(people)
    assert {p.sex for p in people} == {"M", "F"}


@pytest.mark.parametrize(
    "factory",
    [
        InstitutionFactory,
        lambda: InstitutionFactory(university=True),
        lambda: InstitutionFactory(foreign_branch=True),
        lambda: InstitutionFactory(school=True),
        EnterpriseFactory,
        ProgramFactory,
        SpecialtyFactory,
        OccupationFactory,
    ],
)
def test_organisation_factories_pass_model_validation(db, factory):
    record = factory()
    record.full_clean()
    if getattr(record, "bin", None):
        validate_bin(record.bin)


def test_foreign_branch_belongs_to_a_university(db):
    branch = InstitutionFactory(foreign_branch=True)
    assert branch.parent.kind == "university"
    assert list(branch.parent.branches.all()) == [branch]


def test_student_studies_in_a_program_of_their_own_institution(db):
    student = StudentFactory()
    assert student.program.institution == student.institution
    assert student.region == student.institution.region


@pytest.mark.parametrize(
    "make",
    [
        UserFactory.ministry_admin,
        UserFactory.analyst,
        UserFactory.college_admin,
        UserFactory.university_admin,
        UserFactory.enterprise_hr,
        UserFactory.student_user,
        UserFactory.guidance_organiser,
    ],
)
def test_user_factory_role_helpers_make_valid_users(db, make):
    user = make()
    user.full_clean()
    assert user.check_password("qadam-test-password")
