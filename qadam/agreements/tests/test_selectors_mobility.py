"""Mobility selectors: per-role visibility, statuses, filters and figures (national counts
for analysts, never names), the Kazakh-students-in-Russia summary.

The `partnerships` fixture (see conftest.py): `outgoing`, a university student in Russia
on a host scholarship, 2025-09-01 to 2029-06-30; `incoming`, an educator from the Russian
university hosted by college A, 2026-02-01 to 2026-06-30 (program funding).
"""

from datetime import date

import pytest

from qadam.agreements import selectors_mobility as selectors
from qadam.agreements.filters import MobilityFilters
from qadam.agreements.models import Mobility
from qadam.registry.tests.factories import ROLES, iin_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)
VALID_IIN = iin_for(date(1995, 1, 1), "M", 12)


def names(user, **filters):
    rows = selectors.mobility_list(user=user, filters=MobilityFilters(**filters), today=TODAY)
    return sorted(rows.values_list("full_name", flat=True))


# --------------------------------------------------------------------------- visibility


EXPECTED_NAMES = {
    "ministry_admin": ["Иванов Пётр", "Университетов Арман"],
    "college_admin_a": ["Иванов Пётр"],
    "university_admin": ["Университетов Арман"],
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_the_records_it_sends_or_hosts(users, partnerships, role):
    user = users[role]
    assert names(user) == EXPECTED_NAMES.get(role, [])
    assert selectors.mobility_sees_names(user=user) == (role != "analyst")
    for mobility in (partnerships.outgoing, partnerships.incoming):
        visible = mobility.full_name in EXPECTED_NAMES.get(role, [])
        try:
            selectors.mobility_get(user=user, mobility_id=mobility.pk)
        except Mobility.DoesNotExist:
            assert not visible
        else:
            assert visible


# --------------------------------------------------------------------------- statuses, filters


@pytest.fixture
def more(world, partnerships):
    """Beside the fixture's two: one planned, one completed without a return, one returned;
    all outgoing students of college A (Russia twice, one on a scholarship)."""
    common = {
        "person_kind": "student",
        "direction": "outgoing",
        "home_institution": world.college_a,
    }
    return {
        "planned": Mobility.objects.create(
            **common, full_name="Планова Айгерим", host_country="TR", funding="program",
            starts_on=date(2027, 2, 1), ends_on=date(2027, 6, 30),
        ),
        "completed": Mobility.objects.create(
            **common, full_name="Завершенов Ерлан", host_country="RU", funding="self",
            starts_on=date(2024, 9, 1), ends_on=date(2026, 6, 30), iin=VALID_IIN,
        ),
        "returned": Mobility.objects.create(
            **common, full_name="Вернулова Дана", host_country="RU", funding="state_scholarship",
            scholarship=True, starts_on=date(2023, 9, 1), ends_on=date(2027, 6, 30),
            returned_on=date(2025, 7, 1),
        ),
    }  # fmt: skip


def test_every_record_has_exactly_one_status(users, more):
    conditions = selectors.status_conditions(TODAY)
    counts = {s: Mobility.objects.filter(c).count() for s, c in conditions.items()}
    assert counts == {"returned": 1, "planned": 1, "completed": 2, "abroad": 1}
    rows = selectors.mobility_list(user=users["ministry_admin"], today=TODAY)
    assert {m.full_name: m.mobility_status for m in rows} == {
        "Университетов Арман": "abroad",
        "Иванов Пётр": "completed",
        "Планова Айгерим": "planned",
        "Завершенов Ерлан": "completed",
        "Вернулова Дана": "returned",
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"direction": "incoming"}, ["Иванов Пётр"]),
        ({"person_kind": "educator"}, ["Иванов Пётр"]),
        ({"host_country": "RU"}, ["Вернулова Дана", "Завершенов Ерлан", "Университетов Арман"]),
        ({"home_country": "RU"}, ["Иванов Пётр"]),
        ({"funding": "self"}, ["Завершенов Ерлан"]),
        ({"scholarship": True}, ["Вернулова Дана", "Университетов Арман"]),
        ({"scholarship": False}, ["Завершенов Ерлан", "Иванов Пётр", "Планова Айгерим"]),
        ({"status": "planned"}, ["Планова Айгерим"]),
        ({"status": "abroad"}, ["Университетов Арман"]),
        ({"status": "completed"}, ["Завершенов Ерлан", "Иванов Пётр"]),
        ({"status": "returned"}, ["Вернулова Дана"]),
        ({"q": "арман"}, ["Университетов Арман"]),
        ({"q": "ДАНА"}, ["Вернулова Дана"]),
        ({"q": VALID_IIN[:6]}, ["Завершенов Ерлан"]),
        ({"host_country": "RU", "scholarship": True, "status": "returned"}, ["Вернулова Дана"]),
    ],
)
def test_filters(users, more, filters, expected):
    assert names(users["ministry_admin"], **filters) == expected


