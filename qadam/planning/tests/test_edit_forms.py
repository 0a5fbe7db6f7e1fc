"""The scenario's edit pages submitted exactly as a browser does, in Kazakh, Russian and
English: saved unchanged they change nothing, a typed change changes that input only, and an
input someone else changed meanwhile is refused instead of overwritten. Every number input
holds a machine number in every language (a browser empties one holding "0,7")."""

import re

import pytest
from django.conf import settings

from qadam.common.audit import snapshot
from qadam.common.models import AuditEntry
from qadam.common.tests.browser_forms import NUMBER, form_submission
from qadam.planning import services
from qadam.planning.models import Scenario
from qadam.planning.tests.conftest import make_plan

pytestmark = pytest.mark.django_db
LANGUAGES = ["kk", "ru", "en"]
NUMBER_INPUT = re.compile(r'<input type="number" name="([^"]+)"(?: value="([^"]*)")?')


def open_page(client, path, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    return response.content.decode()


def scenario_entries(scenario):
    return list(
        AuditEntry.objects.filter(model="planning.Scenario", object_id=str(scenario.pk))
        .order_by("id")
        .values("action", "changes")
    )


@pytest.fixture
def scenario(planning):
    """The planning scenario with inputs that have decimals in every kind of field."""
    Scenario.objects.filter(pk=planning.scenario.pk).update(job_value=10.5, mobility=0.175)
    planning.scenario.refresh_from_db()
    return planning.scenario


def edit_path(scenario):
    return f"/planning/scenarios/{scenario.pk}/edit/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_number_input_holds_a_machine_number(scenario, users, client_for, language):
    client = client_for(users["ministry_admin"])
    page = open_page(client, edit_path(scenario), language)
    values = dict(NUMBER_INPUT.findall(page))
    assert (values["job_value"], values["mobility"], values["growth_rate"]) == (
        "10.5",
        "17.5",
        "1.5",
    )
    assert all(NUMBER.fullmatch(value) for value in values.values()), values
    template = f"/planning/megaprojects/{scenario.plans.get().megaproject_id}/plans/template/"
    adjustments = f"/planning/scenarios/{scenario.pk}/adjustments/"
    for path in (template, adjustments):
        values = dict(NUMBER_INPUT.findall(open_page(client, path, language)))
        assert values and all(NUMBER.fullmatch(value) for value in values.values() if value)


@pytest.mark.parametrize("language", LANGUAGES)
def test_saving_the_scenario_unchanged_changes_nothing(scenario, users, client_for, language):
    client = client_for(users["ministry_admin"])
    before, history = snapshot(scenario), scenario_entries(scenario)
    form = form_submission(open_page(client, edit_path(scenario), language), containing="budget")
    response = client.post(edit_path(scenario), form.data())
    assert response.status_code == 302, response.content.decode()[:2000]
    scenario.refresh_from_db()
    assert snapshot(scenario) == before
    assert scenario_entries(scenario) == history


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_typed_change_changes_that_input_only(scenario, users, client_for, language):
    client = client_for(users["ministry_admin"])
    before = snapshot(scenario)
    form = form_submission(open_page(client, edit_path(scenario), language), containing="budget")
    form.set("mobility", "20")
    assert client.post(edit_path(scenario), form.data()).status_code == 302
    scenario.refresh_from_db()
    after = snapshot(scenario)
    assert after.pop("mobility") == 0.2
    assert (after.pop("inputs_version"), before.pop("inputs_version")) == (1, 0)
    assert after == {name: value for name, value in before.items() if name != "mobility"}
    assert [e["changes"] for e in scenario_entries(scenario) if e["action"] == "update"] == [
        {"mobility": [0.175, 0.2]}
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_names_round_trip_and_a_typed_name_changes_that_name_only(
    scenario, users, client_for, language
):
    Scenario.objects.filter(pk=scenario.pk).update(name_kk="Мемлекеттік тапсырыс")
    scenario.refresh_from_db()
    client = client_for(users["ministry_admin"])
    before = snapshot(scenario)
    form = form_submission(open_page(client, edit_path(scenario), language), containing="budget")
    assert client.post(edit_path(scenario), form.data()).status_code == 302  # unchanged
    scenario.refresh_from_db()
    assert snapshot(scenario) == before

    form = form_submission(open_page(client, edit_path(scenario), language), containing="budget")
    form.set("name_en", "State order")
    assert client.post(edit_path(scenario), form.data()).status_code == 302
    scenario.refresh_from_db()
    after = snapshot(scenario)
    assert after.pop("name_en") == "State order"
    after.pop("inputs_version"), before.pop("inputs_version"), before.pop("name_en")
    assert after == before
    assert [e["changes"] for e in scenario_entries(scenario) if e["action"] == "update"] == [
        {"name_en": ["", "State order"]}
    ]


def test_an_input_changed_meanwhile_is_refused_and_others_survive(scenario, users, client_for):
    client = client_for(users["ministry_admin"])
    form = form_submission(open_page(client, edit_path(scenario), "ru"), containing="budget")
    services.scenario_update(actor=users["ministry_admin"], scenario=scenario, total_seats=75)

    form.set("total_seats", "90")
    response = client.post(edit_path(scenario), form.data())
    assert response.status_code == 200
    errors = re.search(r'data-field="total_seats">(.*?)</ul>', response.content.decode(), re.S)
    assert "75" in errors.group(1)
    assert Scenario.objects.get(pk=scenario.pk).total_seats == 75

    form.set("total_seats", "60")  # as seen: only the retention is the planner's change
    form.set("retention", "80")
    assert client.post(edit_path(scenario), form.data()).status_code == 302
    scenario.refresh_from_db()
    assert (scenario.total_seats, scenario.retention) == (75, 0.8)


def test_a_share_changed_meanwhile_is_shown_and_a_second_save_applies_it(
    scenario, users, client_for
):
    client = client_for(users["ministry_admin"])
    form = form_submission(open_page(client, edit_path(scenario), "kk"), containing="budget")
    services.scenario_update(actor=users["ministry_admin"], scenario=scenario, mobility=0.3)

    form.set("mobility", "25")
    refused = client.post(edit_path(scenario), form.data())
    assert refused.status_code == 200
    errors = re.search(r'data-field="mobility">(.*?)</ul>', refused.content.decode(), re.S)
    assert "30%" in errors.group(1) and "0.3" not in errors.group(1)  # as the page shows it
    assert Scenario.objects.get(pk=scenario.pk).mobility == 0.3

    again = form_submission(refused.content.decode(), containing="budget")
    assert client.post(edit_path(scenario), again.data()).status_code == 302
    scenario.refresh_from_db()
    assert scenario.mobility == 0.25
    assert scenario_entries(scenario)[-1]["changes"] == {"mobility": [0.3, 0.25]}


def test_the_plans_form_keeps_someone_elses_choice_and_refuses_to_overwrite_it(
    world, planning, users, client_for
):
    client = client_for(users["ministry_admin"])
    path = f"/planning/scenarios/{planning.scenario.pk}/plans/"
    second = make_plan(world, planning.megaproject, name="Operation")
    form = form_submission(open_page(client, path, "kk"), containing="plans")
    services.scenario_set_plans(
        actor=users["ministry_admin"], scenario=planning.scenario, plans=[planning.plan, second]
    )

    assert client.post(path, form.data()).status_code == 302  # saved unchanged
    assert set(planning.scenario.plans.all()) == {planning.plan, second}

    form.entries = [(name, value) for name, value in form.entries if name != "plans"]
    refused = client.post(path, form.data())  # every plan unchecked, on what it saw
    assert refused.status_code == 200
    assert 'data-field="plans"' in refused.content.decode()
    assert set(planning.scenario.plans.all()) == {planning.plan, second}

    again = form_submission(refused.content.decode(), containing="plans")
    assert client.post(path, again.data()).status_code == 302  # now knowingly
    assert not planning.scenario.plans.exists()
