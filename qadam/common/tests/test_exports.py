"""The export mechanism: one URL per registered list, its params checked before any job
exists (unknown list 404, malformed param 400, never 500), cells safe to open."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from qadam.common import exports
from qadam.common.filters import FilterError, Flag, Id, ListFilters, NoFilters, Search
from qadam.common.models import Job
from qadam.common.tests.exporting import export_cells, export_post, no_formula, values
from qadam.common.xlsx import cell_value

TEMPLATES = Path(__file__).resolve().parents[2]


def test_every_button_in_the_templates_names_a_registered_list():
    named = {
        match
        for path in TEMPLATES.glob("*/templates/**/*.html")
        for match in re.findall(r'{% export_button "([^"]+)"', path.read_text())
    }
    assert len(named) >= 17
    assert named <= set(exports.exporter_names())


@pytest.mark.parametrize(
    "name", ["nope", "registry", "registry.students.x", "REGISTRY.STUDENTS", "%00", "a" * 300]
)
def test_an_unknown_list_is_404_and_starts_no_job(world, users, client_for, name):
    response = client_for(users["ministry_admin"]).post(f"/exports/{name}/")
    assert response.status_code == (400 if name == "%00" else 404)  # a NUL is refused first
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"region": "abc"},
        {"region": "0"},
        {"region": "99999999999999999999"},
        {"region": "-1"},
        {"funding": "nope"},
        {"status": "<script>"},
        {"year_of_study": "x"},
        {"year_of_study": "١"},  # an Arabic-Indic digit: not ASCII
        {"status": "active", "funding": "free"},  # one bad value refuses the export
    ],
)
def test_a_malformed_filter_is_400_and_starts_no_job(world, users, client_for, params):
    response = client_for(users["ministry_admin"]).post("/exports/registry.students/", params)
    assert response.status_code == 400
    assert 'data-testid="export-refused"' in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize(("q", "kept"), [("a\x00b", "ab"), ("x" * 101, "x" * 100), (" Аб\t", "Аб")])
def test_a_search_is_cleaned_as_the_page_cleans_it_not_refused(
    world, users, client_for, django_capture_on_commit_callbacks, q, kept
):
    """A search box's text is never malformed: the page searches for its cleaned text (no
    control character, at most 100 characters), and the export holds the same rows."""
    client = client_for(users["ministry_admin"])
    _response, job = export_post(
        client, django_capture_on_commit_callbacks, "registry.students", q=q
    )
    assert job is not None and job.parameters["params"] == {"q": kept}


def test_an_export_needs_a_post_and_a_signed_in_user(world, users, client_for):
    assert client_for(users["ministry_admin"]).get("/exports/registry.students/").status_code == 405
    anonymous = client_for(None).post("/exports/registry.students/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Job.objects.exists()


def test_the_job_keeps_the_lists_params_and_a_title_in_the_users_language(
    world, users, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users["ministry_admin"])
    params = {"funding": " paid ", "csrfmiddlewaretoken": "x", "page": "2", "unknown": "1"}
    response, job = export_post(
        client, django_capture_on_commit_callbacks, "registry.students", **params
    )
    assert response.status_code == 302 and job is not None
    assert job.kind == "export:registry.students"
    assert job.parameters == {"exporter": "registry.students", "params": {"funding": "paid"}}
    assert job.title == "Студенты · XLSX"  # the default language is Russian
    assert job.owner == users["ministry_admin"]
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (Job.Status.SUCCEEDED, 2, 2, 100)


def test_the_job_reports_progress_while_it_writes(
    world, users, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from qadam.common import tasks

    reported: list[tuple[int, int]] = []
    real = tasks.job_progress

    def record(*, job_id, done, total, message=""):
        reported.append((done, total))
        real(job_id=job_id, done=done, total=total, message=message)

    monkeypatch.setattr(tasks, "job_progress", record)
    monkeypatch.setattr(tasks, "PROGRESS_EVERY", 3)
    client = client_for(users["ministry_admin"])
    export_cells(client, django_capture_on_commit_callbacks, "registry.students")
    assert reported == [(0, 8), (3, 8), (6, 8), (8, 8)]


def test_a_failed_export_says_why_and_offers_no_file(
    world, users, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("qadam.common.tasks.write_xlsx", fail)
    client = client_for(users["analyst"])
    _response, job = export_post(client, django_capture_on_commit_callbacks, "registry.programs")
    job.refresh_from_db()
    assert (job.status, job.message, job.result_file) == (Job.Status.FAILED, "disk full", "")
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_the_file_is_read_as_the_user_when_the_job_runs(
    world, users, client_for, django_capture_on_commit_callbacks
):
    """The worker reads with the user's scope of the moment, not the request's."""
    user = users["college_admin_a"]
    client = client_for(user)
    rows = values(export_cells(client, django_capture_on_commit_callbacks, "registry.students"))
    assert len(rows) - 1 == len(world.students_a)
    user.institution = world.college_b
    user.save()
    rows = values(export_cells(client, django_capture_on_commit_callbacks, "registry.students"))
    assert sorted(row[0] for row in rows[1:]) == sorted(s.iin for s in world.students_b)


class RoundFilters(ListFilters):
    round: Id
    q: Search = ""
    on: Flag = False


def test_a_lists_declaration_cleans_what_the_job_keeps_and_builds_from_it():
    built = []
    exporter = exports.Exporter(
        name="t", title="t", build=lambda user, filters: built.append(filters), filters=RoundFilters
    )
    raw = {"round": " 7 ", "q": "", "page": "3", "on": "ON", "csrfmiddlewaretoken": "x"}
    assert exports.params_clean(exporter, raw) == {"round": "7", "on": "1"}
    exporter.table(None, {"round": "7", "on": "1"})
    assert built == [RoundFilters(round=7, on=True)]
    with pytest.raises(FilterError, match="round"):
        exports.params_clean(exporter, {"q": "x"})  # the round is required
    with pytest.raises(FilterError, match="on"):
        exports.params_clean(exporter, {"round": "1", "on": "maybe"})


def test_two_lists_cannot_share_a_name():
    @exports.exporter("test.twice", title="t", filters=NoFilters)
    def first(user, params):
        raise NotImplementedError

    with pytest.raises(ImproperlyConfigured):

        @exports.exporter("test.twice", title="t", filters=NoFilters)
        def second(user, params):
            raise NotImplementedError

    exports._EXPORTERS.pop("test.twice")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("\x01=HYPERLINK(1)", "'=HYPERLINK(1)"),  # a control character cannot hide a formula
        ("a\x0bb", "ab"),
        ("-1", "'-1"),
        (gettext_lazy("total"), "всего"),
        (3, 3),
        (None, None),
    ],
)
def test_cell_values_are_plain_and_never_formulas(value, expected):
    with translation.override("ru"):
        assert cell_value(value) == expected


def test_aware_times_are_written_in_local_time():
    moment = datetime(2026, 1, 1, 6, 30, tzinfo=UTC)
    written = cell_value(moment)
    assert written.tzinfo is None
    assert written == timezone.localtime(moment).replace(tzinfo=None)


def test_a_hostile_job_title_is_neutralised_in_the_jobs_export(
    world, users, client_for, django_capture_on_commit_callbacks
):
    from qadam.common.services import job_create

    user = users["analyst"]
    job_create(owner=user, kind="k", title='=HYPERLINK("http://x")', parameters={})
    cells = export_cells(client_for(user), django_capture_on_commit_callbacks, "dashboard.jobs")
    assert '\'=HYPERLINK("http://x")' in [row[0].value for row in cells[1:]]
    assert no_formula(cells)
