"""Results pages per role: a run's seats with summaries and filters, why a program got its
seats (decoded demand cells and constraints), two runs compared, in three languages.

The `planning` run (conftest.py): 60 seats may go to four college programs, and each region
must keep 80% of its 30 seats of last year. programs_a[0] (technical, Alpha Region) gets 24
seats whose graduates fill Alpha's demand (3.14 people in 2030) and the megaproject's (9.94);
programs_b[0] (technical, Beta Region) gets 24 seats that fill no demand: Beta's minimum
holds them. The 48 seats are all the gap and the minimums need; the state order is a mandate,
so the other 12 of the 60 go by the secondary rule: 6 to each region (equal seats last year,
equal population), split by last year's seats (programs_a[0] had 20 of Alpha's 30: 4 seats).
"""

import re

import pytest
from django.conf import settings
from django.db.models import F

from qadam.planning.models import AllocationRun, SeatAllocation
from qadam.planning.runs import run_allocation
from qadam.planning.services import run_prepare, scenario_copy, scenario_update

HTMX = {"HTTP_HX_REQUEST": "true"}
READERS = ["ministry_admin", "analyst"]
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


def seats_url(run):
    return f"/planning/runs/{run.pk}/seats/"


def seat_of(run, program):
    return SeatAllocation.objects.get(run=run, program=program)


def why_url(run, seat):
    return f"/planning/runs/{run.pk}/seats/{seat.pk}/"


def rows(page):
    """The seat table's rows: program ids by their seat allocation ids."""
    return [int(pk) for pk in re.findall(r'<tr data-seat="(\d+)"', page)]


def section(page, testid, tag="ul"):
    return re.search(rf'data-testid="{testid}">(.*?)</{tag}>', page, re.S).group(1)


