"""Register pages: parse the request, call one service or selector, render.

Agreements out of the user's sight are 404 (the selectors raise DoesNotExist); a change the
user may not make is 403 (PermissionDenied); a broken domain rule or a service's
ValidationError is shown as a message or beside the form's field.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES, Role
from qadam.agreements import charts, policies, rules, selectors, services
from qadam.agreements.choices import AgreementKind, AgreementStatus
from qadam.agreements.filters import AgreementFilters
from qadam.agreements.forms_register import (
    AgreementForm,
    DocumentForm,
    PartyForm,
    PartyFormSet,
    TransitionForm,
)
from qadam.agreements.models import Agreement, Party
from qadam.agreements.selectors_obligations import (
    agreement_obligations,
    college_may_view,
    partner_may_view,
)
from qadam.common.errors import ApplicationError
from qadam.common.forms import apply_service_errors, positive_id, search_text
from qadam.common.http import get_or_404
from qadam.common.pagination import list_template, paginate
from qadam.registry import selectors as registry_selectors
from qadam.registry.models import Institution

T = TypeVar("T")
Status = AgreementStatus
LIFECYCLE = (Status.DRAFT, Status.SIGNED, Status.ACTIVE, Status.EXPIRED)


def _writable(request: AuthenticatedHttpRequest, agreement_id: int) -> Agreement:
    agreement = get_or_404(selectors.agreement_get, request.user, agreement_id=agreement_id)
    if not policies.may_write_agreement(request.user, agreement):
        raise PermissionDenied
    return agreement


def _error_messages(request: AuthenticatedHttpRequest, call: Callable[[], T]) -> T | None:
    """Call a service; its domain errors become messages. PermissionDenied goes on (403)."""
    try:
        return call()
    except ApplicationError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return None


def _institutions(request: AuthenticatedHttpRequest) -> QuerySet[Institution]:
    institutions = registry_selectors.institution_list(user=request.user)
    return institutions.exclude(kind="school")


# --------------------------------------------------------------------------- register


def _filter_choices(request: AuthenticatedHttpRequest, filters: AgreementFilters) -> dict[str, Any]:
    codes = selectors.country_codes(user=request.user)
    partners = {
        kind: selectors.partner_options(user=request.user, kind=kind, chosen=chosen)[0]
        for kind, chosen in (
            ("institution", filters.institution),
            ("enterprise", filters.enterprise),
        )
    }
    return {
        "kind_choices": AgreementKind.choices,
        "status_choices": AgreementStatus.choices,
        "regions": registry_selectors.region_list(),
        "countries": sorted(((c, charts.country_name(c)) for c in codes), key=lambda c: c[1]),
        "partners": partners,
    }


@login_required
def partner_options(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A partner filter's select, filled with the partners matching its search box (htmx);
    the partner already chosen stays chosen."""
    kind = "institution" if request.GET.get("kind") == "institution" else "enterprise"
    options, more = selectors.partner_options(
        user=request.user,
        kind=kind,
        q=search_text(request.GET.get("partner_search")),
        chosen=positive_id(request.GET.get(kind)),
    )
    context = {"options": options, "more": more, "chosen": positive_id(request.GET.get(kind))}
    return render(request, "agreements/partials/partner_options.html", context)


