"""The national dashboard: every published target beside its actual, by region on a map of
the 20 regions with a drill-down to the colleges, over academic years; the ministry edits a
target (audited); analysts never see a count from 1 to 4; every other role: 404."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from qadam.accounts.models import User
from qadam.common.models import AuditEntry
from qadam.common.tests.exporting import export_values
from qadam.dashboard import rules
from qadam.dashboard.kpis.definitions import KEYS
from qadam.dashboard.models import KpiSnapshot, KpiTarget
from qadam.dashboard.services import kpi_target_update
from qadam.registry.data_files import read_rows
from qadam.registry.models import Region
from qadam.registry.tests.factories import (
    EnterpriseFactory,
    InstitutionFactory,
    ProgramFactory,
    SpecialtyFactory,
    StudentFactory,
    UserFactory,
)

API = "/api/v1/dashboard/kpis"
PAGE = "/national/"
GEOJSON = Path(__file__).resolve().parents[1] / "static" / "dashboard" / "kz_regions.geojson"
REQUIRED = {
    "state_funded_seats": 153_000,
    "technical_share": 0.70,
    "dual_students": 100_000,
    "dual_enterprises": 18_000,
    "patron_companies": 4_000,
    "patronised_colleges": 600,
    "colleges_modernised": 270,
    "festival_diagnostics": 30_000,
    "festival_memoranda": 250,
    "students_in_russia": 55_000,
    "university_agreements_kz_ru": 1_453,
    "npp_construction_workers": 6_000,
    "npp_mid_level_specialists": 3_000,
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the "refresh queued" flags of another test's data


@pytest.fixture
def regions(db) -> dict[str, Region]:
    """Kazakhstan's 20 regions, as the registry ships them."""
    created = {}
    for row in read_rows("regions.csv"):
        created[row["iso_code"]] = Region.objects.create(
            kato=row["kato"],
            iso_code=row["iso_code"],
            kind=row["kind"],
            name_kk=row["name_kk"],
            name_ru=row["name_ru"],
            name_en=row["name_en"],
        )
    return created


@pytest.fixture
def country(regions):
    """Two colleges in Astana (KZ-71) and one in Shymkent (KZ-79), with state-funded seats:
    Astana 20 technical + 10 other, Shymkent 3 technical."""
    astana = InstitutionFactory.create(region=regions["KZ-71"], name_en="Astana College")
    astana_2 = InstitutionFactory.create(region=regions["KZ-71"], name_en="Second Astana College")
    shymkent = InstitutionFactory.create(region=regions["KZ-79"], name_en="Shymkent College")
    technical = SpecialtyFactory.create(is_technical=True)
    other = SpecialtyFactory.create(is_technical=False, sector="services")
    ProgramFactory.create(institution=astana, specialty=technical, state_funded_seats=20)
    ProgramFactory.create(institution=astana_2, specialty=other, state_funded_seats=10)
    ProgramFactory.create(
        institution=shymkent, specialty=technical, capacity=10, state_funded_seats=3
    )
    return {"astana": astana, "astana_2": astana_2, "shymkent": shymkent}


def role_users(country) -> dict[str, User | None]:
    college = country["astana"]
    return {
        "ministry_admin": UserFactory.ministry_admin(),
        "analyst": UserFactory.analyst(),
        "college_admin": UserFactory.college_admin(college),
        "university_admin": UserFactory.university_admin(
            InstitutionFactory.create(university=True, region=college.region)
        ),
        "enterprise_hr": UserFactory.enterprise_hr(EnterpriseFactory.create(region=college.region)),
        "student": UserFactory.student_user(StudentFactory.create(institution=college)),
        "guidance_organiser": UserFactory.guidance_organiser(),
        "school_counsellor": UserFactory.school_counsellor(
            InstitutionFactory.create(school=True, region=college.region)
        ),
        "parent": UserFactory.parent(),
    }


def kpis_of(client) -> dict[str, dict]:
    response = client.get(API)
    assert response.status_code == 200, response.content
    return {kpi["key"]: kpi for kpi in response.json()}


# --------------------------------------------------------------------------- who sees it

READERS = {"ministry_admin", "analyst"}


@pytest.mark.parametrize(
    "role",
    [
        "ministry_admin",
        "analyst",
        "college_admin",
        "university_admin",
        "enterprise_hr",
        "student",
        "guidance_organiser",
        "school_counsellor",
        "parent",
    ],
)
def test_only_the_ministry_and_analysts_see_the_national_dashboard(country, client_for, role):
    client = client_for(role_users(country)[role])
    expected = 200 if role in READERS else 404
    assert client.get(API).status_code == expected
    assert client.get(PAGE).status_code == expected
    assert client.get("/national/regions/KZ-71/?kpi=state_funded_seats").status_code == expected
    # the target's edit page: the ministry only
    edit = client.get("/national/targets/state_funded_seats/").status_code
    assert edit == (200 if role == "ministry_admin" else 404)
    export = client.post("/exports/dashboard.kpis/")
    assert export.status_code == (302 if role in READERS else 404)


