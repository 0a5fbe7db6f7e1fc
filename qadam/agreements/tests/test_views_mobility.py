"""Mobility pages per role: the list (figures and charts for everyone, names never for
analysts), filters and htmx, detail (404 outside the scope), create and edit with errors
beside the field, recording a return, the export button (the export itself: test_exports.py),
and the pages in kk and ru."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from qadam.agreements.models import Mobility
from qadam.agreements.tests.conftest import outgoing_students
from qadam.common.models import AuditEntry, Job
from qadam.registry.tests.factories import ROLES

pytestmark = pytest.mark.django_db

LIST = "/partnerships/mobility/"
NAMES = ("Университетов Арман", "Иванов Пётр")
READERS = {
    "ministry_admin": set(NAMES),
    "college_admin_a": {"Иванов Пётр"},
    "university_admin": {"Университетов Арман"},
}
WRITERS = ("ministry_admin", "college_admin_a", "college_admin_b", "university_admin")
NON_WRITERS = tuple(role for role in ROLES if role not in WRITERS)


def html(response):
    return response.content.decode()


def field_errors(page, field):
    found = re.search(rf'<ul class="errorlist" data-field="{field}">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


def form_data(world, **changes):
    data = {
        "person_kind": "student",
        "direction": "outgoing",
        "full_name": "Абаев Нурлан",
        "iin": "",
        "student": world.students_a[0].iin,
        "educator": "",
        "home_institution": world.college_a.pk,
        "home_country": "KZ",
        "host_institution": "",
        "host_country": "TR",
        "program": "Mechatronics",
        "starts_on": "2027-02-01",
        "ends_on": "2027-06-30",
        "funding": "program",
        "scholarship": "on",
        "agreement": "",
    }
    return {**data, **changes}


# --------------------------------------------------------------------------- the list


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_each_role_its_records_and_never_names_to_analysts(
    users, partnerships, client_for, role
):
    response = client_for(users[role]).get(LIST)
    assert response.status_code == 200
    page = html(response)
    for name in NAMES:
        assert (name in page) == (name in READERS.get(role, set()))
    assert 'data-testid="mobility-figures"' in page
    assert 'data-testid="russia-summary"' in page
    assert ('data-testid="results"' in page) == (role != "analyst")
    assert ('data-testid="counts-only"' in page) == (role == "analyst")
    may_write = role in WRITERS
    assert ('data-exporter="agreements.mobility"' in page) == may_write
    assert ("/partnerships/mobility/new/" in page) == may_write


def test_an_analyst_sees_national_figures_and_charts(users, partnerships, client_for):
    page = html(client_for(users["analyst"]).get(LIST))
    # two records: "<5" (test_small_counts.py)
    assert re.search(r'data-testid="figure-total">&lt;5<', page)
    assert 'data-chart="country-chart"' in page
    assert 'data-chart="funding-chart"' in page
    assert 'data-chart="returns-chart"' in page
    assert re.search(r'data-testid="russia-total">&lt;5<', page)  # one, masked
    assert 'name="q"' not in page  # no search by name for analysts
    assert "Университетов" not in page and "Иванов" not in page


def test_a_search_by_name_does_not_change_an_analysts_figures(
    users, world, partnerships, client_for
):
    outgoing_students(world, 5)  # five to Turkey: enough not to be masked
    page = html(client_for(users["analyst"]).get(LIST, {"q": "Иванов"}))
    assert re.search(r"<td>TR</td><td class=\"num\">5</td>", page)


def test_filters_apply_to_the_table_and_the_figures(users, partnerships, client_for):
    client = client_for(users["ministry_admin"])
    page = html(client.get(LIST, {"direction": "incoming"}))
    assert "Иванов Пётр" in page and "Университетов Арман" not in page
    assert re.search(r'data-testid="figure-total">1<', page)
    page = html(client.get(LIST, {"scholarship": "yes", "host_country": "RU"}))
    assert "Университетов Арман" in page and "Иванов Пётр" not in page
    page = html(client.get(LIST, {"q": "арман", "status": "bogus", "institution": "x"}))
    assert "Университетов Арман" in page and "Иванов Пётр" not in page


def test_htmx_gets_the_results_only(users, partnerships, client_for):
    response = client_for(users["ministry_admin"]).get(
        LIST, {"direction": "outgoing"}, HTTP_HX_REQUEST="true"
    )
    page = html(response)
    assert "<html" not in page
    assert 'data-testid="results"' in page and "Университетов Арман" in page
    assert 'name="direction" value="outgoing"' in page  # the export keeps the filters


def test_the_list_needs_a_login(partnerships, client_for):
    response = client_for(None).get(LIST)
    assert response.status_code == 302 and "/login" in response["Location"]


# --------------------------------------------------------------------------- detail


@pytest.mark.parametrize("role", ROLES)
def test_detail_is_404_outside_the_scope(users, partnerships, client_for, role):
    client = client_for(users[role])
    for mobility in (partnerships.outgoing, partnerships.incoming):
        visible = mobility.full_name in READERS.get(role, set())
        response = client.get(f"/partnerships/mobility/{mobility.pk}/")
        assert response.status_code == (200 if visible else 404)
        if visible:
            assert mobility.full_name in html(response)
            assert 'data-testid="return-form"' in html(response)


def test_detail_shows_the_status_and_the_history(users, partnerships, client_for):
    client = client_for(users["university_admin"])
    response = client.post(
        f"/partnerships/mobility/{partnerships.outgoing.pk}/edit/",
        _edit_data(partnerships.outgoing, program="Reactor physics"),
    )
    assert response.status_code == 302
    page = html(client.get(f"/partnerships/mobility/{partnerships.outgoing.pk}/"))
    assert 'data-testid="mobility-status" data-status="abroad"' in page
    assert 'data-testid="history"' in page and "Reactor physics" in page


# --------------------------------------------------------------------------- create, edit


@pytest.mark.parametrize("role", NON_WRITERS)
def test_roles_that_may_not_write_get_403(users, partnerships, client_for, world, role):
    client = client_for(users[role])
    assert client.get("/partnerships/mobility/new/").status_code == 403
    assert client.post("/partnerships/mobility/new/", form_data(world)).status_code == 403
    assert client.post("/exports/agreements.mobility/").status_code == 403
    for mobility in (partnerships.outgoing, partnerships.incoming):
        assert client.post(f"/partnerships/mobility/{mobility.pk}/edit/").status_code == 404
        path = f"/partnerships/mobility/{mobility.pk}/return/"
        assert client.post(path, {"returned_on": "2026-01-01"}).status_code == 404
    assert Mobility.objects.count() == 2 and not Job.objects.exists()


def test_a_college_records_its_student_going_abroad(users, world, client_for):
    client = client_for(users["college_admin_a"])
    form = html(client.get("/partnerships/mobility/new/"))
    assert f'<option value="{world.college_a.pk}" selected>' in form
    response = client.post("/partnerships/mobility/new/", form_data(world))
    mobility = Mobility.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/mobility/{mobility.pk}/"
    assert (mobility.student, mobility.scholarship) == (world.students_a[0], True)
    assert AuditEntry.objects.filter(action="create", object_id=str(mobility.pk)).exists()


@pytest.mark.parametrize(
    ("role", "changes", "field", "words"),
    [
        ("college_admin_a", {"iin": "950101300124"}, "iin", "check digit"),
        ("college_admin_a", {"ends_on": "2027-01-01"}, "ends_on", "end after it starts"),
        ("college_admin_a", {"host_country": "KZ"}, "host_country", "differ from the home"),
        ("college_admin_a", {"student": "000000000000"}, "student", "No student with this IIN"),
        ("college_admin_a", {"home_institution": ""}, "home_institution", "sending or the host"),
        ("ministry_admin", {"student": "of college B"}, "student", "not of the home institution"),
    ],
)
def test_errors_are_shown_beside_their_field(users, world, client_for, role, changes, field, words):
    if changes.get("student") == "of college B":
        changes = {"student": world.students_b[0].iin}
    client = client_for(users[role])
    response = client.post("/partnerships/mobility/new/", form_data(world, **changes))
    assert response.status_code == 200
    assert words in field_errors(html(response), field)
    assert not Mobility.objects.exists()


def _edit_data(mobility, **changes):
    data = {
        "person_kind": mobility.person_kind,
        "direction": mobility.direction,
        "full_name": mobility.full_name,
        "iin": mobility.iin,
        "student": mobility.student.iin if mobility.student else "",
        "educator": "",
        "home_institution": mobility.home_institution_id or "",
        "home_country": mobility.home_country,
        "host_institution": mobility.host_institution_id or "",
        "host_country": mobility.host_country,
        "program": mobility.program,
        "starts_on": mobility.starts_on.isoformat(),
        "ends_on": mobility.ends_on.isoformat() if mobility.ends_on else "",
        "funding": mobility.funding,
        "agreement": mobility.agreement.number if mobility.agreement else "",
    }
    if mobility.scholarship:
        data["scholarship"] = "on"
    return {**data, **changes}


def test_the_edit_form_shows_natural_keys_and_saves(users, partnerships, client_for):
    mobility = partnerships.outgoing
    client = client_for(users["university_admin"])
    form = html(client.get(f"/partnerships/mobility/{mobility.pk}/edit/"))
    assert f'value="{mobility.student.iin}"' in form and 'value="DD-001"' in form
    response = client.post(
        f"/partnerships/mobility/{mobility.pk}/edit/", _edit_data(mobility, ends_on="2030-06-30")
    )
    assert response.status_code == 302
    mobility.refresh_from_db()
    assert mobility.ends_on == date(2030, 6, 30)
    entry = AuditEntry.objects.get(action="update", object_id=str(mobility.pk))
    assert entry.changes == {"ends_on": ["2029-06-30", "2030-06-30"]}


def test_a_link_the_editor_cannot_see_survives_an_edit(users, partnerships, client_for):
    """The ministry linked the record to college B's memorandum; the university edits it."""
    mobility = partnerships.outgoing
    Mobility.objects.filter(pk=mobility.pk).update(agreement=partnerships.memorandum)
    mobility.refresh_from_db()
    response = client_for(users["university_admin"]).post(
        f"/partnerships/mobility/{mobility.pk}/edit/", _edit_data(mobility, program="Physics")
    )
    assert response.status_code == 302
    mobility.refresh_from_db()
    assert (mobility.program, mobility.agreement) == ("Physics", partnerships.memorandum)


