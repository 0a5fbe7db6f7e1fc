"""Scenario pages per role: the planning home, a scenario's workspace and forms (create, edit,
copy, plans, demand adjustments), starting a run, and a run's results, in three languages.

The `planning` run (conftest.py): 60 seats for the 2027 intake; the shortest program lasts
three years, so new seats graduate from 2030. Qadam leaves no demand unmet; last year's
shares leave 2 people and break the least technical share.
"""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.db.models import F
from django.utils import timezone, translation

from qadam.common.models import Job
from qadam.planning import selectors
from qadam.planning.models import AllocationRun, DemandAdjustment, Scenario
from qadam.planning.runs import run_allocation
from qadam.planning.services import run_prepare, scenario_copy, scenario_update

HTMX = {"HTTP_HX_REQUEST": "true"}
OTHERS = [
    "college_admin_a",
    "college_admin_b",
    "university_admin",
    "enterprise_hr",
    "student",
    "guidance_organiser",
]


def html(response):
    return response.content.decode()


def text(response):
    """The page's text without tags, spaces collapsed: what a reader sees."""
    page = re.sub(r"<script.*?</script>", " ", html(response), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def section(page, testid, tag):
    return re.search(rf'data-testid="{testid}"[^>]*>(.*?)</{tag}>', page, re.S).group(1)


def urls(planning):
    scenario, run = planning.scenario, planning.run
    base = f"/planning/scenarios/{scenario.pk}/"
    return {
        "home": "/planning/",
        "create": "/planning/scenarios/new/",
        "detail": base,
        "edit": f"{base}edit/",
        "copy": f"{base}copy/",
        "plans": f"{base}plans/",
        "adjustments": f"{base}adjustments/",
        "run_start": f"{base}run/",
        "run": f"/planning/runs/{run.pk}/",
    }


def scenario_data(scenario, **overrides):
    """The edit form's fields as a planner posts them: shares in per cent."""
    from qadam.planning.forms_scenarios import FIELDS, PERCENT_FIELDS

    data = {}
    for name in FIELDS:
        value = getattr(scenario, name)
        data[name] = f"{value * 100:g}" if name in PERCENT_FIELDS else value
    return {**data, **overrides}


def adjust(client, planning, world, **overrides):
    data = {
        "specialty": world.programs_a[0].specialty_id,
        "region": world.region_a.pk,
        "factor": "1.5",
        "note": "new plant",
        **overrides,
    }
    return client.post(urls(planning)["adjustments"], data)


# --------------------------------------------------------------------------- who sees what


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_find_no_scenario_or_run_page(world, users, client_for, planning, role):
    client = client_for(users[role])
    pages = urls(planning)
    for name in ("home", "create", "detail", "edit", "copy", "plans", "adjustments", "run"):
        assert client.get(pages[name]).status_code == 404, name
    assert client.post(pages["run_start"]).status_code == 404
    assert client.post(pages["copy"], {"name": "Mine"}).status_code == 404
    adjustment = DemandAdjustment.objects.create(
        scenario=planning.scenario, specialty=world.programs_a[0].specialty, factor=2
    )
    assert client.post(f"/planning/adjustments/{adjustment.pk}/delete/").status_code == 404
    assert Scenario.objects.count() == 1 and AllocationRun.objects.count() == 1
    assert DemandAdjustment.objects.filter(pk=adjustment.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client_for, planning):
    response = client_for(None).get("/planning/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_analyst_reads_without_links_to_change(world, users, client_for, planning):
    client = client_for(users["analyst"])
    pages = urls(planning)
    for name in ("home", "detail", "adjustments", "run"):
        assert client.get(pages[name]).status_code == 200, name
    home, workspace = html(client.get(pages["home"])), html(client.get(pages["detail"]))
    assert "Base" in home and 'data-testid="new-scenario"' not in home
    assert 'data-testid="run-button"' not in workspace
    assert pages["edit"] not in workspace and pages["copy"] not in workspace
    assert 'data-testid="adjustment-form"' not in html(client.get(pages["adjustments"]))


def test_the_analyst_may_not_change_anything(world, users, client_for, planning):
    client = client_for(users["analyst"])
    pages = urls(planning)
    scenario = planning.scenario
    for name in ("create", "edit", "copy", "plans"):
        assert client.get(pages[name]).status_code == 403, name
    assert client.post(pages["run_start"]).status_code == 403
    assert client.post(pages["copy"], {"name": "Mine"}).status_code == 403
    assert client.post(pages["edit"], scenario_data(scenario, total_seats=1)).status_code == 403
    assert client.post(pages["plans"], {"plans": []}).status_code == 403
    assert adjust(client, planning, world).status_code == 403
    adjustment = DemandAdjustment.objects.create(
        scenario=scenario, specialty=world.programs_a[0].specialty, factor=2
    )
    assert client.post(f"/planning/adjustments/{adjustment.pk}/delete/").status_code == 403
    scenario.refresh_from_db()
    assert scenario.total_seats == 60 and list(scenario.plans.all()) == [planning.plan]
    assert Scenario.objects.count() == 1 and AllocationRun.objects.count() == 1
    assert DemandAdjustment.objects.filter(pk=adjustment.pk).exists()


# --------------------------------------------------------------------------- the home


def test_the_home_lists_scenarios_with_their_latest_runs_figures(users, client_for, planning):
    page = html(client_for(users["ministry_admin"]).get("/planning/"))
    row = re.search(rf'<tr data-scenario="{planning.scenario.pk}">(.*?)</tr>', page, re.S).group(1)
    assert f"/planning/runs/{planning.run.pk}/" in row and "NPP-T" in row
    assert "60 / 60" in row
    assert 'data-testid="new-scenario"' in page and "/planning/megaprojects/" in page
    assert "Test NPP" in section(page, "megaprojects", "ul")


def test_the_home_marks_a_run_under_way_and_inputs_changed(users, client_for, planning):
    Scenario.objects.filter(pk=planning.scenario.pk).update(inputs_version=F("inputs_version") + 1)
    run_prepare(scenario=planning.scenario)
    page = html(client_for(users["ministry_admin"]).get("/planning/"))
    assert "run under way" in page and "inputs changed since" in page
    assert f"/planning/runs/{planning.run.pk}/" in page  # the finished run stays the latest


# --------------------------------------------------------------------------- the forms


def test_the_scenario_form_shows_each_default_with_its_source(users, client_for, planning):
    page = html(client_for(users["ministry_admin"]).get("/planning/scenarios/new/"))
    default = re.search(r'data-default="min_technical_share">(.*?)</span>', page, re.S).group(1)
    assert "70%" in default and "Source 004" in default
    assert 'name="min_technical_share"' in page and 'value="70"' in page
    assert "Qadam&#x27;s assumption" in page
    assert 'aria-describedby="id_total_seats_default"' in page


def test_a_planner_creates_a_scenario_with_shares_in_per_cent(users, client_for, planning):
    client = client_for(users["ministry_admin"])
    data = scenario_data(planning.scenario, name="Ambitious", min_technical_share="75")
    response = client.post("/planning/scenarios/new/", data)
    scenario = Scenario.objects.get(name="Ambitious")
    assert response.status_code == 302
    assert response["Location"] == f"/planning/scenarios/{scenario.pk}/"
    assert scenario.min_technical_share == pytest.approx(0.75)
    assert scenario.created_by == users["ministry_admin"]


def test_a_bad_value_is_named_beside_its_field_and_nothing_is_created(users, client_for, planning):
    client = client_for(users["ministry_admin"])
    data = scenario_data(planning.scenario, name="Too technical", min_technical_share="150")
    response = client.post("/planning/scenarios/new/", data)
    assert response.status_code == 200
    page = html(response)
    assert 'data-field="min_technical_share"' in page
    summary = section(page, "form-errors-summary", "div")
    assert "Least technical share, %" in summary and "100%" in summary
    assert not Scenario.objects.filter(name="Too technical").exists()


def test_an_edit_breaking_a_rule_of_the_service_leaves_the_scenario_unchanged(
    users, client_for, planning
):
    client = client_for(users["ministry_admin"])
    scenario = planning.scenario
    before = (scenario.inputs_version, scenario.progression_rate, scenario.name)
    data = scenario_data(scenario, name="Renamed", progression_rate="96", dropout_rate="5")
    response = client.post(urls(planning)["edit"], data)
    assert response.status_code == 200
    errors = re.search(r'data-field="dropout_rate">(.*?)</ul>', html(response), re.S).group(1)
    assert "exceed 100%" in errors
    assert 'value="96"' in html(response)  # what the planner typed is shown back
    scenario.refresh_from_db()
    assert (scenario.inputs_version, scenario.progression_rate, scenario.name) == before


def test_an_edit_saves_and_the_workspace_says_the_run_is_stale(users, client_for, planning):
    client = client_for(users["ministry_admin"])
    pages = urls(planning)
    assert 'data-testid="stale-notice"' not in html(client.get(pages["detail"]))
    response = client.post(pages["edit"], scenario_data(planning.scenario, total_seats=70))
    assert response.status_code == 302
    planning.scenario.refresh_from_db()
    assert planning.scenario.total_seats == 70 and planning.scenario.inputs_version == 1
    assert 'data-testid="stale-notice"' in html(client.get(pages["detail"]))
    run_page = html(client.get(pages["run"]))
    assert "Changed:" in section(run_page, "stale-notice", "div")
    assert "state-funded seats to allocate" in section(run_page, "stale-notice", "div")


def test_a_copy_keeps_the_inputs_plans_and_adjustments(world, users, client_for, planning):
    client = client_for(users["ministry_admin"])
    pages = urls(planning)
    DemandAdjustment.objects.create(
        scenario=planning.scenario, specialty=world.programs_a[0].specialty, factor=2
    )
    assert 'value="Copy of Base"' in html(client.get(pages["copy"]))
    response = client.post(pages["copy"], {"name": "Variant"})
    copy = Scenario.objects.get(name="Variant")
    assert response["Location"] == f"/planning/scenarios/{copy.pk}/"
    assert list(copy.plans.all()) == [planning.plan] and copy.total_seats == 60
    assert copy.demand_adjustments.get().factor == 2
    assert not copy.runs.exists()


def test_a_copy_needs_a_name(users, client_for, planning):
    response = client_for(users["ministry_admin"]).post(urls(planning)["copy"], {"name": ""})
    assert response.status_code == 200 and 'data-field="name"' in html(response)
    assert Scenario.objects.count() == 1


def test_a_planner_chooses_the_staffing_plans(world, users, client_for, planning):
    client = client_for(users["ministry_admin"])
    pages = urls(planning)
    page = html(client.get(pages["plans"]))
    assert f'value="{planning.plan.pk}"' in page and "checked" in page
    assert f"/planning/plans/{planning.plan.pk}/" in page
    assert client.post(pages["plans"], {}).status_code == 302
    planning.scenario.refresh_from_db()
    assert not planning.scenario.plans.exists() and planning.scenario.inputs_version == 1
    client.post(pages["plans"], {"plans": [planning.plan.pk]})
    assert list(planning.scenario.plans.all()) == [planning.plan]
    assert "Construction" in section(html(client.get(pages["detail"])), "scenario-plans", "ul")


def test_adjustments_are_added_replaced_and_removed(world, users, client_for, planning):
    client = client_for(users["ministry_admin"])
    pages = urls(planning)
    assert adjust(client, planning, world).status_code == 302
    adjustment = DemandAdjustment.objects.get(scenario=planning.scenario)
    assert adjustment.factor == 1.5 and adjustment.region == world.region_a
    planning.scenario.refresh_from_db()
    assert planning.scenario.inputs_version == 1
    workspace = html(client.get(pages["detail"]))
    assert 'data-testid="stale-notice"' in workspace
    assert "×1.5" in section(workspace, "adjustments", "table")

    adjust(client, planning, world, factor="0.5")  # the same cell: replaced
    assert DemandAdjustment.objects.get(scenario=planning.scenario).factor == 0.5
    adjust(client, planning, world, region="")  # every region: a second edit
    every = DemandAdjustment.objects.get(scenario=planning.scenario, region=None)
    assert "every region" in section(html(client.get(pages["adjustments"])), "adjustments", "table")

    response = client.post(f"/planning/adjustments/{every.pk}/delete/")
    assert response["Location"] == pages["adjustments"]
    assert list(DemandAdjustment.objects.values_list("factor", flat=True)) == [0.5]
    planning.scenario.refresh_from_db()
    assert planning.scenario.inputs_version == 4


def test_a_bad_factor_is_named_and_nothing_changes(world, users, client_for, planning):
    client = client_for(users["ministry_admin"])
    response = adjust(client, planning, world, factor="-1")
    assert response.status_code == 200 and 'data-field="factor"' in html(response)
    assert not DemandAdjustment.objects.exists()
    planning.scenario.refresh_from_db()
    assert planning.scenario.inputs_version == 0


def test_removing_an_adjustment_needs_a_post(world, users, client_for, planning):
    adjustment = DemandAdjustment.objects.create(
        scenario=planning.scenario, specialty=world.programs_a[0].specialty, factor=2
    )
    client = client_for(users["ministry_admin"])
    assert client.get(f"/planning/adjustments/{adjustment.pk}/delete/").status_code == 405
    assert client.post("/planning/adjustments/999999/delete/").status_code == 404


# --------------------------------------------------------------------------- runs


def test_run_start_queues_a_job_and_goes_to_its_page(
    users, client_for, planning, django_capture_on_commit_callbacks
):
    client = client_for(users["ministry_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(urls(planning)["run_start"])
    run = planning.scenario.runs.order_by("-id").first()
    assert run != planning.run and run.job is not None
    assert response.status_code == 302 and response["Location"] == f"/jobs/{run.job_id}/"
    run.refresh_from_db()
    run.job.refresh_from_db()
    # the test settings run tasks immediately
    assert run.status == AllocationRun.Status.FINISHED and run.job.status == Job.Status.SUCCEEDED


def test_a_queued_run_is_announced_with_its_job_and_polled(users, client_for, planning):
    client = client_for(users["ministry_admin"])
    pages = urls(planning)
    client.post(pages["run_start"])  # on_commit never fires here: the run stays queued
    run = planning.scenario.runs.order_by("-id").first()
    assert run.status == AllocationRun.Status.QUEUED
    notice = section(html(client.get(pages["detail"])), "run-under-way", "div")
    assert f"/jobs/{run.job_id}/" in notice and "queued" in notice
    assert 'data-testid="run-results"' in html(client.get(pages["detail"]))  # the finished one

    again = client.post(pages["run_start"], follow=True)
    assert "already under way" in html(again) and planning.scenario.runs.count() == 2

    poll = client.get(f"/planning/runs/{run.pk}/?status=1", **HTMX)
    assert "<html" not in html(poll) and "HX-Refresh" not in poll
    AllocationRun.objects.filter(pk=run.pk).update(status=AllocationRun.Status.FINISHED)
    assert client.get(f"/planning/runs/{run.pk}/?status=1", **HTMX)["HX-Refresh"] == "true"


def test_a_failed_run_shows_the_violated_constraint(users, client_for, planning):
    run = run_prepare(scenario=planning.scenario)
    error = "total seats 60 below the region minimums 100"
    AllocationRun.objects.filter(pk=run.pk).update(status="failed", error=error)
    client = client_for(users["ministry_admin"])
    for url in (urls(planning)["detail"], f"/planning/runs/{run.pk}/"):
        assert error in section(html(client.get(url)), "run-failed", "div")


# --------------------------------------------------------------------------- results


def test_the_workspace_compares_qadam_with_last_years_shares(users, client_for, planning):
    allocation = planning.run.results["allocation"]
    qadam, proportional = round(allocation["unmet"]), round(allocation["unmet_proportional"])
    percent = round(
        100
        * (allocation["unmet_proportional"] - allocation["unmet"])
        / allocation["unmet_proportional"]
    )
    assert (qadam, proportional, percent) == (0, 2, 100)
    page = client_for(users["ministry_admin"]).get(urls(planning)["detail"])
    sentence = re.sub(r"\s+", " ", section(html(page), "qadam-vs-proportional", "p"))
    assert sentence == (
        f"Qadam's allocation leaves {qadam} people of demand unmet; last year's shares "
        f"would leave {proportional}: {percent}% less."
    )
    violations = section(html(page), "proportional-violations", "div")
    assert "technical share 66.7%, below 70%" in violations


def test_the_allocation_shows_its_limits_regions_and_shadow_prices(
    world, users, client_for, planning
):
    page = client_for(users["ministry_admin"]).get(urls(planning)["run"])
    cards = text(page)
    # 56 technical seats of 60: the secondary rule gave 4 to the two other programs
    assert "60 / 60" in cards and "144.0 / 192.0" in cards and "93.3%" in cards
    assert "linear relaxation rounded to whole seats" in cards
    table = section(html(page), "allocation-by-region", "table")
    alpha = re.search(r"Alpha Region</th>(.*?)</tr>", table, re.S).group(1)
    # last year, closing the gap, secondary, Qadam, change, last year's shares, minimum, price
    assert re.findall(r">([\d.—]+)</td>", alpha) == ["30", "24", "6", "30", "0", "30", "24", "2.4"]
    prices = section(html(page), "shadow-prices", "ul")
    assert "One seat less in the minimum of Alpha Region would save 2.4 million tenge" in prices
    assert "The budget does not bind" in prices


def test_the_pipeline_table_and_the_lead_time(users, client_for, planning):
    assert selectors.run_first_graduation(run=planning.run) == 2030
    page = html(client_for(users["ministry_admin"]).get(urls(planning)["detail"]))
    lead = re.sub(r"\s+", " ", section(page, "lead-time", "p"))
    assert "graduate in 2030 at the earliest" in lead and "lasts 3 years" in lead
    years = planning.run.results["years"]
    levels = planning.run.results["pipeline"][0]  # workers, mid-level, higher education
    early = [
        (level["hires"][i], level["filled_allocated"][i])
        for level in levels
        for i, year in enumerate(years)
        if year < 2030
    ]
    unfilled = sum(max(hires - filled, 0) for hires, filled in early)
    assert f"{unfilled} of the {sum(hires for hires, _f in early)} hires" in lead
    worker = levels[0]
    tables = re.findall(r'data-testid="pipeline-table">(.*?)</table>', page, re.S)
    assert len(tables) == 2  # workers and higher education; no mid-level staff planned
    row_2030 = re.search(r"<tr><th scope=\"row\">2030</th>(.*?)</tr>", tables[0], re.S).group(1)
    cells = re.findall(r">(\d+)</td>", row_2030)
    series = ("headcount", "hires", "contracted", "filled_baseline", "filled_allocated")
    assert cells == [str(worker[k][3]) for k in series] + ["0", str(worker["seats"][3])]
    assert 'class="early"' in tables[0] and "too early for new seats" in tables[0]


def test_the_run_page_draws_each_figure_with_a_table(users, client_for, planning):
    page = html(client_for(users["ministry_admin"]).get(urls(planning)["run"]))
    assert "plotly/plotly.min.js" in page and "data-chart=" in page
    charts = re.findall(r'data-chart="([\w-]+)"', page)
    for chart in ("chart-openings", "chart-staff-1", "chart-supply", "chart-gap",
                  "chart-region-shortfall", "chart-pipeline-1", "chart-regions-seats"):  # fmt: skip
        assert chart in charts and f'id="{chart}"' in page
    for table in ("openings-table", "staff-table", "supply-table", "gap-details",
                  "region-shortfall-table", "pipeline-table", "top-cells-table"):  # fmt: skip
        assert f'data-testid="{table}"' in page
    # the gap's table comes when its details are opened
    assert 'data-testid="gap-table"' not in page
    url = urls(planning)["run"]
    fragment = client_for(users["ministry_admin"]).get(
        f"{url}?part=gap-table", headers={"HX-Request": "true"}
    )
    assert f'hx-get="{url}?part=gap-table"' in page and "<html" not in html(fragment)
    gap = section(html(fragment), "gap-table", "table")
    assert "higher education" in gap and planning.plan.requirements.first().specialty.code in gap
    cells = section(page, "top-cells-table", "table")
    assert "Alpha Region" in cells and "NPP-T Test NPP" in cells


def test_a_specialty_name_cannot_break_out_of_the_figures(world, users, client_for, planning):
    specialty = world.programs_a[0].specialty
    specialty.name_en = "</script><script>alert(1)</script>"
    specialty.save()
    page = html(client_for(users["ministry_admin"]).get(urls(planning)["run"]))
    assert "<script>alert(1)" not in page


def test_the_run_links_to_seats_export_and_compare(users, client_for, planning):
    ministry = users["ministry_admin"]
    other = scenario_copy(actor=ministry, scenario=planning.scenario, name="Other")
    other_run = run_prepare(scenario=other)
    run_allocation(run_id=other_run.pk)
    page = html(client_for(ministry).get(urls(planning)["run"]))
    links = section(page, "run-links", "div")
    assert f"/planning/runs/{planning.run.pk}/seats/" in page
    assert f'action="/planning/runs/{planning.run.pk}/export/"' in page
    assert 'action="/planning/compare/"' in page and f'value="{other_run.pk}"' in page
    assert links


def test_a_queued_run_page_has_no_results(users, client_for, planning):
    run = run_prepare(scenario=planning.scenario)
    page = html(client_for(users["ministry_admin"]).get(f"/planning/runs/{run.pk}/"))
    assert 'data-testid="run-under-way"' in page and 'data-testid="run-results"' not in page


@pytest.mark.parametrize(("language", "sign_out"), [("ru", "Выйти"), ("kk", "Шығу")])
def test_the_pages_render_in_russian_and_kazakh(
    world, users, client_for, planning, language, sign_out
):
    client = client_for(users["ministry_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = urls(planning)
    for name in ("home", "create", "detail", "edit", "copy", "plans", "adjustments", "run"):
        response = client.get(pages[name])
        assert response.status_code == 200, name
        assert f'<html lang="{language}">' in html(response) and sign_out in html(response)
    with translation.override(language):
        region = world.region_a.name  # names follow the language
    assert region != "Alpha Region"
    assert region in section(html(client.get(pages["run"])), "allocation-by-region", "table")


def test_a_run_without_staffing_plans_shows_the_regions_only(users, client_for, planning):
    ministry = users["ministry_admin"]
    regional = scenario_copy(actor=ministry, scenario=planning.scenario, name="Regions only")
    regional.plans.clear()
    run = run_prepare(scenario=regional)
    run_allocation(run_id=run.pk)
    page = html(client_for(ministry).get(f"/planning/scenarios/{regional.pk}/"))
    assert 'data-testid="run-results"' in page and 'data-testid="pipeline-table"' not in page
    assert "no megaproject" in section(page, "pipeline", "section")
    assert 'data-testid="qadam-vs-proportional"' in page


def test_the_workspace_recommends_the_whole_state_order_in_two_parts(planning, users, client_for):
    """48 seats close the gap (both regions at their minimum of 24); the state order is a
    mandate, so the other 12 go by the secondary rule, and the page says so in plain words."""
    page = client_for(users["analyst"]).get(f"/planning/scenarios/{planning.scenario.pk}/")
    mandate = re.sub(r"\s+", " ", section(html(page), "mandate", "div"))
    assert "Qadam recommends funding all 60 seats of the state order." in mandate
    assert "48 seats close the projected gap" in mandate
    assert "12 seats go by the secondary rule." in mandate
    assert "half by its share of last year's state-funded seats" in mandate
    assert "The regional minimums bind in Alpha Region, Beta Region" in mandate
    assert "at least 80% of last year's seats" in mandate
    sectors = section(html(page), "allocation-by-sector", "table")
    rows = re.findall(r"<tr><th scope=\"row\">[^<]*</th>(.*?)</tr>", sectors, re.S)
    figures = [[int(n) for n in re.findall(r">\+?(-?\d+)</td>", row)] for row in rows]
    assert [sum(column) for column in zip(*figures, strict=True)][1:4] == [48, 12, 60]


@pytest.mark.parametrize(
    ("share", "reason"),
    [
        (0.0, "every program's capacity is taken"),
        # the four programs' room is 60 technical and 71 other seats: at 70% technical
        # the other programs can take only 3/7 of the technical seats
        (0.7, "more seats would take the technical share below its least"),
    ],
)
def test_a_state_order_beyond_capacity_says_why_seats_stay_unplaced(
    world, planning, users, client_for, share, reason
):
    admin = users["ministry_admin"]
    big = scenario_copy(actor=admin, scenario=planning.scenario, name="Too big")
    big = scenario_update(
        actor=admin, scenario=big, total_seats=5000, budget=10**12, min_technical_share=share
    )
    run = run_prepare(scenario=big, actor=admin)
    run_allocation(run_id=run.pk)
    run.refresh_from_db()
    seats = run.results["allocation"]["seats"]
    technical = sum(s.seats for s in run.seats.all() if s.program.specialty.is_technical)
    if share == 0.0:
        assert seats == sum(s.capacity for s in run.seats.all())  # every seat there is
    else:
        assert technical == sum(
            s.capacity for s in run.seats.all() if s.program.specialty.is_technical
        )
        assert technical >= share * seats > technical - 1  # as many others as the share allows
    page = client_for(admin).get(f"/planning/scenarios/{big.pk}/")
    mandate = unescape(re.sub(r"\s+", " ", section(html(page), "mandate", "div")))
    assert f"funding {int(seats)} of the 5,000 seats" in mandate
    assert reason in mandate


def test_a_run_whose_worker_died_shows_failed_and_no_longer_blocks_its_scenario(
    users, client_for, planning, settings, django_capture_on_commit_callbacks
):
    settings.QADAM_JOB_STALE_SECONDS = 120
    client = client_for(users["ministry_admin"])
    pages = urls(planning)
    client.post(pages["run_start"])  # on_commit never fires here: queued, as if a worker took it
    run = planning.scenario.runs.order_by("-id").first()
    # the worker took it, said it was running, then died: no sign of life for ten minutes
    AllocationRun.objects.filter(pk=run.pk).update(status=AllocationRun.Status.RUNNING)
    silent_since = timezone.now() - timedelta(minutes=10)
    Job.objects.filter(pk=run.job_id).update(status=Job.Status.RUNNING, heartbeat_at=silent_since)

    job_page = html(client.get(f"/jobs/{run.job_id}/"))
    assert 'data-status="failed"' in job_page
    assert "The worker running this job stopped; start it again." in job_page
    assert 'data-testid="run-under-way"' not in html(client.get(pages["detail"]))
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.FAILED  # the run follows its job
    assert run.error == "The worker running this job stopped; start it again."

    # the scenario runs again at once (the test settings run it immediately)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(pages["run_start"])
    newest = planning.scenario.runs.order_by("-id").first()
    assert newest != run and again["Location"] == f"/jobs/{newest.job_id}/"
    assert newest.status == AllocationRun.Status.FINISHED
