"""factory_boy factories for the registry and for users of every role.

Identifiers are always valid: IINs and BINs are built with the check digit of
`qadam.registry.identifiers`, and a person's birth date and sex are read back from the IIN.
"""

from datetime import date, timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.registry.choices import (
    EnterpriseSize,
    Funding,
    InstitutionKind,
    Language,
    QualificationLevel,
    Sector,
    StudentStatus,
    StudyForm,
)
from qadam.registry.identifiers import check_digit, parse_iin
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

STUDENTS_BORN_FROM = date(2003, 1, 1)
EDUCATORS_BORN_FROM = date(1965, 1, 1)
DAYS = 3650  # people of one factory are born within ten years


def iin_for(born: date, sex: str, serial: int) -> str:
    """A valid IIN for someone born on `born` of `sex` ("M"/"F"); `serial` is 0..4999.

    When no check digit exists for the serial, serial + 5000 has one (the thousands digit
    moves by 5, which moves the first weighted sum off 10), so IINs stay unique.
    """
    if not 0 <= serial < 5000:
        raise ValueError("serial must be 0..4999")
    century = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100] + (sex == "F")
    head = f"{born:%y%m%d}{century}"
    for candidate in (serial, serial + 5000):
        first_eleven = f"{head}{candidate:04d}"
        digit = check_digit(first_eleven)
        if digit is not None:
            return f"{first_eleven}{digit}"
    raise AssertionError("unreachable: one of the two serials has a check digit")


def bin_for(registered: date, serial: int, *, entity: str = "4", unit: str = "0") -> str:
    """A valid BIN registered in `registered`'s month; `serial` is 0..49999."""
    if not 0 <= serial < 50_000:
        raise ValueError("serial must be 0..49999")
    for candidate in (serial, serial + 50_000):
        first_eleven = f"{registered:%y%m}{entity}{unit}{candidate:05d}"
        digit = check_digit(first_eleven)
        if digit is not None:
            return f"{first_eleven}{digit}"
    raise AssertionError("unreachable: one of the two serials has a check digit")


