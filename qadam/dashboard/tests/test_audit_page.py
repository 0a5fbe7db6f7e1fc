"""The audit log page: the ministry reads every change, filtered by record, actor, action and
dates, with each field's old and new value, and exports exactly the rows it filtered. Nobody
changes or deletes an entry through it."""

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation

from qadam.common.audit import audit_record
from qadam.common.audit_filters import AuditFilters
from qadam.common.exports import exporter_get
from qadam.common.models import AuditEntry, Job
from qadam.common.tests.exporting import column, export_post, export_values
from qadam.dashboard.audit_entries import entries_shown
from qadam.registry.tests.factories import ROLES, UserFactory

ALMATY = ZoneInfo("Asia/Almaty")
URL = "/audit/"


def _write(actor, action, instance, changes, at, object_id=None):
    entry = audit_record(actor=actor, action=action, instance=instance, changes=changes)
    AuditEntry.objects.filter(pk=entry.pk).update(
        at=at, **({"object_id": str(object_id)} if object_id else {})
    )
    return entry.pk


@pytest.fixture
def log(world, users):
    """Four entries by two people; `at` in Almaty time (the site's zone)."""
    ministry, college = users["ministry_admin"], users["college_admin_a"]
    student, other = world.students_a[0], world.students_a[1]
    first, second = world.programs_a
    return {
        "student_update": _write(
            ministry,
            "update",
            student,
            {
                "last_name": ["Абаев", "Абаева"],
                "funding": ["state_order", "paid"],
                "program_id": [first.pk, second.pk],
            },
            datetime(2025, 3, 1, 10, 0, tzinfo=ALMATY),
        ),
        # 02:00 in Almaty is still the day before in UTC: days are Almaty's
        "program_create": _write(
            college,
            "create",
            first,
            {"capacity": [None, 25]},
            datetime(2025, 3, 5, 2, 0, tzinfo=ALMATY),
        ),
        "enterprise_delete": _write(
            ministry,
            "delete",
            world.enterprise,
            {"name": ["ТОО «Закрытое»", None]},
            datetime(2025, 4, 10, 23, 30, tzinfo=ALMATY),
            object_id=999_999,
        ),
        "other_update": _write(
            college,
            "update",
            other,
            {"year_of_study": [1, 2]},
            datetime(2025, 4, 11, 9, 0, tzinfo=ALMATY),
        ),
    }


def shown(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'data-entry="(\d+)"', response.content.decode())]


def text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


@pytest.fixture
def ministry(users, client_for):
    return client_for(users["ministry_admin"])


def test_the_ministry_reads_every_entry_newest_first(log, ministry):
    assert shown(ministry.get(URL)) == [
        log["other_update"],
        log["enterprise_delete"],
        log["program_create"],
        log["student_update"],
    ]


def test_a_superuser_reads_the_log(log, client_for):
    root = UserFactory.create(username="root", is_superuser=True, is_staff=True, role="")
    assert len(shown(client_for(root).get(URL))) == 4


@pytest.mark.parametrize("role", [r for r in ROLES if r != "ministry_admin"])
def test_no_other_role_reads_the_log_or_its_export(
    log, users, client_for, django_capture_on_commit_callbacks, role
):
    client = client_for(users[role])
    assert client.get(URL).status_code == 403
    assert client.get(URL, headers={"HX-Request": "true"}).status_code == 403
    capture = django_capture_on_commit_callbacks
    response, job = export_post(client, capture, "dashboard.audit")
    assert response.status_code == 403
    assert job is None


def test_an_anonymous_visitor_is_sent_to_sign_in(log, client_for):
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"record_type": "registry.Student"}, ["other_update", "student_update"]),
        ({"record_type": "registry.Program"}, ["program_create"]),
        ({"record_type": "registry.Enterprise", "record_id": "999999"}, ["enterprise_delete"]),
        ({"record_type": "registry.Student", "record_id": "999999"}, []),
        ({"actor": "college_a"}, ["other_update", "program_create"]),
        ({"actor": "ministry"}, ["enterprise_delete", "student_update"]),
        ({"actor": "college"}, []),  # a username, not part of one
        ({"action": "delete"}, ["enterprise_delete"]),
        ({"action": "update"}, ["other_update", "student_update"]),
        ({"date_from": "2025-04-01"}, ["other_update", "enterprise_delete"]),
        ({"date_from": "2025-03-05"}, ["other_update", "enterprise_delete", "program_create"]),
        ({"date_to": "2025-03-04"}, ["student_update"]),
        ({"date_to": "2025-04-10"}, ["enterprise_delete", "program_create", "student_update"]),
        (
            {"date_from": "2025-03-02", "date_to": "2025-04-10"},
            ["enterprise_delete", "program_create"],
        ),
        ({"date_from": "2025-04-11", "date_to": "2025-04-11"}, ["other_update"]),
        ({"date_from": "2025-05-01", "date_to": "2025-04-01"}, []),
        ({"actor": "college_a", "action": "update"}, ["other_update"]),
    ],
)
def test_each_filter_narrows_the_list(log, ministry, query, expected):
    assert shown(ministry.get(URL, query)) == [log[name] for name in expected]