# --------------------------------------------------------------------------- returns


def test_a_return_is_recorded_from_the_detail_page(users, partnerships, client_for):
    mobility = partnerships.outgoing
    client = client_for(users["university_admin"])
    returned_on = timezone.localdate() - timedelta(days=3)
    response = client.post(
        f"/partnerships/mobility/{mobility.pk}/return/", {"returned_on": returned_on.isoformat()}
    )
    assert response.status_code == 302
    mobility.refresh_from_db()
    assert mobility.returned_on == returned_on
    page = html(client.get(f"/partnerships/mobility/{mobility.pk}/"))
    assert 'data-status="returned"' in page


@pytest.mark.parametrize(
    ("returned_on", "words"),
    [
        (timezone.localdate() + timedelta(days=1), "in the future"),
        (date(2025, 1, 1), "before the start"),
    ],
)
def test_a_bad_return_date_is_shown_beside_the_field(
    users, partnerships, client_for, returned_on, words
):
    mobility = partnerships.outgoing
    response = client_for(users["ministry_admin"]).post(
        f"/partnerships/mobility/{mobility.pk}/return/", {"returned_on": returned_on.isoformat()}
    )
    assert response.status_code == 200
    assert words in field_errors(html(response), "returned_on")
    mobility.refresh_from_db()
    assert mobility.returned_on is None


def test_a_return_is_posted_not_got(users, partnerships, client_for):
    path = f"/partnerships/mobility/{partnerships.outgoing.pk}/return/"
    assert client_for(users["ministry_admin"]).get(path).status_code == 405


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("language", "export_label"),
    [("kk", "XLSX форматында экспорттау"), ("ru", "Выгрузить в XLSX"), ("en", "Export to XLSX")],
)
def test_pages_render_in_the_chosen_language(
    users, partnerships, client_for, language, export_label
):
    client = client_for(users["ministry_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for path in (
        LIST,
        f"/partnerships/mobility/{partnerships.outgoing.pk}/",
        f"/partnerships/mobility/{partnerships.outgoing.pk}/edit/",
        "/partnerships/mobility/new/",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert f'<html lang="{language}">' in html(response)
    assert export_label in html(client.get(LIST))