def test_anonymous_users_are_refused(country, client):
    assert client.get(API).status_code == 401
    assert client.get(PAGE).status_code == 302  # to the login page


def test_the_menu_offers_the_dashboard_to_its_readers_only(country, client_for):
    users = role_users(country)
    assert PAGE in client_for(users["analyst"]).get("/").content.decode()
    assert PAGE not in client_for(users["college_admin"]).get("/").content.decode()


# --------------------------------------------------------------------------- targets, actuals


def test_every_published_target_is_answered_with_its_source_and_twenty_regions(country, client_for):
    kpis = kpis_of(client_for(UserFactory.ministry_admin()))
    assert set(REQUIRED) <= set(kpis)
    for key, target in REQUIRED.items():
        kpi = kpis[key]
        assert kpi["target"] == pytest.approx(target)
        assert kpi["source"] and kpi["source_date"] and kpi["as_of"]
        assert set(kpi) >= {"key", "label", "target", "actual", "unit", "source", "as_of"}
        assert len(kpi["by_region"]) == 20
        assert {row["region"] for row in kpi["by_region"]} == set(
            Region.objects.values_list("iso_code", flat=True)
        )


def test_actuals_are_computed_from_the_registry_nationally_and_by_region(country, client_for):
    kpis = kpis_of(client_for(UserFactory.ministry_admin()))
    seats = kpis["state_funded_seats"]
    assert seats["actual"] == 33
    regions = {row["region"]: row["actual"] for row in seats["by_region"]}
    assert regions["KZ-71"] == 30 and regions["KZ-79"] == 3 and regions["KZ-10"] == 0
    share = kpis["technical_share"]
    assert share["actual"] == pytest.approx(23 / 33, abs=1e-4)
    assert {row["region"]: row["actual"] for row in share["by_region"]}["KZ-71"] == (
        pytest.approx(20 / 30, abs=1e-4)
    )


def test_new_data_refresh_the_figures(country, client_for):
    client = client_for(UserFactory.ministry_admin())
    assert kpis_of(client)["state_funded_seats"]["actual"] == 33
    ProgramFactory.create(institution=country["shymkent"], state_funded_seats=7)
    # the test settings run the background refresh at once
    assert kpis_of(client)["state_funded_seats"]["actual"] == 40


def test_the_page_says_which_indicators_are_on_track(country, client_for):
    ministry = UserFactory.ministry_admin()
    target = KpiTarget.objects.get(key="state_funded_seats")
    kpi_target_update(actor=ministry, target=target, changes={"value": 30})
    KpiTarget.objects.filter(key="patronised_colleges").update(value=600)
    page = client_for(ministry).get(PAGE).content.decode()
    assert 'data-kpi="state_funded_seats" data-status="met"' in page
    assert 'data-kpi="patronised_colleges" data-status="behind"' in page


@pytest.mark.parametrize(
    ("actual", "target", "previous", "expected"),
    [
        (100, 100, None, rules.MET),
        (120, 100, 150, rules.MET),
        (92, 100, 80, rules.ON_TRACK),
        (92, 100, None, rules.ON_TRACK),
        (92, 100, 95, rules.BEHIND),  # close, but falling since last year
        (50, 100, 40, rules.BEHIND),
        (None, 100, None, rules.NO_DATA),
    ],
)
def test_on_track_means_met_or_close_and_not_falling(actual, target, previous, expected):
    assert rules.status(actual, target, previous) == expected


@pytest.mark.parametrize(
    ("day", "year"), [(date(2026, 8, 31), 2025), (date(2026, 9, 1), 2026), (date(2027, 1, 5), 2026)]
)
def test_academic_years_start_on_the_first_of_september(day, year):
    assert rules.academic_year_of(day) == year
    first, last = rules.academic_year_bounds(year)
    assert first <= day <= last


def test_earlier_years_come_from_the_yearly_snapshots(country, client_for):
    call_command("kpi_snapshot", date="2025-10-01", stdout=io.StringIO())
    assert KpiSnapshot.objects.filter(academic_year=2025).count() == len(KEYS)
    ProgramFactory.create(institution=country["shymkent"], state_funded_seats=7)
    kpis = kpis_of(client_for(UserFactory.ministry_admin()))
    trend = kpis["state_funded_seats"]
    page = client_for(UserFactory.ministry_admin()).get(PAGE).content.decode()
    assert "2025/26" in page
    assert trend["actual"] == 40
    snapshot = KpiSnapshot.objects.get(key="state_funded_seats", academic_year=2025)
    assert snapshot.actual == 33 and snapshot.target == 153_000


# --------------------------------------------------------------------------- editing targets


def test_the_ministry_edits_a_target_with_its_source_and_the_change_is_audited(country, client_for):
    ministry = UserFactory.ministry_admin()
    client = client_for(ministry)
    url = "/national/targets/dual_students/"
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {
            "value": "120000",
            "source": "Ministry order No. 1",
            "source_url": "",
            "source_date": "2026-09-01",
        },
    )
    assert response.status_code == 302
    target = KpiTarget.objects.get(key="dual_students")
    assert target.value == 120_000 and target.source == "Ministry order No. 1"
    entry = AuditEntry.objects.filter(model="dashboard.KpiTarget").latest("id")
    assert entry.actor_id == ministry.pk
    assert entry.changes["value"] == [100_000, 120_000]
    assert kpis_of(client)["dual_students"]["target"] == 120_000


