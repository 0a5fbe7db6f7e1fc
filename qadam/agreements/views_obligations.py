"""Obligation and delivery pages, partner and college profiles, the overdue list: parse the
request, call one service or selector, render.

Reads of what a user may not see are 404 (selectors raise DoesNotExist); forbidden writes
are 403 (services raise PermissionDenied); a service's ValidationError is shown beside the
form's field, an ApplicationError above the form.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.agreements import policies, services
from qadam.agreements import selectors_obligations as selectors
from qadam.agreements.forms_obligations import DeliveryForm, ObligationForm
from qadam.agreements.reminders import reminder_sections
from qadam.common.errors import ApplicationError
from qadam.common.forms import apply_service_errors
from qadam.common.http import get_or_404
from qadam.common.pagination import list_template, paginate

T = TypeVar("T")


def _save(form: BaseForm, call: Callable[[], T]) -> T | None:
    """Call a service; its errors go onto the form. PermissionDenied goes on (403)."""
    try:
        return call()
    except ValidationError as error:
        apply_service_errors(form, error)
    except ApplicationError as error:
        form.add_error(None, error.message)
    return None


# --------------------------------------------------------------------------- obligations


@login_required
def obligation_create(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_or_404(
        selectors.agreement_for_obligations, request.user, agreement_id=agreement_id
    )
    if not policies.may_write_obligations(request.user, agreement):
        raise PermissionDenied
    form = ObligationForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        obligation = _save(
            form,
            lambda: services.obligation_create(
                actor=request.user, agreement=agreement, **form.cleaned_data
            ),
        )
        if obligation is not None:
            messages.success(request, _("The obligation is added."))
            return redirect("agreements:obligation_detail", obligation_id=obligation.pk)
    context = {"form": form, "agreement": agreement, "obligation": None}
    return render(request, "agreements/obligation_form.html", context)


@login_required
def obligation_update(request: AuthenticatedHttpRequest, obligation_id: int) -> HttpResponse:
    obligation = get_or_404(selectors.obligation_get, request.user, obligation_id=obligation_id)
    agreement = obligation.agreement
    if not policies.may_write_obligations(request.user, agreement):
        raise PermissionDenied
    form = ObligationForm(request.POST or None, instance=obligation, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        changed = _save(
            form,
            lambda: services.obligation_update(
                actor=request.user, obligation=obligation, seen=form.seen(), **form.changes()
            ),
        )
        if changed is not None:
            messages.success(request, _("The obligation is saved."))
            return redirect("agreements:obligation_detail", obligation_id=obligation_id)
    context = {"form": form, "agreement": agreement, "obligation": obligation}
    return render(request, "agreements/obligation_form.html", context)


@login_required
def obligation_detail(request: AuthenticatedHttpRequest, obligation_id: int) -> HttpResponse:
    obligation = get_or_404(selectors.obligation_get, request.user, obligation_id=obligation_id)
    context = selectors.obligation_detail(user=request.user, obligation=obligation)
    if context["may_record"]:
        context["form"] = DeliveryForm(initial={"delivered_on": timezone.localdate()})
    return render(request, "agreements/obligation_detail.html", context)


# --------------------------------------------------------------------------- deliveries


@login_required
def delivery_create(request: AuthenticatedHttpRequest, obligation_id: int) -> HttpResponse:
    obligation = get_or_404(selectors.obligation_get, request.user, obligation_id=obligation_id)
    if not policies.may_record_delivery(request.user, obligation):
        raise PermissionDenied
    form = DeliveryForm(
        request.POST or None,
        request.FILES or None,
        initial={"delivered_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        delivery = _save(
            form,
            lambda: services.delivery_record(
                actor=request.user,
                obligation=obligation,
                quantity=data["quantity"],
                delivered_on=data["delivered_on"],
                description=data["description"],
                evidence=data.get("evidence") or "",
                evidence_file=data.get("evidence_file") or None,
            ),
        )
        if delivery is not None:
            messages.success(request, _("The delivery is recorded."))
            return redirect("agreements:obligation_detail", obligation_id=obligation_id)
    row = selectors.obligation_row(obligation, timezone.localdate())
    return render(request, "agreements/delivery_form.html", {"form": form, "row": row})


@login_required
@require_POST
def delivery_remove(request: AuthenticatedHttpRequest, delivery_id: int) -> HttpResponse:
    delivery = get_or_404(selectors.delivery_get, request.user, delivery_id=delivery_id)
    try:
        services.delivery_remove(actor=request.user, delivery=delivery)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The delivery is removed."))
    return redirect("agreements:obligation_detail", obligation_id=delivery.obligation_id)


@login_required
def delivery_evidence(request: AuthenticatedHttpRequest, delivery_id: int) -> FileResponse:
    """The evidence file, to those who may see the obligation (media is not public)."""
    delivery = get_or_404(selectors.delivery_get, request.user, delivery_id=delivery_id)
    if not delivery.evidence_file:
        raise Http404
    try:
        handle = delivery.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = Path(delivery.evidence_file.name or "evidence").name
    return FileResponse(handle, as_attachment=True, filename=name)


# --------------------------------------------------------------------------- profiles


@login_required
def partner_profile(request: AuthenticatedHttpRequest, enterprise_id: int) -> HttpResponse:
    context = get_or_404(selectors.partner_progress, request.user, enterprise_id=enterprise_id)
    return render(request, "agreements/partner_profile.html", context)


@login_required
def college_profile(request: AuthenticatedHttpRequest, institution_id: int) -> HttpResponse:
    context = get_or_404(selectors.college_progress, request.user, institution_id=institution_id)
    return render(request, "agreements/college_profile.html", context)


# --------------------------------------------------------------------------- overdue


@login_required
def overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Obligations overdue (paged) and agreements expiring within 90 days, in scope."""
    today = timezone.localdate()
    page = paginate(request, selectors.overdue_obligations(user=request.user, today=today))
    page.object_list = [selectors.obligation_row(o, today) for o in page.object_list]
    template = list_template(
        request, "agreements/obligation_overdue.html", "agreements/obligation_overdue_results.html"
    )
    context: dict[str, Any] = {"page": page, "query": {}, "days": selectors.EXPIRING_DAYS}
    if template == "agreements/obligation_overdue.html":
        # the other apps' reminders (educators overdue for upskilling): counts and links
        context["sections"] = reminder_sections(request.user, today, limit=0)
        expiring = selectors.expiring_agreements(user=request.user, today=today)
        context["expiring"] = [
            {"agreement": agreement, "days_left": (agreement.ends_on - today).days}
            for agreement in expiring
            if agreement.ends_on is not None
        ]
    return render(request, template, context)
