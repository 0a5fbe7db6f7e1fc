"""Career-guidance pages: parse the request, call a service or selector, render.

Pupils use the consent, test and results pages without an account: their resume code is
their key. These pages are shown in the language the pupil chose for the diagnostic. Events
are for organisers and the ministry; the pupils list for counsellors, parents and pupils who
linked their results. Reads of what a user may not see are 404; forbidden actions are 403
(services raise PermissionDenied); a service's ValidationError is shown beside the field.
"""

from collections.abc import Callable
from typing import Any, TypeVar

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url
from django_htmx.middleware import HtmxDetails

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.accounts.roles import Role
from qadam.common.forms import apply_service_errors, positive_id
from qadam.common.http import get_or_404
from qadam.common.pagination import paginate
from qadam.guidance import charts, policies, selectors, services
from qadam.guidance.explain_text import ranking_sentence, recommendation_texts
from qadam.guidance.forms import (
    ConsentForm,
    EventForm,
    JoinForm,
    ParentLinkForm,
    ResumeForm,
    ScreenForm,
    chosen_region,
    first_open_screen,
    response_labels,
    screens,
    unanswered_screens,
)
from qadam.guidance.models import DiagnosticSession, GuidanceEvent
from qadam.guidance.pdf import results_pdf
from qadam.guidance.rules import OUTLOOK_WEIGHT
from qadam.registry import selectors as registry_selectors
from qadam.registry.models import Institution

T = TypeVar("T")
PUPILS_PER_PAGE = 25


class PupilHttpRequest(HttpRequest):
    """A request of the pupils' pages: maybe anonymous, always with django-htmx details."""

    htmx: HtmxDetails


def _language() -> str:
    return (translation.get_language() or "ru")[:2]


def _in_language(language: str, make: Callable[[], HttpResponse]) -> HttpResponse:
    """Render in `language` (the pupil's choice) whatever the visitor's cookie says."""
    with translation.override(language):
        response = make()
    response.headers["Content-Language"] = language
    return response


def _session(resume_code: str) -> DiagnosticSession:
    try:
        return selectors.session_by_code(resume_code=resume_code)
    except DiagnosticSession.DoesNotExist:
        raise Http404 from None


# --------------------------------------------------------------------------- consent


def _schools(request: HttpRequest, region_id: int | None) -> QuerySet[Institution]:
    return selectors.school_list(region_id=region_id)