@login_required
def institution_options(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An agreement's or a mobility's institution select, filled with the institutions
    matching its search box (htmx); the institution already chosen stays chosen."""
    chosen = positive_id(request.GET.get(str(request.GET.get("field", ""))))
    options, more = registry_selectors.institution_options(
        institutions=_institutions(request), q=search_text(request.GET.get("q")), chosen=chosen
    )
    context = {"options": options, "more": more, "chosen": chosen}
    return render(request, "common/partials/search_options.html", context)


@login_required
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = AgreementFilters.from_query(request.GET)
    agreements = selectors.agreement_list(user=request.user, filters=filters)
    context: dict[str, Any] = {
        "page": paginate(request, agreements),
        "filters": filters,
        "query": filters.as_query(),
        "query_string": urlencode(filters.as_query()),
        "counts": selectors.agreement_counts(user=request.user, filters=filters),
    }
    template = list_template(request, "agreements/register.html", "agreements/register_table.html")
    if template == "agreements/register.html":
        context |= _filter_choices(request, filters)
        context["can_create"] = policies.may_create_agreement(request.user)
    return render(request, template, context)


@login_required
def register_charts(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = AgreementFilters.from_query(request.GET)
    figures = selectors.agreement_figures(user=request.user, filters=filters)
    context = {
        **charts.register_charts(figures),
        **_filter_choices(request, filters),
        "filters": filters,
        "query_string": urlencode(filters.as_query()),
    }
    return render(request, "agreements/charts.html", context)


# --------------------------------------------------------------------------- agreements


def _party_link(user: User, party: Party) -> str:
    """A registry party's partnership profile where the viewer may read it, else its
    registry page (every signed-in user reads organisations); a party outside the
    registry has no page."""
    if party.enterprise_id:
        if partner_may_view(user=user, enterprise_id=party.enterprise_id):
            return reverse("agreements:partner_profile", args=[party.enterprise_id])
        return reverse("registry:enterprise_detail", args=[party.enterprise_id])
    if party.institution_id:
        if college_may_view(user=user, institution_id=party.institution_id):
            return reverse("agreements:college_profile", args=[party.institution_id])
        return reverse("registry:institution_detail", args=[party.institution_id])
    return ""


def _parties(user: User, agreement: Agreement) -> list[tuple[Party, str]]:
    return [(party, _party_link(user, party)) for party in agreement.parties.all()]


def _lifecycle(agreement: Agreement) -> list[dict[str, Any]]:
    current = LIFECYCLE.index(Status(agreement.status)) if agreement.status in LIFECYCLE else -1
    return [
        {"status": status, "label": status.label, "done": i < current, "current": i == current}
        for i, status in enumerate(LIFECYCLE)
    ]


@login_required
def agreement_detail(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_or_404(selectors.agreement_get, request.user, agreement_id=agreement_id)
    may_write = policies.may_write_agreement(request.user, agreement)
    labels = dict(Status.choices)
    context = {
        "agreement": agreement,
        "parties": _parties(request.user, agreement),
        "documents": agreement.documents.all(),
        "may_write": may_write,
        "transitions": [
            (status, labels[status])
            for status in selectors.allowed_transitions(request.user, agreement)
        ],
        "lifecycle": _lifecycle(agreement),
        "timeline": selectors.agreement_timeline(agreement=agreement),
        "obligations": agreement_obligations(user=request.user, agreement=agreement),
    }
    return render(request, "agreements/agreement_detail.html", context)


def _own_party(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The first party row of a new agreement: the user's own organisation."""
    user = request.user
    if user.role in INSTITUTION_ROLES and user.institution_id:
        return [{"kind": "institution", "role": "partner", "institution": user.institution_id}]
    if user.role == Role.ENTERPRISE_HR and user.enterprise is not None:
        return [{"kind": "enterprise", "role": "partner", "enterprise": user.enterprise.bin}]
    return []


@login_required
def agreement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_create_agreement(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = AgreementForm(data)
    parties = PartyFormSet(
        data, prefix="parties", institutions=_institutions(request), initial=_own_party(request)
    )
    if data is not None and form.is_valid() and parties.is_valid():
        try:
            agreement = services.agreement_create(
                actor=request.user, parties=parties.party_data(), **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The agreement is registered as a draft."))
            return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
    return render(request, "agreements/agreement_form.html", {"form": form, "parties": parties})


def _edit_form(agreement: Agreement, data: Any = None) -> AgreementForm:
    initial = {name: getattr(agreement, name) for name in rules.EDITABLE_FIELDS}
    form = AgreementForm(data, initial=initial)
    editable = selectors.editable_fields(agreement)
    for name, field in form.fields.items():
        field.disabled = name not in editable
    return form


def _edit_page(
    request: AuthenticatedHttpRequest,
    agreement: Agreement,
    form: AgreementForm | None = None,
    party_form: PartyForm | None = None,
) -> HttpResponse:
    context = {
        "agreement": agreement,
        "form": form or _edit_form(agreement),
        "parties": _parties(request.user, agreement),
        "parties_open": agreement.status in rules.OPEN_STATUSES,
        "party_form": party_form or PartyForm(prefix="party", institutions=_institutions(request)),
    }
    return render(request, "agreements/agreement_edit.html", context)


@login_required
def agreement_edit(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _writable(request, agreement_id)
    if request.method != "POST":
        return _edit_page(request, agreement)
    form = _edit_form(agreement, request.POST)
    if form.is_valid():
        try:
            services.agreement_update(
                actor=request.user, agreement=agreement, seen=form.seen(), **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
    return _edit_page(request, agreement, form=form)


@login_required
@require_POST
def party_add(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _writable(request, agreement_id)
    form = PartyForm(request.POST, prefix="party", institutions=_institutions(request))
    if form.is_valid():
        try:
            services.party_add(actor=request.user, agreement=agreement, data=form.party_data())
        except ValidationError as error:
            apply_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The party is added."))
            return redirect("agreements:agreement_edit", agreement_id=agreement.pk)
    return _edit_page(request, agreement, party_form=form)


@login_required
@require_POST
def party_remove(
    request: AuthenticatedHttpRequest, agreement_id: int, party_id: int
) -> HttpResponse:
    agreement = _writable(request, agreement_id)
    try:
        party = agreement.parties.get(pk=party_id)
    except Party.DoesNotExist:
        raise Http404 from None
    removed = _error_messages(
        request, lambda: services.party_remove(actor=request.user, party=party) or True
    )
    if removed:
        messages.success(request, _("The party is removed."))
    return redirect("agreements:agreement_edit", agreement_id=agreement.pk)


@login_required
@require_POST
def agreement_transition(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_or_404(selectors.agreement_get, request.user, agreement_id=agreement_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
    changed = _error_messages(
        request,
        lambda: services.agreement_transition(
            actor=request.user, agreement=agreement, **form.cleaned_data
        ),
    )
    if changed is not None:
        status = changed.get_status_display()
        messages.success(request, _("The agreement is now %(status)s.") % {"status": status})
    return redirect("agreements:agreement_detail", agreement_id=agreement.pk)


# --------------------------------------------------------------------------- documents


@login_required
def document_upload(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _writable(request, agreement_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                actor=request.user,
                agreement=agreement,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The document is attached."))
            return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
    context = {"form": form, "agreement": agreement}
    return render(request, "agreements/document_upload.html", context)


@login_required
def document_download(request: AuthenticatedHttpRequest, document_id: int) -> FileResponse:
    document = get_or_404(selectors.document_get, request.user, document_id=document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = Path(document.file.name or "document.pdf").name
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
