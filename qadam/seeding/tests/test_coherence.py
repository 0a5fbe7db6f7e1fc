"""The seeded country has structure: colleges teach their profile's sectors, enterprises and
offers follow their region's economy, the demo users belong to coherent organisations, and
planning's regional demand reflects the economy (small profile)."""

import json
from collections import Counter
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db import models

from qadam.accounts.models import User
from qadam.joint.models import CohortMember, JointProgramme
from qadam.placements.models import Offer, PlacementRound
from qadam.planning.demand_model import regional_demand
from qadam.planning.models import Megaproject, Scenario, StaffingPlan
from qadam.planning.registry_arrays import SECTORS, read_registry
from qadam.planning.runs import demand_parameters
from qadam.registry.models import Enterprise, Institution, Program, Region
from qadam.registry.seeding.economy import PROFILE_SECTORS, read_economy

pytestmark = pytest.mark.slow


@pytest.fixture
def country(db):
    call_command("seed", profile="small", seed=42, verbosity=0, stdout=StringIO())


def stats_json():
    out = StringIO()
    call_command("stats", json=True, stdout=out)
    return json.loads(out.getvalue())


def test_colleges_teach_their_profiles_sectors_and_keep_the_published_totals(country):
    stats = stats_json()
    assert stats["college_sectors"]["median"] <= 3
    assert stats["college_sectors"]["p95"] <= 5
    assert stats["colleges"] == 8 and stats["college_students"] == 5_560
    assert stats["state_funded_first_year_seats"] == pytest.approx(1_530, rel=0.02)
    assert stats["technical_share_of_state_funded"] == pytest.approx(0.70, abs=0.01)
    for college in Institution.objects.filter(kind="college"):
        main, related = PROFILE_SECTORS[college.profile]
        sectors = set(Program.objects.filter(institution=college).values_list("specialty__sector"))
        taught = {sector for (sector,) in sectors}
        assert taught <= {*main, *related}, (college.name_en, taught)
        assert taught & set(main), college.name_en
    assert not Institution.objects.exclude(kind="college").exclude(profile="").exists()


def test_enterprises_and_offers_follow_the_regions_economy(country):
    economy = read_economy()
    for enterprise in Enterprise.objects.select_related("region"):
        # no oil and gas in the grain belt, no nuclear in the capital
        assert economy[enterprise.region.kato].weight(enterprise.sector) > 0, enterprise.name
    atyrau = Counter(Enterprise.objects.filter(region__kato="23").values_list("sector", flat=True))
    assert atyrau.most_common(1)[0][0] == "oil_gas", atyrau
    taught = set(
        Program.objects.filter(institution__kind="college").values_list(
            "institution__region_id", "specialty_id"
        )
    )
    fits, local, offers = 0, 0, 0
    for offer in Offer.objects.select_related("enterprise").prefetch_related("specialties"):
        specialties = list(offer.specialties.all())
        offers += 1
        fits += all(s.sector == offer.enterprise.sector for s in specialties)
        local += any((offer.region_id, s.id) in taught for s in specialties)
    assert fits == offers
    # an offer's specialties are taught nearby wherever the region teaches its sector at all
    teaches_sector = {
        (region, sector)
        for region, sector in Program.objects.filter(institution__kind="college").values_list(
            "institution__region_id", "specialty__sector"
        )
    }
    nearby = Offer.objects.filter(
        enterprise__in=[
            e.id for e in Enterprise.objects.all() if (e.region_id, e.sector) in teaches_sector
        ]
    ).count()
    assert local >= 0.95 * nearby > 0


def test_regional_demand_follows_the_economy(country):
    """Planning's projected openings in Atyrau are led by oil and gas specialties."""
    registry = read_registry()
    demand = regional_demand(registry, demand_parameters(Scenario.objects.order_by("id")[0]))
    atyrau = int(np.searchsorted(registry.region_id, Region.objects.get(kato="23").id))
    openings = demand[: registry.n_specialties, atyrau, :].sum(axis=1)
    top = np.argsort(-openings, kind="stable")[:3]
    assert {SECTORS[registry.specialty_sector[s]] for s in top} == {"oil_gas"}


