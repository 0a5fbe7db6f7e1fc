"""Test helpers for list exports: start one through the page's button URL, run its job, and
read the workbook back (see qadam.common.exports)."""

import io
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from qadam.common.models import Job


def export_post(
    client: Client, capture: Callable[..., Any], name: str, **params: Any
) -> tuple[Any, Job | None]:
    """POST the list's export as its button does; returns the response and the new job."""
    before = set(Job.objects.values_list("pk", flat=True))
    with capture(execute=True):
        response = client.post(f"/exports/{name}/", params)
    job = Job.objects.exclude(pk__in=before).first()
    return response, job


def export_cells(
    client: Client,
    capture: Callable[..., Any],
    name: str,
    *,
    language: str | None = None,
    **params: Any,
) -> list[list[Any]]:
    """Export the list, follow the job to its download, return the sheet's cells (header
    first). `language` is the request's language (the header's)."""
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response, job = export_post(client, capture, name, **params)
    assert job is not None and response.status_code == 302, response
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows()]


def values(cells: list[list[Any]]) -> list[list[Any]]:
    return [[cell.value for cell in row] for row in cells]


def export_values(
    client: Client, capture: Callable[..., Any], name: str, **params: Any
) -> list[list[Any]]:
    """The sheet's values, header first."""
    return values(export_cells(client, capture, name, **params))


def column(rows: list[list[Any]], title: str) -> list[Any]:
    """The values under the header `title` (rows as from `export_values`)."""
    index = rows[0].index(title)
    return [row[index] for row in rows[1:]]


def no_formula(cells: list[list[Any]]) -> bool:
    """No cell is a formula and no text starts like one."""
    prefixes = ("=", "+", "-", "@", "\t", "\r")
    return not any(
        cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(prefixes))
        for row in cells
        for cell in row
    )