def start(request: PupilHttpRequest, code: str = "") -> HttpResponse:
    """The consent screen, for a pupil on their own or at an event (`code`)."""
    event = None
    if code:
        try:
            event = selectors.event_by_code(join_code=code)
        except GuidanceEvent.DoesNotExist:
            context = {"form": JoinForm(initial={"code": code}), "unknown_code": code}
            return render(request, "guidance/join.html", context, status=404)
    initial: dict[str, Any] = {"language": _language(), "region": event and event.region_id}
    data = request.POST if request.method == "POST" else None
    if data is not None and data.get("action") == "schools":  # no JS: list the region's schools
        initial, data = {**initial, **data.dict()}, None
    region_id = chosen_region(data, positive_id(initial.get("region")))
    form = ConsentForm(
        data,
        regions=registry_selectors.region_list(),
        schools=_schools(request, region_id),
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        try:
            session = services.session_start(
                client_id=form.cleaned_data["client_id"],
                details=form.details(),
                consent=form.cleaned_data["consent"],
                event_code=code,
                user=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("guidance:diagnostic", resume_code=session.resume_code)
    return render(request, "guidance/start.html", {"form": form, "event": event})


def school_options(request: PupilHttpRequest) -> HttpResponse:
    """The school list of the chosen region (htmx swaps it into the consent form)."""
    region_id = positive_id(request.GET.get("region"))
    form = ConsentForm(
        regions=registry_selectors.region_list(), schools=_schools(request, region_id)
    )
    return render(request, "guidance/partials/school_field.html", {"form": form})


def join(request: PupilHttpRequest) -> HttpResponse:
    """Type the event's code (from the poster) to reach its consent screen."""
    form = JoinForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("guidance:join_event", code=form.cleaned_data["code"])
    return render(request, "guidance/join.html", {"form": form})


def resume(request: PupilHttpRequest) -> HttpResponse:
    """Continue with a resume code: the test where it stopped, or the results."""
    form = ResumeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            session = selectors.session_by_code(resume_code=form.cleaned_data["resume_code"])
        except DiagnosticSession.DoesNotExist:
            form.add_error("resume_code", _("No diagnostic has this code."))
        else:
            target = "guidance:results" if session.completed_at else "guidance:diagnostic"
            return redirect(target, resume_code=session.resume_code)
    return render(request, "guidance/resume.html", {"form": form})


# --------------------------------------------------------------------------- the test


def diagnostic(request: PupilHttpRequest, resume_code: str) -> HttpResponse:
    session = _session(resume_code)
    if session.completed_at is not None:
        return _to_results(request, session)
    return _in_language(session.language, lambda: _screen(request, session))


def _to_results(request: PupilHttpRequest, session: DiagnosticSession) -> HttpResponse:
    url = reverse("guidance:results", kwargs={"resume_code": session.resume_code})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _screen(request: PupilHttpRequest, session: DiagnosticSession) -> HttpResponse:
    """One screen of six items; Back, Next and (on the last screen) Finish save it."""
    all_screens = screens(selectors.instrument_items(instrument=session.instrument))
    total = len(all_screens)
    asked = request.POST.get("screen") if request.method == "POST" else request.GET.get("screen")
    number = positive_id(asked) or first_open_screen(all_screens, session.answers)
    number = min(number, total)
    form = ScreenForm(
        request.POST if request.method == "POST" else None,
        items=all_screens[number - 1],
        labels=response_labels(session.instrument.metadata, session.language),
        answers=session.answers,
        with_skills=number == total,
    )
    missing: list[dict[str, Any]] = []
    if form.is_bound and form.is_valid():
        finishing = number == total and not form.moving_back
        try:
            services.session_save_screen(
                session=session, answers=form.answers(), skills=form.skills(), finish=finishing
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            missing = unanswered_screens(all_screens, session.answers)
        else:
            if finishing:
                return _to_results(request, session)
            step = -1 if form.moving_back else 1
            return _to_screen(session, max(1, number + step))
    answered = sum(digit != "0" for digit in session.answers)
    context = {
        "session": session,
        "form": form,
        "number": number,
        "total": total,
        "answered": answered,
        "items_total": len(session.answers),
        "percent": round(100 * answered / max(1, len(session.answers))),
        "prompt": session.instrument.text("prompt"),
        "missing": missing,
    }
    template = "guidance/partials/screen.html" if request.htmx else "guidance/diagnostic.html"
    response = render(request, template, context)
    if request.htmx and request.method == "GET":
        push_url(response, request.get_full_path())
    return response


def _to_screen(session: DiagnosticSession, number: int) -> HttpResponse:
    url = reverse("guidance:diagnostic", kwargs={"resume_code": session.resume_code})
    # htmx follows the redirect and swaps the next screen in; without JS the page reloads
    return redirect(f"{url}?screen={number}")


# --------------------------------------------------------------------------- results


def _interest_only(request: HttpRequest) -> bool:
    """The results page's switch: ranked by interest fit alone (`?ranking=interests`)."""
    return request.GET.get("ranking") == "interests"


def _results_context(
    session: DiagnosticSession, language: str, *, interest_only: bool = False
) -> dict[str, Any]:
    results = selectors.session_results(
        session=session, language=language, interest_only=interest_only
    )
    return {
        "session": session,
        "results": results,
        "radar_chart": charts.scale_radar(results.scales),
        "recommendations": recommendation_texts(results),
        "ranking": ranking_sentence(interest_only=interest_only, outlook_weight=OUTLOOK_WEIGHT),
    }


def results(request: PupilHttpRequest, resume_code: str) -> HttpResponse:
    """The pupil's results, for anyone holding the code (the pupil's own secret)."""
    session = _session(resume_code)
    if session.completed_at is None:
        return redirect("guidance:diagnostic", resume_code=session.resume_code)

    def page() -> HttpResponse:
        context = _results_context(session, session.language, interest_only=_interest_only(request))
        context.update(
            resume_code=session.resume_code,
            is_linked=request.user.is_authenticated and session.user_id == request.user.pk,
            is_own_page=True,
        )
        return render(request, "guidance/results.html", context)

    return _in_language(session.language, page)


def results_download(request: PupilHttpRequest, resume_code: str) -> HttpResponse:
    """The results on one printable page (PDF)."""
    session = _session(resume_code)
    if session.completed_at is None:
        raise Http404

    def document() -> HttpResponse:
        results = selectors.session_results(session=session, language=session.language)
        content = results_pdf(
            results, recommendation_texts(results), resume_code=session.resume_code
        )
        response = HttpResponse(content, content_type="application/pdf")
        filename = f"qadam-{session.resume_code}.pdf"
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
        return response

    return _in_language(session.language, document)


@login_required
@require_POST
def link_account(request: AuthenticatedHttpRequest, resume_code: str) -> HttpResponse:
    """A signed-in pupil keeps the results in their account."""
    try:
        session = services.session_link_account(user=request.user, resume_code=resume_code)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("guidance:results", resume_code=resume_code.upper())
    messages.success(request, _("The results are linked to your account."))
    return redirect("guidance:results", resume_code=session.resume_code)


@require_POST
def share_for_enrolment(request: PupilHttpRequest, resume_code: str) -> HttpResponse:
    """The pupil agrees that the college enrolling them links these results, by their IIN."""
    try:
        services.session_share_for_enrolment(
            resume_code=resume_code, iin=str(request.POST.get("iin", ""))
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Your college can link these results to your record when it enrols you.")
        )
    return redirect("guidance:results", resume_code=resume_code.strip().upper())


# --------------------------------------------------------------------------- events


@login_required
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "events": selectors.event_list(user=request.user),
        "may_create": policies.may_organise_events(request.user),
    }
    return render(request, "guidance/event_list.html", context)


@login_required
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_organise_events(request.user):
        raise PermissionDenied
    form = EventForm(
        request.POST if request.method == "POST" else None,
        regions=registry_selectors.region_list(),
    )
    if form.is_bound and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.event_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The event is created; pupils can join with its code."))
            return redirect("guidance:event_detail", event_id=event.pk)
    return render(request, "guidance/event_form.html", {"form": form})


def _qr_svg(url: str) -> str:
    # segno writes the SVG itself from the URL's bits: nothing of the URL is echoed as markup
    return mark_safe(segno.make(url, error="m").svg_inline(scale=5, dark="#1b2733"))


@login_required
def event_detail(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    """The live dashboard; htmx re-reads the figures every 10 seconds."""
    event = get_or_404(selectors.event_get, request.user, event_id=event_id)
    dashboard = selectors.event_dashboard(user=request.user, event=event)
    labels = charts.scale_labels(event.instrument.metadata, _language())
    context: dict[str, Any] = {
        "event": event,
        "dashboard": dashboard,
        "letter_rows": [(x, labels.get(x, x), n) for x, n in dashboard.first_letters],
        "reliability_rows": [(r, labels.get(r.code, r.code)) for r in dashboard.reliability],
        "letters_chart": charts.first_letter_bars(dashboard.first_letters, labels),
    }
    if request.htmx:
        return render(request, "guidance/partials/event_live.html", context)
    join_url = request.build_absolute_uri(
        reverse("guidance:join_event", kwargs={"code": event.join_code})
    )
    context.update(join_url=join_url, qr_svg=_qr_svg(join_url))
    return render(request, "guidance/event_detail.html", context)


@login_required
@require_POST
def event_set_open(request: AuthenticatedHttpRequest, event_id: int, is_open: bool) -> HttpResponse:
    event = get_or_404(selectors.event_get, request.user, event_id=event_id)
    services.event_set_open(actor=request.user, event=event, is_open=is_open)
    if is_open:
        messages.success(request, _("The event is open: pupils can join."))
    else:
        messages.success(request, _("The event is closed to new pupils."))
    return redirect("guidance:event_detail", event_id=event_id)


# --------------------------------------------------------------------------- pupils


@login_required
def pupil_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Counsellors: their school's consenting pupils; parents: their children; anyone: the
    results they linked to their own account."""
    is_parent = request.user.role == Role.PARENT
    form = ParentLinkForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.parent_link_create(
                parent=request.user, resume_code=form.cleaned_data["resume_code"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("You now follow these results."))
            return redirect("guidance:pupil_list")
    sessions = selectors.sessions_visible(user=request.user).select_related("top_specialty")
    page = paginate(request, sessions, per_page=PUPILS_PER_PAGE)
    if request.htmx:
        return render(request, "guidance/partials/pupil_table.html", {"page": page, "query": {}})
    context: dict[str, Any] = {
        "page": page,
        "query": {},
        "form": form if is_parent or form.is_bound else None,
        "is_counsellor": request.user.role == Role.SCHOOL_COUNSELLOR,
    }
    return render(request, "guidance/pupil_list.html", context)


@login_required
def pupil_detail(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    """The results of one pupil the user may see, in the user's own language."""
    session = get_or_404(selectors.session_get, request.user, session_id=session_id)
    context = _results_context(session, _language(), interest_only=_interest_only(request))
    student_id = session.student_id or (session.user.student_id if session.user else None)
    if student_id and not selectors.journey_visible(user=request.user, student_id=student_id):
        student_id = None  # a school's counsellor follows the pupil, not the college student
    context.update(is_own_page=False, student_id=student_id)
    return render(request, "guidance/pupil_detail.html", context)
