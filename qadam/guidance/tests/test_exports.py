"""The guidance lists as XLSX: events (their organiser's, or all for national roles) and the
pupils' results a counsellor or a parent may open, without names, as the pages show them."""

import pytest
from django.utils import timezone

from qadam.common.exports import exporter_get
from qadam.common.filters import NoFilters
from qadam.common.tests.exporting import (
    column,
    export_cells,
    export_post,
    export_values,
    no_formula,
)
from qadam.guidance import services
from qadam.guidance.tests.test_views import completed
from qadam.registry.tests.factories import InstitutionFactory, UserFactory

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def events(world, users, instrument):
    """Two events of the organiser (one with a hostile name) and one of another organiser."""
    organiser = users["guidance_organiser"]
    fields = {"kind": "festival", "region_id": None}
    mine = [
        services.event_create(
            actor=organiser, name=name, starts_on="2026-11-20", ends_on="2026-11-22", **fields
        )
        for name in ("Atom Fest", FORMULA)
    ]
    other = services.event_create(
        actor=UserFactory.guidance_organiser(),
        name="Other Fest",
        starts_on="2026-10-01",
        ends_on="2026-10-02",
        **fields,
    )
    return mine, other


@pytest.mark.parametrize(
    ("role", "names"),
    [
        ("guidance_organiser", ["'" + FORMULA, "Atom Fest"]),
        ("analyst", ["'" + FORMULA, "Atom Fest", "Other Fest"]),
        ("college_admin_a", []),
    ],
)
def test_the_events_export_holds_the_events_the_page_lists(
    world, users, client_for, capture, events, role, names
):
    client = client_for(users[role])
    page = client.get("/guidance/events/").content.decode()
    assert page.count("data-event=") == len(names)
    cells = export_cells(client, capture, "guidance.events")
    rows = [[c.value for c in row] for row in cells]
    assert sorted(column(rows, "event")) == names
    assert no_formula(cells)


def test_the_events_export_counts_pupils_in_russian(
    world, users, client_for, capture, events, instrument
):
    (fest, _hostile), _other = events
    for _ in range(2):
        completed(world, instrument, event_code=fest.join_code)
    rows = export_values(
        client_for(users["guidance_organiser"]), capture, "guidance.events", language="ru"
    )
    assert rows[0] == [
        "мероприятие",
        "тип",
        "код подключения",
        "дата начала",
        "дата окончания",
        "регион",
        "начали диагностику",
        "завершили диагностику",
        "статус",
    ]
    row = next(r for r in rows if r[0] == "Atom Fest")
    assert row[2] == fest.join_code and row[6:] == [2, 2, "открыто для школьников"]
    assert row[3].date().isoformat() == "2026-11-20"


def test_a_counsellor_exports_only_the_consenting_pupils_of_their_school(
    world, users, client_for, capture, instrument, catalogue
):
    school = InstitutionFactory.create(school=True, region=world.region_a)
    shared = completed(world, instrument, school_id=school.pk, share_with_counsellor=True)
    completed(world, instrument, school_id=school.pk)  # not shared
    completed(world, instrument)  # another pupil, no school
    client = client_for(UserFactory.school_counsellor(school))
    page = client.get("/guidance/pupils/").content.decode()
    assert page.count("data-session=") == 1 and 'data-exporter="guidance.pupils"' in page
    rows = export_values(client, capture, "guidance.pupils")
    assert rows[0] == [
        "completed on",
        "Holland code",
        "best fitting specialty",
        "age",
        "region",
        "school",
    ]
    assert rows[1:] == [[rows[1][0], "RIC", "Electrician", 15, "Alpha Region", school.name_en]]
    # the export's day is Almaty's (after 19:00 UTC already tomorrow's)
    assert rows[1][0].date() == timezone.localdate(shared.completed_at)
    text = " ".join(str(v) for row in rows for v in row)
    assert shared.resume_code not in text


def test_a_parent_exports_the_children_they_follow(
    world, users, client_for, capture, instrument, catalogue
):
    child = completed(world, instrument)
    completed(world, instrument)
    parent = UserFactory.parent()
    services.parent_link_create(parent=parent, resume_code=child.resume_code)
    rows = export_values(client_for(parent), capture, "guidance.pupils")
    assert len(rows) == 2 and rows[1][1] == child.holland_code


@pytest.mark.parametrize("role", ["guidance_organiser", "ministry_admin", "analyst"])
def test_national_roles_and_organisers_export_no_pupil(
    world, users, client_for, capture, instrument, role
):
    completed(world, instrument)
    rows = export_values(client_for(users[role]), capture, "guidance.pupils")
    assert rows[1:] == []


def test_the_events_list_needs_no_param_and_ignores_unknown_ones(world, users, client_for, capture):
    response, job = export_post(
        client_for(users["analyst"]), capture, "guidance.events", round="abc", page="x"
    )
    assert response.status_code == 302 and job is not None


@pytest.mark.parametrize("name", ["guidance.events", "guidance.pupils"])
def test_each_guidance_export_declares_that_its_list_takes_no_filters(name):
    """Neither page filters (ADR 0007: a list without filters exports with NoFilters)."""
    assert exporter_get(name).filters is NoFilters