def _person_iin(born_from: date, n: int) -> str:
    """The n-th IIN of a factory: (birthday, serial) differs for every n below 18 million."""
    sex = "M" if n % 2 == 0 else "F"
    born = born_from + timedelta(days=(n // 2) % DAYS)
    return iin_for(born, sex, (n // (2 * DAYS)) % 5000)


def _bin(n: int, serial_base: int) -> str:
    return bin_for(date(2000 + n % 25, 1 + n % 12, 1), serial_base + n % 20_000)


class RegionFactory(DjangoModelFactory[Region]):
    class Meta:
        model = Region

    # 00-89; the world fixture of conftest.py takes 91 and 92
    kato = factory.Sequence(lambda n: f"{n % 90:02d}")
    iso_code = factory.Sequence(lambda n: f"KZ-{n % 1000:03d}")
    kind = "oblast"
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_kk = factory.Sequence(lambda n: f"{n} облысы")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    population_thousands = 1000


class OccupationFactory(DjangoModelFactory[Occupation]):
    class Meta:
        model = Occupation

    code = factory.Sequence(lambda n: f"{n % 10_000:04d}")
    title_en = factory.Sequence(lambda n: f"Occupation {n}")
    title_ru = factory.Sequence(lambda n: f"Профессия {n}")
    riasec_r = 5.0
    riasec_i = 3.0


class SpecialtyFactory(DjangoModelFactory[Specialty]):
    class Meta:
        model = Specialty
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T{n:06d}")
    name_ru = factory.Sequence(lambda n: f"Специальность {n}")
    name_kk = factory.Sequence(lambda n: f"Мамандық {n}")
    name_en = factory.Sequence(lambda n: f"Specialty {n}")
    qualification_level = QualificationLevel.WORKER
    sector = Sector.ENERGY
    is_technical = True

    @factory.post_generation
    def occupations(self, create: bool, extracted: list[Occupation] | None, **kwargs: object):
        if create and extracted:
            self.occupations.set(extracted)


class InstitutionFactory(DjangoModelFactory[Institution]):
    """A college by default; traits `university`, `foreign_branch` (needs or makes a parent
    university) and `school`."""

    class Meta:
        model = Institution

    kind = InstitutionKind.COLLEGE
    code = factory.Sequence(lambda n: f"I-{n:06d}")
    bin = factory.Sequence(lambda n: _bin(n, serial_base=0))
    region = factory.SubFactory(RegionFactory)
    name_ru = factory.Sequence(lambda n: f"Колледж {n}")
    name_kk = factory.Sequence(lambda n: f"{n} колледжі")
    name_en = factory.Sequence(lambda n: f"College {n}")

    class Params:
        university = factory.Trait(
            kind=InstitutionKind.UNIVERSITY,
            name_ru=factory.Sequence(lambda n: f"Университет {n}"),
            name_kk=factory.Sequence(lambda n: f"{n} университеті"),
            name_en=factory.Sequence(lambda n: f"University {n}"),
            languages="kk,ru,en",
        )
        foreign_branch = factory.Trait(
            kind=InstitutionKind.FOREIGN_BRANCH,
            parent=factory.SubFactory(
                "qadam.registry.tests.factories.InstitutionFactory", university=True
            ),
            ownership="foreign",
            languages="ru",
            name_ru=factory.Sequence(lambda n: f"Филиал {n}"),
            name_kk=factory.Sequence(lambda n: f"{n} филиалы"),
            name_en=factory.Sequence(lambda n: f"Branch {n}"),
        )
        school = factory.Trait(
            kind=InstitutionKind.SCHOOL,
            bin=None,
            name_ru=factory.Sequence(lambda n: f"Школа {n}"),
            name_kk=factory.Sequence(lambda n: f"{n} мектебі"),
            name_en=factory.Sequence(lambda n: f"School {n}"),
        )


class EnterpriseFactory(DjangoModelFactory[Enterprise]):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"ТОО «Предприятие {n}»")
    bin = factory.Sequence(lambda n: _bin(n, serial_base=25_000))
    sector = Sector.ENERGY
    size = EnterpriseSize.MEDIUM
    region = factory.SubFactory(RegionFactory)


class ProgramFactory(DjangoModelFactory[Program]):
    class Meta:
        model = Program

    institution = factory.SubFactory(InstitutionFactory)
    specialty = factory.SubFactory(SpecialtyFactory)
    language = Language.KAZAKH
    form = StudyForm.CLASSIC
    duration_months = 34
    capacity = 25
    state_funded_seats = 20


class StudentFactory(DjangoModelFactory[Student]):
    """A first-year, state-funded student of a program of their institution."""

    class Meta:
        model = Student

    iin = factory.Sequence(lambda n: _person_iin(STUDENTS_BORN_FROM, n))
    birth_date = factory.LazyAttribute(lambda o: parse_iin(o.iin).birth_date)
    sex = factory.LazyAttribute(lambda o: parse_iin(o.iin).sex)
    last_name = factory.Sequence(lambda n: f"Сериков{n}")
    first_name = factory.Sequence(lambda n: f"Арман{n}")
    middle_name = "Бекұлы"
    institution = factory.SubFactory(InstitutionFactory)
    region = factory.SelfAttribute("institution.region")
    program = factory.SubFactory(ProgramFactory, institution=factory.SelfAttribute("..institution"))
    year_of_study = 1
    funding = Funding.STATE_ORDER
    status = StudentStatus.ACTIVE
    enrolled_on = date(2025, 9, 1)
    expected_graduation_on = date(2028, 6, 30)
    grade_average = Decimal("4.00")


class EducatorFactory(DjangoModelFactory[Educator]):
    class Meta:
        model = Educator

    iin = factory.Sequence(lambda n: _person_iin(EDUCATORS_BORN_FROM, n))
    birth_date = factory.LazyAttribute(lambda o: parse_iin(o.iin).birth_date)
    sex = factory.LazyAttribute(lambda o: parse_iin(o.iin).sex)
    last_name = factory.Sequence(lambda n: f"Ахметова{n}")
    first_name = factory.Sequence(lambda n: f"Айгерим{n}")
    institution = factory.SubFactory(InstitutionFactory)
    position = "преподаватель"


class UserFactory(DjangoModelFactory[User]):
    """A user; the class methods make one of each role with its organisation."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = Role.GUIDANCE_ORGANISER
    password = factory.django.Password("qadam-test-password")

    @classmethod
    def ministry_admin(cls, **kwargs: object) -> User:
        return cls.create(role=Role.MINISTRY_ADMIN, is_staff=True, **kwargs)

    @classmethod
    def analyst(cls, **kwargs: object) -> User:
        return cls.create(role=Role.ANALYST, **kwargs)

    @classmethod
    def college_admin(cls, institution: Institution | None = None, **kwargs: object) -> User:
        institution = institution or InstitutionFactory.create()
        return cls.create(role=Role.COLLEGE_ADMIN, institution=institution, **kwargs)

    @classmethod
    def university_admin(cls, institution: Institution | None = None, **kwargs: object) -> User:
        institution = institution or InstitutionFactory.create(university=True)
        return cls.create(role=Role.UNIVERSITY_ADMIN, institution=institution, **kwargs)

    @classmethod
    def enterprise_hr(cls, enterprise: Enterprise | None = None, **kwargs: object) -> User:
        return cls.create(
            role=Role.ENTERPRISE_HR, enterprise=enterprise or EnterpriseFactory.create(), **kwargs
        )

    @classmethod
    def student_user(cls, student: Student | None = None, **kwargs: object) -> User:
        return cls.create(role=Role.STUDENT, student=student or StudentFactory.create(), **kwargs)

    @classmethod
    def guidance_organiser(cls, **kwargs: object) -> User:
        return cls.create(role=Role.GUIDANCE_ORGANISER, **kwargs)

    @classmethod
    def school_counsellor(cls, school: Institution | None = None, **kwargs: object) -> User:
        school = school or InstitutionFactory.create(school=True)
        return cls.create(role=Role.SCHOOL_COUNSELLOR, institution=school, **kwargs)

    @classmethod
    def parent(cls, **kwargs: object) -> User:
        return cls.create(role=Role.PARENT, **kwargs)


# the keys of the `users` fixture (root conftest.py): one user per role
ROLES = (
    "ministry_admin",
    "analyst",
    "college_admin_a",
    "college_admin_b",
    "university_admin",
    "enterprise_hr",
    "student",
    "guidance_organiser",
)
