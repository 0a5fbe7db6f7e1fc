"""The jobs page as XLSX: the user's own latest jobs, as the page lists them."""

from qadam.common.services import job_create
from qadam.common.tests.exporting import column, export_values
from qadam.dashboard.exporters import JOBS_SHOWN


def test_the_jobs_export_lists_the_users_own_latest_jobs_only(
    world, users, client_for, django_capture_on_commit_callbacks
):
    mine = users["college_admin_a"]
    for n in range(JOBS_SHOWN + 2):
        job_create(owner=mine, kind="k", title=f"Мой экспорт {n}", parameters={})
    job_create(owner=users["college_admin_b"], kind="k", title="Чужой экспорт", parameters={})
    client = client_for(mine)
    page = client.get("/jobs/").content.decode()
    assert 'data-exporter="dashboard.jobs"' in page
    rows = export_values(client, django_capture_on_commit_callbacks, "dashboard.jobs")
    assert rows[0][:3] == ["задача", "статус", "выполнено"]  # the request's language: ru
    titles = column(rows, "задача")
    # the page's fifty: the export's own job (created first) and the 49 newest before it
    assert len(titles) == JOBS_SHOWN
    assert titles[0] == "Фоновые задачи · XLSX"
    assert titles[1] == f"Мой экспорт {JOBS_SHOWN + 1}"
    assert "Чужой экспорт" not in titles
    assert "Мой экспорт 0" not in titles


def test_an_empty_jobs_page_offers_no_export(world, users, client_for):
    page = client_for(users["analyst"]).get("/jobs/").content.decode()
    assert 'data-exporter="dashboard.jobs"' not in page