def test_demo_users_belong_to_coherent_organisations(country):
    economy = read_economy()
    users = {user.username: user for user in User.objects.select_related("student__program")}
    college = users["college"].institution
    assert college.profile == "energy" and college.region.kato == "19"
    student = users["student"].student
    assert student.institution == college
    assert student.program.specialty.sector in PROFILE_SECTORS[college.profile][0]
    enterprise = users["enterprise"].enterprise
    assert enterprise.sector in economy[enterprise.region.kato].main_industries()
    operator = users["megaproject"].enterprise
    npp = Megaproject.objects.get(code="NPP-1")
    assert operator == npp.enterprise
    assert operator.sector == "nuclear" and operator.region == npp.region
    assert "атомная электростанция" in operator.name and "(демо)" in operator.name


def test_the_npp_has_contractors_and_trainees_under_contract_that_its_pipeline_counts(
    country, client
):
    from qadam.planning.models import AllocationRun
    from qadam.planning.pipeline import build_pipeline

    npp = Megaproject.objects.get(code="NPP-1")
    assert npp.contractors.exists()
    pipeline = build_pipeline(npp, intake_year=2027)
    assert pipeline.contracted > 0
    # the demo enterprise kept its trainees to accept
    demo = User.objects.get(username="enterprise").enterprise
    assert not demo.contracts.exists()
    # every seeded run counts them apart, each filling a hire once at most
    for run in AllocationRun.objects.all():
        contracted = sum(sum(level["contracted"]) for level in run.results["pipeline"][0])
        assert 0 < contracted <= pipeline.contracted
    client.force_login(User.objects.get(username="megaproject"))
    home = client.get("/").content.decode()
    assert 'data-testid="megaproject-pipeline"' in home and npp.name in home


def test_every_seeded_run_spends_its_whole_state_order_in_two_parts(country):
    from qadam.planning.models import AllocationRun

    for run in AllocationRun.objects.all():
        allocation = run.results["allocation"]
        assert allocation["seats"] >= 0.99 * allocation["total_seats"]
        assert allocation["gap_seats"] + allocation["secondary_seats"] == allocation["seats"]
        assert sum(s.seats for s in run.seats.all()) == allocation["seats"]


def test_seeded_names_read_in_kazakh_russian_and_english(country):
    names = ("name", "name_kk", "name_en")
    for model in (Megaproject, StaffingPlan, Scenario, PlacementRound):
        for row in model.objects.values(*names):
            assert all(row.values()), (model.__name__, row)
            assert len(set(row.values())) == 3, (model.__name__, row)  # not one text copied
    assert PlacementRound.objects.filter(name_en="Main round 2026").exists()
    titles = Offer.objects.values_list("title", "title_kk", "title_en")
    assert all(all(texts) for texts in titles)
    kk, en = Offer.objects.filter(kind="dual").values_list("title_kk", "title_en").first()
    assert kk.startswith("Дуалды оқыту: ") and en.startswith("Dual training: ")
    universities = Institution.objects.filter(kind="university")
    assert universities.exists()
    for name_ru, name_en in universities.values_list("name_ru", "name_en"):
        assert name_ru != name_en and name_en  # a real Russian name, not the English copied
    assert universities.get(name_en="Al-Farabi Kazakh National University").name_kk == (
        "Әл-Фараби атындағы Қазақ ұлттық университеті"
    )


def test_the_joint_programme_trains_for_both_countries(country):
    programme = JointProgramme.objects.get(code="KZ-RU-TECH")
    countries = set(programme.participants.values_list("institution__country", flat=True))
    assert countries == {"KZ", "RU"}
    quotas = programme.quotas.all()
    assert quotas.filter(region__isnull=False).exists() and quotas.filter(region=None).exists()
    members = CohortMember.objects.filter(cohort__programme=programme)
    assert members.exists()
    assert not members.exclude(student__institution_id=models.F("cohort__institution_id")).exists()
    student = User.objects.get(username="student").student_id
    assert members.filter(student_id=student).exists()  # on the demo student's record
    stats = stats_json()
    assert stats["joint_programmes"] == 1
    assert stats["joint_programme_students"] == members.count()
