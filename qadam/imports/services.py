"""Starting imports: the upload is stored, checked as a background job, and written by a
second job once its owner confirms the check."""

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.errors import ApplicationError
from qadam.common.models import Job
from qadam.common.services import job_create, job_enqueue
from qadam.imports.kinds import KINDS
from qadam.imports.pipeline import Status
from qadam.imports.selectors import JOB_CHECK, JOB_COMMIT, import_context, import_result
from qadam.imports.tasks import import_check_task, import_commit_task

UPLOADS = "imports/uploads"
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "QADAM_IMPORT_MAX_BYTES", MAX_UPLOAD_BYTES))


def _store(upload: UploadedFile) -> tuple[str, str]:
    """Save the upload under MEDIA_ROOT/imports/uploads/; its relative path and name."""
    original = Path(upload.name or "upload").name
    name = get_valid_filename(original)[-100:] or "upload"
    relative = f"{UPLOADS}/{uuid.uuid4().hex}/{name}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as destination:
        for chunk in upload.chunks():
            destination.write(chunk)
    return relative, original


def import_start(*, actor: User, kind_name: str, upload: UploadedFile, language: str) -> Job:
    """Store the file and queue its check; nothing is written to the registry."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise ApplicationError(_("Choose what to import."))
    import_context(user=actor, kind=kind)  # PermissionDenied for anyone else
    if upload.size is None or upload.size > max_upload_bytes():
        raise ApplicationError(too_large_message())
    if upload.size == 0:
        raise ApplicationError(_("The file is empty."))
    relative, original = _store(upload)
    parameters: dict[str, Any] = {
        "import_kind": kind.name,
        "file": relative,
        "filename": original,
        "language": language,
    }
    title = _("Check of %(kind)s: %(file)s") % {"kind": kind.label, "file": original}
    job = job_create(owner=actor, kind=JOB_CHECK, title=title[:200], parameters=parameters)
    return job_enqueue(job=job, task=import_check_task, language=language)


def import_confirm(*, actor: User, job: Job) -> Job:
    """Queue the write of a file whose check found every row valid."""
    outcome = import_result(job=job)
    path = Path(settings.MEDIA_ROOT) / str(job.parameters.get("file", ""))
    if job.kind != JOB_CHECK or outcome is None or outcome.status != Status.VALID:
        raise ApplicationError(_("Only a file whose check found every row valid can be imported."))
    if job.parameters.get("committed_by_job") or not path.is_file():
        raise ApplicationError(_("This file has already been imported."))
    kind = KINDS[job.parameters["import_kind"]]
    import_context(user=actor, kind=kind)
    parameters = {**job.parameters, "checked_by_job": job.pk}
    title = _("Import of %(kind)s: %(file)s") % {
        "kind": kind.label,
        "file": job.parameters["filename"],
    }
    commit = job_create(owner=actor, kind=JOB_COMMIT, title=title[:200], parameters=parameters)
    Job.objects.filter(pk=job.pk).update(
        parameters={**job.parameters, "committed_by_job": commit.pk}
    )
    return job_enqueue(job=commit, task=import_commit_task, language=parameters["language"])


def too_large_message() -> str:
    return _("The file is larger than %(limit)d MB; split it into smaller files.") % {
        "limit": max_upload_bytes() // (1024 * 1024)
    }


def report_path(job: Job) -> Path | None:
    """The XLSX report of a job's bad rows, written by the job."""
    if not job.result_file:
        return None
    path = Path(settings.MEDIA_ROOT) / job.result_file
    return path if path.is_file() else None