def test_the_institution_filter_matches_sending_or_hosting(world, users, more, partnerships):
    admin = users["ministry_admin"]
    assert names(admin, institution=partnerships.russian_university.pk) == [
        "Иванов Пётр",
        "Университетов Арман",
    ]
    assert len(names(admin, institution=world.college_a.pk)) == 4


def test_filters_from_a_query_drop_what_is_malformed():
    parsed = MobilityFilters.from_query(
        {"direction": "sideways", "host_country": "ru", "home_country": "RUS", "institution": "-1",
         "scholarship": "maybe", "status": "abroad", "funding": "self", "q": " x " * 100}
    )  # fmt: skip
    assert parsed == MobilityFilters(host_country="RU", status="abroad", funding="self", q=parsed.q)
    assert len(parsed.q) == 100
    assert MobilityFilters.from_query({"scholarship": "no"}).scholarship is False
    assert MobilityFilters(scholarship=False, host_country="RU").as_query() == {
        "host_country": "RU",
        "scholarship": "0",
    }


# --------------------------------------------------------------------------- figures


def test_figures_by_country_funding_status_and_returns(users, more):
    figures = selectors.mobility_figures(user=users["ministry_admin"], today=TODAY)
    assert figures["total"] == 5
    assert (figures["scholarship"], figures["scholarship_share"]) == (2, 40.0)
    assert figures["by_host_country"] == [
        {"country": "RU", "count": 3},
        {"country": "KZ", "count": 1},
        {"country": "TR", "count": 1},
    ]
    assert {row["funding"]: row["count"] for row in figures["by_funding"]} == {
        "host_scholarship": 1,
        "program": 2,
        "self": 1,
        "state_scholarship": 1,
    }
    assert {row["status"]: row["count"] for row in figures["by_status"]} == {
        "planned": 1,
        "abroad": 1,
        "completed": 2,
        "returned": 1,
    }
    assert figures["returns_by_year"] == [
        {"year": 2025, "expected": 0, "returned": 1},
        {"year": 2026, "expected": 2, "returned": 0},
        {"year": 2027, "expected": 1, "returned": 0},
        {"year": 2029, "expected": 1, "returned": 0},
    ]


@pytest.mark.parametrize(
    ("role", "total"),
    [
        ("ministry_admin", 5),
        ("analyst", 5),
        ("college_admin_a", 4),
        ("college_admin_b", 0),
        ("university_admin", 1),
        ("enterprise_hr", 0),
        ("student", 0),
        ("guidance_organiser", 0),
    ],
)
def test_figures_per_role(users, more, role, total):
    assert selectors.mobility_figures(user=users[role], today=TODAY)["total"] == total


def test_an_analyst_cannot_count_a_name(users, more):
    """A search by name would tell whether a person's record exists: ignored for analysts."""
    analyst = users["analyst"]
    searched = selectors.mobility_figures(
        user=analyst, filters=MobilityFilters(q="Вернулова"), today=TODAY
    )
    assert searched["total"] == 5
    assert names(analyst) == []
    ministry = selectors.mobility_figures(
        user=users["ministry_admin"], filters=MobilityFilters(q="Вернулова"), today=TODAY
    )
    assert ministry["total"] == 1


def test_kazakh_students_in_russia(users, more):
    # the ministry's exact figures (an analyst's small ones are "<5": test_small_counts.py)
    summary = selectors.mobility_russia_summary(user=users["ministry_admin"], today=TODAY)
    assert summary == {
        "total": 3,
        "scholarship": 2,
        "scholarship_share": 66.7,
        "abroad": 1,
        "returned": 1,
        "returns_by_year": [
            {"year": 2025, "expected": 0, "returned": 1},
            {"year": 2026, "expected": 1, "returned": 0},
            {"year": 2029, "expected": 1, "returned": 0},
        ],
    }
    university = selectors.mobility_russia_summary(user=users["university_admin"], today=TODAY)
    assert (university["total"], university["scholarship_share"]) == (1, 100.0)
    assert selectors.mobility_russia_summary(user=users["college_admin_b"])["total"] == 0


def test_filter_choices_list_what_occurs(users, more, world, partnerships):
    choices = selectors.mobility_filter_choices(user=users["college_admin_a"])
    assert choices["countries"] == ["KZ", "RU", "TR"]
    assert set(choices["institutions"]) == {world.college_a, partnerships.russian_university}


@pytest.mark.parametrize("role", ROLES)
def test_the_page_reads_its_figures_and_russias_in_one_pass_with_the_same_result(users, more, role):
    """The list page opened without filters takes both from one grouped pass; they are what
    the two separate reads give, an analyst's masked cells included."""
    user = users[role]
    figures, russia = selectors.mobility_figures_and_russia(
        user=user, filters=MobilityFilters(), today=TODAY
    )
    assert figures == selectors.mobility_figures(user=user, today=TODAY)
    assert russia == selectors.mobility_russia_summary(user=user, today=TODAY)
    filtered = MobilityFilters(host_country="TR")
    assert selectors.mobility_figures_and_russia(user=user, filters=filtered, today=TODAY) == (
        selectors.mobility_figures(user=user, filters=filtered, today=TODAY),
        russia,
    )
