"""What a user imports with (the scope of an import) and a user's imports; who may import
what is policies.py's."""

from django.db.models import QuerySet

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.common.models import Job
from qadam.common.selectors import job_get, job_list
from qadam.imports import policies
from qadam.imports.kinds import Context, Kind
from qadam.imports.pipeline import Outcome
from qadam.imports.report import result_load

JOB_CHECK = "imports.check"
JOB_COMMIT = "imports.commit"


def import_context(*, user: User, kind: Kind) -> Context:
    """What `user` may import of `kind`; PermissionDenied when nothing."""
    policies.require_importer(user, kind)
    scope = user_scope(user=user)
    return Context(actor=user, institution_ids=None if scope.all_people else scope.institution_ids)


def import_job_list(*, user: User) -> QuerySet[Job]:
    return job_list(user=user).filter(kind__in=(JOB_CHECK, JOB_COMMIT))


def import_job_get(*, user: User, job_id: int) -> Job:
    """One of the user's imports; Job.DoesNotExist for anyone else's."""
    job = job_get(user=user, job_id=job_id)
    if job.kind not in (JOB_CHECK, JOB_COMMIT):
        raise Job.DoesNotExist
    return job


def import_result(*, job: Job) -> Outcome | None:
    """The outcome a finished import job saved (None while it runs)."""
    return result_load(job.pk) if job.is_finished else None
