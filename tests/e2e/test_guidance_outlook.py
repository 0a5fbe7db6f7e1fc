"""A pupil in Atyrau with strong Realistic interests takes the diagnostic on a phone and sees
oil-and-gas and energy specialties first, each with what Atyrau will need when they could
graduate, and the colleges that teach them; a switch shows interest fit alone.

The world is built here: Atyrau's economy is oil and gas (and some energy), Karaganda's is
mining; mining fits a Realistic pupil a little better than drilling does.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from qadam.guidance.instruments import instrument_load
from qadam.guidance.recommend import forget_catalogue
from qadam.planning.outlook import forget_outlook
from qadam.registry.models import Institution, Region
from qadam.registry.tests.factories import (
    EnterpriseFactory,
    InstitutionFactory,
    OccupationFactory,
    ProgramFactory,
    RegionFactory,
    SpecialtyFactory,
)
from tests.e2e.test_guidance import SCREENS, answer_screen, fits_the_screen, phone  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _profile(r, i, a, s, e, c):
    return dict(riasec_r=r, riasec_i=i, riasec_a=a, riasec_s=s, riasec_e=e, riasec_c=c)


# name, sector, ISCO code, RIASEC profile, taught in Atyrau
CATALOGUE = [
    ("Drilling of oil and gas wells", "oil_gas", "8113", (6.5, 3.5, 1.5, 2.5, 3, 3.5), True),
    ("Oil and gas processing", "oil_gas", "8131", (6, 4, 1.5, 2, 2.5, 4.5), True),
    ("Power supply (electrician)", "energy", "7411", (6.5, 4.5, 1.5, 2, 2.5, 3), True),
    ("Underground mining", "mining", "8111", (6.5, 5, 1.2, 1.2, 1.5, 4), False),
    ("Nursing", "health", "3221", (2.5, 4, 2, 6.5, 2.5, 3.5), True),
    ("Design", "services", "2166", (2, 3, 6.8, 3, 3.5, 2.5), False),
    ("Accounting", "services", "3313", (1.5, 3, 1.5, 2.5, 4.5, 6.5), True),
]


@dataclass(frozen=True)
class Country:
    atyrau: Region
    school: Institution
    oil_college: Institution
    energy_college: Institution


@pytest.fixture
def country(db) -> Iterator[Country]:
    forget_catalogue()
    forget_outlook()
    instrument_load()
    atyrau = RegionFactory.create(
        name_en="Atyrau Region", name_ru="Атырауская область", kato="23", iso_code="KZ-ATY"
    )
    karaganda = RegionFactory.create(
        name_en="Karaganda Region", name_ru="Карагандинская область", kato="35", iso_code="KZ-KAR"
    )
    school = InstitutionFactory.create(school=True, region=atyrau)
    oil_college = InstitutionFactory.create(region=atyrau, name_en="Atyrau Oil and Gas College")
    energy_college = InstitutionFactory.create(region=atyrau, name_en="Atyrau Energy College")
    mining_college = InstitutionFactory.create(region=karaganda, name_en="Karaganda Mining College")
    services_college = InstitutionFactory.create(region=atyrau, name_en="Atyrau Service College")
    for name, sector, isco, profile, in_atyrau in CATALOGUE:
        specialty = SpecialtyFactory.create(
            name_en=name,
            sector=sector,
            occupations=[OccupationFactory.create(code=isco, **_profile(*profile))],
        )
        college = {"oil_gas": oil_college, "energy": energy_college, "mining": mining_college}
        where = college.get(sector, services_college if in_atyrau else mining_college)
        ProgramFactory.create(
            institution=where, specialty=specialty, capacity=50, state_funded_seats=40
        )
    # Atyrau's economy: oil and gas, some energy; Karaganda's: mining
    for region, sector, count in (
        (atyrau, "oil_gas", 12),
        (atyrau, "energy", 3),
        (atyrau, "services", 2),
        (karaganda, "mining", 12),
    ):
        for _ in range(count):
            EnterpriseFactory.create(region=region, sector=sector, size="large")
    yield Country(atyrau, school, oil_college, energy_college)
    forget_catalogue()
    forget_outlook()


def take_the_diagnostic(page: Page, base: str, country: Country) -> None:
    page.goto(f"{base}/guidance/start/")
    page.fill("#id_age", "15")
    page.select_option("#id_region", value=str(country.atyrau.pk))
    page.select_option("#id_school", value=str(country.school.pk))
    page.locator("label[for=id_consent]").click()
    page.get_by_test_id("start").click()
    for number in range(1, SCREENS + 1):
        expect(page.locator("#screen")).to_have_attribute("data-screen", str(number))
        answer_screen(page)  # Realistic 5, Investigative 4, Conventional 3, the rest 1
        page.get_by_test_id("next" if number < SCREENS else "finish").click()
    page.wait_for_url(f"{base}/guidance/r/*/")


def test_a_realistic_pupil_in_atyrau_sees_oil_gas_and_energy_with_atyraus_outlook(
    country: Country,
    live_server: object,
    phone: Page,  # noqa: F811
) -> None:
    base = str(live_server)
    take_the_diagnostic(phone, base, country)
    expect(phone.get_by_test_id("holland-code")).to_have_text("RIC")
    expect(phone.get_by_test_id("ranking")).to_contain_text("(30%)")
    cards = phone.get_by_test_id("recommendation")
    expect(cards).to_have_count(5)
    top = [cards.nth(i).locator("h3").inner_text() for i in range(3)]
    assert any("Drilling" in t or "Oil and gas" in t for t in top), top
    assert any("Power supply" in t for t in top), top
    drilling = cards.filter(has_text="Drilling of oil and gas wells")
    expect(drilling.get_by_test_id("outlook")).to_contain_text(
        "when you could graduate, Atyrau Region will need about"
    )
    expect(drilling.get_by_test_id("outlook")).to_contain_text(
        "40 state-funded first-year seats this year"
    )
    expect(drilling.get_by_test_id("college")).to_contain_text("Atyrau Oil and Gas College")
    power = cards.filter(has_text="Power supply (electrician)")
    expect(power.get_by_test_id("outlook")).to_contain_text("Atyrau Region will need about")
    expect(power.get_by_test_id("college")).to_contain_text("Atyrau Energy College")
    mining = cards.filter(has_text="Underground mining")
    expect(mining.get_by_test_id("outlook")).to_contain_text("almost no openings")
    assert fits_the_screen(phone)

    # the switch: interest fit alone puts mining, the best fit, first
    phone.get_by_test_id("rank-by-interests").click()
    expect(phone.get_by_test_id("ranking")).to_contain_text("whatever your region needs")
    expect(cards.first.locator("h3")).to_contain_text("Underground mining")
    expect(cards.first.get_by_test_id("college")).to_contain_text("Karaganda Mining College")
    phone.get_by_test_id("rank-with-outlook").click()
    expect(phone.get_by_test_id("ranking")).to_contain_text("(30%)")
