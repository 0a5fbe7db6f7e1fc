"""Reading the whole audit log: the ministry administrator's page and its export."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit_filters import AuditFilters
from qadam.common.models import AuditEntry
from qadam.dashboard import policies


def audit_entry_list(*, user: User, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """The audit log's entries matching `filters`, newest first; PermissionDenied for a user
    who may not read the log."""
    if not policies.may_read_audit_log(user):
        raise PermissionDenied(_("Only the ministry administrator reads the audit log."))
    entries = AuditEntry.objects.order_by("-at", "-id")
    if filters.record_type:
        entries = entries.filter(model=filters.record_type)
    if filters.record_id is not None:
        entries = entries.filter(object_id=str(filters.record_id))
    if filters.actor:
        entries = entries.filter(actor_username=filters.actor)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if (since := filters.since()) is not None:
        entries = entries.filter(at__gte=since)
    if (before := filters.before()) is not None:
        entries = entries.filter(at__lt=before)
    return entries
