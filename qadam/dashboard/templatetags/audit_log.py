"""`{% audit_history_link record %}`: a link to the record's whole history on the audit log
page, shown only to those who may read the log (a record page shows its latest changes)."""

from typing import Any
from urllib.parse import urlencode

from django import template
from django.db import models
from django.urls import reverse

from qadam.dashboard import policies

register = template.Library()


@register.inclusion_tag("dashboard/partials/audit_history_link.html", takes_context=True)
def audit_history_link(context: template.Context, record: models.Model) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not policies.may_read_audit_log(user):
        return {"href": ""}
    query = urlencode({"record_type": record._meta.label, "record_id": record.pk})
    return {"href": f"{reverse('dashboard:audit_list')}?{query}"}
