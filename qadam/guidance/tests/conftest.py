"""The real item bank, and a small catalogue whose specialties lean to clear RIASEC types.

`electrician` trains for a Realistic-Investigative occupation, `nurse` for a Social one,
`designer` for an Artistic one; the pupils' region is the world's region A, where college A
teaches `electrician` (see the root conftest.py).
"""

from dataclasses import dataclass

import pytest

from qadam.guidance.instruments import instrument_load
from qadam.guidance.models import Instrument
from qadam.guidance.recommend import forget_catalogue
from qadam.guidance.services.places import forget_places
from qadam.planning.outlook import forget_outlook
from qadam.registry.models import Specialty
from qadam.registry.tests.factories import OccupationFactory, ProgramFactory, SpecialtyFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_outlook():
    """Each test's registry and runs, not a previous test's outlook or regions and schools
    cached in the process."""
    forget_outlook()
    forget_places()
    yield
    forget_outlook()
    forget_places()


@pytest.fixture
def instrument(db) -> Instrument:
    return instrument_load()


@dataclass(frozen=True)
class Catalogue:
    electrician: Specialty
    nurse: Specialty
    designer: Specialty


def _profile(r: float, i: float, a: float, s: float, e: float, c: float) -> dict[str, float]:
    return dict(riasec_r=r, riasec_i=i, riasec_a=a, riasec_s=s, riasec_e=e, riasec_c=c)


@pytest.fixture
def catalogue(world) -> Catalogue:
    forget_catalogue()
    electrician = SpecialtyFactory.create(
        name_en="Electrician",
        occupations=[OccupationFactory.create(code="7411", **_profile(6.5, 4.5, 1.5, 2, 2.5, 3))],
    )
    nurse = SpecialtyFactory.create(
        name_en="Nursing",
        sector="health",
        occupations=[OccupationFactory.create(code="3221", **_profile(2.5, 4, 2, 6.5, 2.5, 3.5))],
    )
    designer = SpecialtyFactory.create(
        name_en="Design",
        sector="services",
        occupations=[OccupationFactory.create(code="2166", **_profile(2, 3, 6.8, 3, 3.5, 2.5))],
    )
    ProgramFactory.create(institution=world.college_a, specialty=electrician, state_funded_seats=25)
    yield Catalogue(electrician, nurse, designer)
    forget_catalogue()
