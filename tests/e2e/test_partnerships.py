"""A patron records a delivery against its promise; the ministry imports enterprises, first
with a bad row (nothing written, the row named), then corrected (every row written)."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F
from playwright.sync_api import Page, expect

from qadam.accounts.models import User
from qadam.agreements.models import Obligation
from qadam.registry.identifiers import check_digit
from qadam.registry.models import Enterprise
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def country() -> None:
    call_command("seed", profile="small", seed=42, verbosity=0)


def _bin(serial: int) -> str:
    first = f"2401400{serial:04d}"  # registered 2024-01, legal entity, head office
    return first + str(check_digit(first))


def test_a_patron_records_a_delivery_and_sees_its_progress(
    country: None, live_server: object, page: Page
) -> None:
    base = str(live_server)
    hr = User.objects.get(username="enterprise")
    obligation = (
        Obligation.objects.filter(party__enterprise=hr.enterprise, agreement__status="active")
        .exclude(delivered__gte=F("target"))
        .order_by("id")
        .first()
    )
    assert obligation is not None, "the seed gives the demo enterprise an open promise"
    before = obligation.delivered
    sign_in(page, base, "enterprise")
    page.click("button[data-lang=en]")
    page.goto(f"{base}/partnerships/")
    expect(page.locator("main")).to_contain_text(obligation.agreement.number)
    page.goto(f"{base}/partnerships/obligations/{obligation.pk}/")
    form = page.get_by_test_id("delivery-form")
    form.locator("input[name=quantity]").fill("1")
    form.locator("input[name=delivered_on]").fill("2026-11-20")
    form.locator("input[name=description]").fill("Two trainees took up their places")
    form.locator("input[name=evidence]").fill("order 7/2026")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("delivery-timeline")).to_contain_text(
        "Two trainees took up their places"
    )
    obligation.refresh_from_db()
    assert obligation.delivered == before + 1


def test_ministry_imports_enterprises_all_or_nothing(
    country: None, live_server: object, page: Page, tmp_path: Path
) -> None:
    base = str(live_server)
    count = Enterprise.objects.count()
    bad = tmp_path / "enterprises.csv"
    good_bin, broken_bin = _bin(1), _bin(2)[:-1] + str((int(_bin(2)[-1]) + 1) % 10)
    bad.write_text(
        "bin,name,sector,size,region_kato\n"
        f"{good_bin},Altyn Weld LLP,construction,small,19\n"
        f"{broken_bin},Steppe Pipes LLP,oil_gas,medium,23\n",
        encoding="utf-8",
    )
    sign_in(page, base, "ministry")
    page.click("button[data-lang=en]")
    page.goto(f"{base}/imports/")
    form = page.get_by_test_id("upload-form")
    form.locator("select[name=kind]").select_option("enterprises")
    form.locator("input[name=file]").set_input_files(str(bad))
    form.locator("button[type=submit]").click()
    # row 3 of the file, its BIN column, the value and why
    errors = page.get_by_test_id("import-errors")
    why = "BIN check digit should be"  # the registry's own message, as a form gives it
    expect(errors).to_contain_text(re.compile(rf"3\s*bin\s*{broken_bin}\s*{why}"))
    assert Enterprise.objects.count() == count

    good = tmp_path / "enterprises-fixed.csv"
    good.write_text(bad.read_text().replace(broken_bin, _bin(2)), encoding="utf-8")
    page.goto(f"{base}/imports/")
    form = page.get_by_test_id("upload-form")
    form.locator("select[name=kind]").select_option("enterprises")
    form.locator("input[name=file]").set_input_files(str(good))
    form.locator("button[type=submit]").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("All 2 rows imported: 2 new")
    assert Enterprise.objects.count() == count + 2
    assert Enterprise.objects.filter(bin=_bin(2), name="Steppe Pipes LLP").exists()
