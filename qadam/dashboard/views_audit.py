"""The audit log page: every change to every record, for the ministry administrator. Read
only: no page changes or deletes an entry."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.audit_filters import AuditFilters
from qadam.common.models import AuditEntry
from qadam.common.pagination import list_template, paginate
from qadam.dashboard.audit_entries import entries_shown, record_types
from qadam.dashboard.audit_log import audit_entry_list


@login_required
@require_safe
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Entries newest first, filtered by record, actor, action and dates; a malformed filter
    is left out (the form shows it empty). Roles other than the ministry's: 403."""
    filters = AuditFilters.from_query(request.GET)
    page = paginate(request, audit_entry_list(user=request.user, filters=filters))
    context = {
        "filters": filters,
        "query": filters.as_query(),
        "page": page,
        "entries": entries_shown(page.object_list),
        "record_types": record_types(),
        "action_choices": AuditEntry.Action.choices,
    }
    template = list_template(
        request, "dashboard/audit_list.html", "dashboard/partials/audit_table.html"
    )
    return render(request, template, context)