def test_a_target_needs_its_source_and_a_share_lies_between_0_and_1(country, client_for):
    client = client_for(UserFactory.ministry_admin())
    url = "/national/targets/technical_share/"
    fields = {"source_url": "", "source_date": "2026-09-01"}
    no_source = client.post(url, {"value": "0.8", "source": "", **fields})
    assert "source" in no_source.context["form"].errors
    percent = client.post(url, {"value": "70", "source": "Ministry", **fields})
    assert percent.status_code == 200
    assert "value" in percent.context["form"].errors
    assert KpiTarget.objects.get(key="technical_share").value == pytest.approx(0.70)


def test_an_analyst_cannot_edit_a_target(country):
    target = KpiTarget.objects.get(key="dual_students")
    with pytest.raises(PermissionDenied):
        kpi_target_update(actor=UserFactory.analyst(), target=target, changes={"value": 1})


def test_the_admin_saves_a_target_through_the_audited_service(country, client_for):
    ministry = UserFactory.ministry_admin(is_superuser=True)
    target = KpiTarget.objects.get(key="festival_memoranda")
    response = client_for(ministry).post(
        f"/admin/dashboard/kpitarget/{target.pk}/change/",
        {
            "value": "300",
            "source": target.source,
            "source_url": target.source_url,
            "source_date": target.source_date.isoformat(),
            "regional_targets": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEntry.objects.filter(model="dashboard.KpiTarget", object_id=str(target.pk)).exists()


# --------------------------------------------------------------------------- map, drill-down


def test_the_map_draws_the_twenty_regions_from_the_shipped_boundaries(regions, client_for):
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    codes = {feature["properties"]["iso_3166_2"] for feature in features}
    assert len(features) == 20 and codes == set(regions)
    # the source's swapped country fields are corrected in the shipped copy
    assert {f["properties"]["ADM0_EN"] for f in features} == {"Kazakhstan"}
    page = client_for(UserFactory.analyst()).get(f"{PAGE}?kpi=technical_share").content.decode()
    assert "dashboard/kz_regions.geojson" in page and 'data-kpi="technical_share"' in page
    assert page.count('<tr data-region="') == 20
    assert "UNHCR / UN OCHA (2023)" in page  # attributed


def test_the_about_page_attributes_the_boundaries(client):
    assert "COD-AB" in client.get("/about/").content.decode()


def test_a_region_drills_down_to_its_own_colleges(country, client_for):
    client = client_for(UserFactory.ministry_admin())
    response = client.get("/national/regions/KZ-71/?kpi=state_funded_seats")
    rows = response.context["rows"]
    assert {row["institution"] for row in rows} == {country["astana"], country["astana_2"]}
    assert {row["institution"].pk: row["value"] for row in rows} == {
        country["astana"].pk: 20,
        country["astana_2"].pk: 10,
    }
    assert country["shymkent"].name not in response.content.decode()


def test_an_unknown_region_is_not_found(country, client_for):
    client = client_for(UserFactory.ministry_admin())
    assert client.get("/national/regions/KZ-00/").status_code == 404


# --------------------------------------------------------------------------- small counts


def test_an_analyst_sees_counts_below_five_as_less_than_five(country, client_for):
    analyst = client_for(UserFactory.analyst())
    ministry = client_for(UserFactory.ministry_admin())
    for client, shown in ((analyst, "<5"), (ministry, 3)):
        seats = kpis_of(client)["state_funded_seats"]
        assert {row["region"]: row["actual"] for row in seats["by_region"]}["KZ-79"] == shown
    detail = analyst.get("/national/regions/KZ-79/?kpi=state_funded_seats")
    assert detail.context["regional"]["actual"] == "<5"
    assert [row["value"] for row in detail.context["rows"]] == ["<5"]
    assert "&lt;5" in analyst.get(f"{PAGE}?kpi=state_funded_seats").content.decode()


def test_the_analysts_export_masks_small_counts_too(
    country, client_for, django_capture_on_commit_callbacks
):
    sheet = export_values(
        client_for(UserFactory.analyst()), django_capture_on_commit_callbacks, "dashboard.kpis"
    )
    rows = [row for row in sheet[1:] if row[0] == "state_funded_seats"]
    assert len(rows) == 21  # the nation and its 20 regions
    by_region = {row[2]: row[5] for row in rows}
    assert by_region["KZ-79"] == "<5" and by_region["KZ-71"] == 30 and by_region["KZ"] == 33


def test_shares_are_not_counts_and_are_not_masked(country, client_for):
    share = kpis_of(client_for(UserFactory.analyst()))["technical_share"]
    assert {row["region"]: row["actual"] for row in share["by_region"]}["KZ-79"] == 1.0