@pytest.mark.parametrize(
    "query",
    [
        {"record_type": "registry.Student"},
        {"actor": "college_a", "action": "update"},
        {"date_from": "2025-03-02", "date_to": "2025-04-10"},
        {"record_type": "registry.Enterprise", "record_id": "999999"},
    ],
)
def test_the_page_and_its_export_read_one_declaration_of_the_filters(
    log, ministry, django_capture_on_commit_callbacks, query
):
    """The same filters give the same entries, in the same order (AuditFilters is both the
    page's and the export's declaration)."""
    assert exporter_get("dashboard.audit").filters is AuditFilters
    ministry.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    entries = [AuditEntry.objects.get(pk=pk) for pk in shown(ministry.get(URL, query))]
    assert 0 < len(entries) < len(log)
    rows = export_values(ministry, django_capture_on_commit_callbacks, "dashboard.audit", **query)
    assert column(rows, "record id") == [entry.object_id for entry in entries]
    assert column(rows, "who") == [entry.actor_username for entry in entries]


def test_a_students_history_links_to_their_whole_history(log, world, ministry, users, client_for):
    student = world.students_a[0]
    page = ministry.get(f"/registry/students/{student.pk}/").content.decode()
    href = f"/audit/?record_type=registry.Student&amp;record_id={student.pk}"
    assert f'href="{href}"' in page
    assert shown(ministry.get(unescape(href))) == [log["student_update"]]
    # the college sees its student's latest changes, not the ministry's log
    college_page = client_for(users["college_admin_a"]).get(f"/registry/students/{student.pk}/")
    assert 'data-testid="history"' in college_page.content.decode()
    assert 'data-testid="full-history"' not in college_page.content.decode()


def test_each_entry_shows_what_changed_with_field_names_and_labels(log, world, ministry):
    ministry.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(
        ministry.get(URL, {"record_type": "registry.Student", "record_id": world.students_a[0].pk})
    )
    first, second = world.programs_a
    with translation.override("en"):
        programs = f"program: {first} (#{first.pk}) → {second} (#{second.pk})"
    assert "last name: Абаев → Абаева" in page
    assert "funding: state order → paid" in page  # the choices' labels, not their codes
    assert programs in page  # a linked record by name and id
    assert "ministry" in page and "ministry administrator" in page  # who, in which role


def test_a_deleted_record_and_an_unknown_field_still_show(log, ministry):
    ministry.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(ministry.get(URL, {"action": "delete"}))
    assert "enterprise #999999" in page
    assert "name: ТОО «Закрытое» → —" in page


def test_entries_of_a_deleted_user_still_say_who(log, users, ministry):
    users["college_admin_a"].delete()
    ministry.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(ministry.get(URL, {"actor": "college_a"}))
    assert page.count("college administrator") == 2