# --------------------------------------------------------------------------- who sees what


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_find_no_results_page(users, client_for, planning, role):
    client = client_for(users[role])
    seat = planning.run.seats.first()
    assert client.get(seats_url(planning.run)).status_code == 404
    assert client.get(why_url(planning.run, seat)).status_code == 404
    assert client.get("/planning/compare/").status_code == 404
    assert client.post(f"/planning/runs/{planning.run.pk}/export/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client_for, planning):
    response = client_for(None).get(seats_url(planning.run))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", READERS)
def test_planners_and_analysts_read_the_seats(world, users, client_for, planning, role):
    page = html(client_for(users[role]).get(seats_url(planning.run)))
    assert len(rows(page)) == 4
    by_region = section(page, "by-region", "table")
    assert world.region_a.name_en in by_region and world.region_b.name_en in by_region
    assert re.search(r'data-testid="total-seats">60<', by_region)
    assert 'data-testid="export-form"' in page


def test_a_run_that_does_not_exist_is_not_found(users, client_for, planning):
    client = client_for(users["ministry_admin"])
    assert client.get("/planning/runs/999999/seats/").status_code == 404
    other = run_prepare(
        scenario=scenario_copy(
            actor=users["ministry_admin"], scenario=planning.scenario, name="Other"
        )
    )
    seat = planning.run.seats.first()
    assert client.get(why_url(other, seat)).status_code == 404  # a seat of another run


def test_an_unfinished_run_says_it_has_no_seats(users, client_for, planning):
    copy = scenario_copy(actor=users["ministry_admin"], scenario=planning.scenario, name="Queued")
    queued = run_prepare(scenario=copy)
    page = html(client_for(users["ministry_admin"]).get(seats_url(queued)))
    assert 'data-testid="not-finished"' in page and 'data-testid="export-form"' not in page


# --------------------------------------------------------------------------- seats and filters


def test_the_summaries_compare_last_year_shares_and_qadam(world, users, client_for, planning):
    page = html(client_for(users["ministry_admin"]).get(seats_url(planning.run)))
    alpha = re.search(
        rf'<tr data-region="{world.region_a.pk}">(.*?)</tr>',
        section(page, "by-region", "table"),
        re.S,
    ).group(1)
    # last year 30, by last year's shares 30, closing the gap 24, secondary 6, Qadam 30, change 0
    assert re.findall(r'<td class="num[^"]*"[^>]*>([^<]*)</td>', alpha)[:6] == [
        "30",
        "30",
        "24",
        "6",
        "30",
        "0",
    ]
    colleges = section(page, "by-college", "table")
    assert f'data-college="{world.college_a.pk}"' in colleges
    assert f"?institution={world.college_a.pk}" in colleges
    specialties = section(page, "by-specialty", "table")
    assert world.programs_a[0].specialty.code in specialties
    assert 'data-constraint="regions" data-binds="1"' in page
    assert 'data-constraint="total" data-binds="0"' in page


def test_the_table_filters_by_region_specialty_college_and_change(
    world, users, client_for, planning
):
    client = client_for(users["ministry_admin"])
    run = planning.run
    ids = {p.pk: seat_of(run, p).pk for p in [*world.programs_a, *world.programs_b]}

    def shown(**query):
        return set(rows(html(client.get(seats_url(run), query, **HTMX))))

    a0, a1 = (ids[p.pk] for p in world.programs_a)
    b0, b1 = (ids[p.pk] for p in world.programs_b)
    assert shown(region=world.region_b.pk) == {b0, b1}
    assert shown(specialty=world.programs_a[1].specialty_id) == {a1}
    assert shown(institution=world.college_a.pk) == {a0, a1}
    assert shown(region=world.region_a.pk, institution=world.college_b.pk) == set()
    SeatAllocation.objects.filter(pk=a0).update(seats=F("last_year_seats"))
    assert shown(changed="1") == {a1, b0, b1}
    assert shown(region="x", specialty="99999999999999999999", changed="no") == set(ids.values())


def test_the_htmx_partial_is_the_table_only(users, client_for, planning):
    partial = html(client_for(users["analyst"]).get(seats_url(planning.run), **HTMX))
    assert partial.lstrip().startswith("<table") and "<html" not in partial
    assert 'data-testid="by-region"' not in partial


def test_a_row_shows_the_programs_figures_and_links_to_why(world, users, client_for, planning):
    seat = seat_of(planning.run, world.programs_a[0])
    page = html(client_for(users["ministry_admin"]).get(seats_url(planning.run)))
    row = re.search(rf'<tr data-seat="{seat.pk}">(.*?)</tr>', page, re.S).group(1)
    assert world.college_a.name_ru in row or world.college_a.name in row
    assert world.programs_a[0].specialty.code in row
    numbers = re.findall(r'<td class="num[^"]*"[^>]*>([^<]*)</td>', row)
    # last year, new (gap + secondary), change, capacity, graduation, to region, to megaprojects
    assert numbers == ["20", "28", "24", "4", "+8", "30", "2030", "3.1", "9.9"]
    assert why_url(planning.run, seat) in row


def test_pagination_keeps_the_filters(world, users, client_for, planning, settings):
    settings.QADAM_PAGE_SIZE = 1
    url = seats_url(planning.run)
    page = html(client_for(users["ministry_admin"]).get(url, {"region": world.region_a.pk}))
    assert f"?region={world.region_a.pk}&page=2" in page
    assert len(rows(page)) == 1


# --------------------------------------------------------------------------- why


def test_why_decodes_the_cells_its_graduates_fill(world, users, client_for, planning):
    run, program = planning.run, world.programs_a[0]
    seat = seat_of(run, program)
    page = html(client_for(users["ministry_admin"]).get(why_url(run, seat)))
    cells = section(page, "cells")
    specialty = program.specialty.name
    assert (
        f"{specialty} in {world.region_a.name_en}, 2030: demand 3.1, this program's graduates "
        "fill 3.1, unmet after the allocation 0."
    ) in cells
    assert (
        f"{specialty} at NPP-T Test NPP, 2030: demand 9.9, this program's graduates fill 9.9, "
        "unmet after the allocation 0."
    ) in cells
    facts = section(page, "seat-facts", "dl")
    assert "2,400,000 tenge (3 years × 800,000)" in facts  # 34 months: three years
    assert "admitted in 2027, 3 years of study, graduates in 2030" in facts
    assert 'data-at-capacity="0"' in facts and "2 seats below capacity" in facts
    assert "0.54" in facts
    assert re.findall(r'data-limit="(\w+)"', page) == ["demand_met"]
    # its 24 gap seats' graduates are all needed; the other 4 are the state order's rest
    assert 'data-surplus="secondary"' in page
    assert "4 seats are the state order's rest" in page


def test_why_says_a_regions_minimum_holds_seats_no_demand_needs(world, users, client_for, planning):
    run = planning.run
    seat = seat_of(run, world.programs_b[0])
    page = html(client_for(users["analyst"]).get(why_url(run, seat)))
    cells = section(page, "cells")
    assert 'data-filled="0.00"' in cells and f"in {world.region_b.name_en}, 2030" in cells
    assert 'data-surplus="region_floor"' in page
    assert f"{world.region_b.name_en} must keep at least 24 seats" in page
    held = section(page, "constraints")
    assert world.region_a.name_en in held and world.region_b.name_en in held
    assert "one seat fewer would be worth 2.40 million tenge" in held


def test_why_says_capacity_binds_at_capacity(world, users, client_for, planning):
    run = planning.run
    seat = seat_of(run, world.programs_a[0])
    SeatAllocation.objects.filter(pk=seat.pk).update(capacity=seat.seats)
    page = html(client_for(users["ministry_admin"]).get(why_url(run, seat)))
    assert 'data-at-capacity="1"' in page and "at capacity: capacity binds" in page
    assert re.findall(r'data-limit="(\w+)"', page) == ["capacity"]


def test_why_names_the_binding_constraints_when_demand_stays_unmet(
    world, users, client_for, planning
):
    """Open demand, room in the program, and the total and budget bind: those are named."""
    run = planning.run
    seat = seat_of(run, world.programs_a[0])
    results = run.results
    results["cells"]["shortfall"][0] = 5.0
    results["allocation"]["shadow"].update(total_seats=3.5, budget_per_million=0.25)
    AllocationRun.objects.filter(pk=run.pk).update(results=results)
    page = html(client_for(users["ministry_admin"]).get(why_url(run, seat)))
    assert re.findall(r'data-limit="(\w+)"', page) == ["total_seats", "budget", "region_minimums"]
    assert "one more seat would be worth 3.50 million tenge" in page
    assert f"which holds seats there: {world.region_b.name_en} (24)" in page


# --------------------------------------------------------------------------- compare


@pytest.fixture
def second_run(users, planning):
    """A copy of the scenario with fewer seats and a higher megaproject priority, run."""
    admin = users["ministry_admin"]
    copy = scenario_copy(actor=admin, scenario=planning.scenario, name="Lean")
    copy = scenario_update(actor=admin, scenario=copy, total_seats=50, megaproject_priority=5.0)
    run = run_prepare(scenario=copy, actor=admin)
    run_allocation(run_id=run.pk)
    run.refresh_from_db()
    return run


def test_compare_shows_the_inputs_that_differ(world, users, client_for, planning, second_run):
    page = html(
        client_for(users["analyst"]).get(
            "/planning/compare/", {"a": planning.run.pk, "b": second_run.pk}
        )
    )
    parameters = section(page, "parameters", "table")
    labels = re.findall(r"<tr><td>([^<]*)</td>", parameters)
    assert labels == ["state-funded seats to allocate", "megaproject priority"]
    assert re.search(r"<td class=\"num\">60</td><td class=\"num\">50</td>", parameters)
    headline = section(page, "headline", "table")
    assert re.search(
        r"seats allocated</td><td class=\"num\">60</td><td class=\"num\">50</td>", headline
    )
    pipeline = section(page, "pipeline", "table")
    assert "NPP-T Test NPP" in pipeline and "worker" in pipeline
    regions = section(page, "regions", "table")
    assert world.region_a.name_en in regions and world.region_b.name_en in regions
    assert f"/planning/runs/{second_run.pk}/seats/" in page


def test_compare_offers_only_finished_runs_and_two_different_ones(users, client_for, planning):
    client = client_for(users["ministry_admin"])
    copy = scenario_copy(actor=users["ministry_admin"], scenario=planning.scenario, name="Queued")
    queued = run_prepare(scenario=copy)
    form = html(client.get("/planning/compare/", {"a": planning.run.pk}))
    assert f'value="{planning.run.pk}" selected' in form  # a run's page starts the comparison
    assert f'value="{queued.pk}"' not in form and "errorlist" not in form
    same = html(client.get("/planning/compare/", {"a": planning.run.pk, "b": planning.run.pk}))
    assert "Choose two different runs." in same and 'data-testid="headline"' not in same
    for bad in (queued.pk, "99999999999999999999", "x"):
        page = client.get("/planning/compare/", {"a": planning.run.pk, "b": bad})
        assert page.status_code == 200 and 'data-testid="headline"' not in html(page)


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("language", "apply", "decimal"),
    [("ru", "Применить", "3,1"), ("kk", "Қолдану", "3.1")],  # Django has no Kazakh number format
)
def test_the_pages_render_in_russian_and_kazakh(
    world, users, client_for, planning, second_run, language, apply, decimal
):
    client = client_for(users["ministry_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    seat = seat_of(planning.run, world.programs_a[0])
    seats = html(client.get(seats_url(planning.run)))
    assert f'<html lang="{language}">' in seats and apply in seats
    why = client.get(why_url(planning.run, seat))
    assert why.status_code == 200
    assert decimal in section(html(why), "cells")
    compare = client.get("/planning/compare/", {"a": planning.run.pk, "b": second_run.pk})
    assert compare.status_code == 200 and f'<html lang="{language}">' in html(compare)