def test_htmx_gets_the_results_with_an_export_of_the_same_filters(log, ministry):
    response = ministry.get(
        URL, {"actor": "college_a", "page": "1"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-exporter="dashboard.audit"' in html
    assert '<input type="hidden" name="actor" value="college_a">' in html
    assert 'name="page"' not in html


def test_the_export_holds_exactly_the_filtered_rows(
    log, ministry, django_capture_on_commit_callbacks
):
    ministry.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = export_values(
        ministry, django_capture_on_commit_callbacks, "dashboard.audit", actor="college_a"
    )
    assert rows[0] == [
        "when",
        "who",
        "role",
        "action",
        "record type",
        "record id",
        "summary",
        "what changed",
    ]
    assert column(rows, "who") == ["college_a", "college_a"]
    assert column(rows, "action") == ["updated", "created"]  # newest first, as on the page
    assert column(rows, "what changed") == [
        "year of study: 1 → 2",
        "capacity (first-year seats): — → 25",
    ]
    assert column(rows, "when")[0] == datetime(2025, 4, 11, 9, 0)  # local time


def test_the_export_of_the_whole_log_holds_every_entry(
    log, ministry, django_capture_on_commit_callbacks
):
    rows = export_values(ministry, django_capture_on_commit_callbacks, "dashboard.audit")
    assert len(rows) == 1 + 4


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2025-02-30"},
        {"date_to": "yesterday"},
        {"date_from": "20250301"},
        {"date_from": "0001-01-01"},
        {"record_id": "9" * 40},
        {"record_id": "-1"},
        {"actor": "x" * 500},
        {"record_type": "x" * 500},
        {"record_type": "'; DROP TABLE common_auditentry; --"},
        {"action": "truncate"},
    ],
)
def test_a_malformed_filter_is_dropped_on_the_page_and_refused_by_the_export(
    log, ministry, django_capture_on_commit_callbacks, query
):
    assert len(shown(ministry.get(URL, query))) == 4  # as if the filter were empty
    response, job = export_post(
        ministry, django_capture_on_commit_callbacks, "dashboard.audit", **query
    )
    assert response.status_code == 400
    assert job is None


@pytest.mark.parametrize(
    "query",
    [{"record_id": "1\x00"}, {"actor": "college_a\x00"}, {"record_type": "registry.Student\x00"}],
)
def test_a_nul_in_a_filter_is_refused_by_the_page_and_the_export(
    log, ministry, django_capture_on_commit_callbacks, query
):
    assert ministry.get(URL, query).status_code == 400  # common.middleware refuses a NUL
    response, job = export_post(
        ministry, django_capture_on_commit_callbacks, "dashboard.audit", **query
    )
    assert response.status_code == 400
    assert job is None


@pytest.mark.parametrize("query", [{"date_to": "9999-12-31"}, {"date_from": "1900-01-01"}])
def test_the_far_ends_of_the_calendar_are_valid_dates(log, ministry, query):
    assert len(shown(ministry.get(URL, query))) == 4


def _entries():
    return list(AuditEntry.objects.order_by("pk").values())


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_the_page_changes_nothing(log, ministry, method):
    before = _entries()
    response = getattr(ministry, method)(URL, {"record_type": "registry.Student"})
    assert response.status_code == 405
    assert _entries() == before


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_export_takes_only_a_post(log, ministry, method):
    before = _entries()
    assert getattr(ministry, method)("/exports/dashboard.audit/").status_code == 405
    assert _entries() == before


def test_exporting_the_log_changes_no_entry(log, ministry, django_capture_on_commit_callbacks):
    before = _entries()
    response, job = export_post(ministry, django_capture_on_commit_callbacks, "dashboard.audit")
    assert response.status_code == 302
    assert job is not None and Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED
    assert _entries() == before


def test_the_list_is_paginated_keeping_its_filters(world, users, ministry, settings):
    settings.QADAM_PAGE_SIZE = 3
    program = world.programs_a[0]
    for capacity in range(7):
        audit_record(
            actor=users["college_admin_a"],
            action="update",
            instance=program,
            changes={"capacity": [capacity, capacity + 1]},
        )
    audit_record(actor=users["ministry_admin"], action="update", instance=program, changes={})
    first = ministry.get(URL, {"actor": "college_a"})
    assert len(shown(first)) == 3
    assert 'href="?actor=college_a&page=2"' in first.content.decode()
    last = ministry.get(URL, {"actor": "college_a", "page": "3"})
    assert len(shown(last)) == 1
    assert (
        len(shown(ministry.get(URL, {"actor": "college_a", "page": "999999999999999999999"}))) == 1
    )


@pytest.mark.parametrize(
    ("role", "linked"), [("ministry_admin", True), ("analyst", False), ("college_admin_a", False)]
)
def test_the_navigation_links_the_log_for_the_ministry_only(world, users, client_for, role, linked):
    page = client_for(users[role]).get("/").content.decode()
    assert ('href="/audit/"' in page) is linked


def test_an_imported_records_file_and_row_are_its_summary_not_a_change(db):
    entry = AuditEntry.objects.create(
        action="create",
        model="registry.Student",
        object_id="7",
        summary="from students.xlsx, row 3",
        changes={"last_name": [None, "Абаев"], "source": {"file": "students.xlsx", "row": 3}},
    )
    with translation.override("en"):
        [shown] = entries_shown([entry])
        assert [str(change) for change in shown.changes] == ["last name: — → Абаев"]
