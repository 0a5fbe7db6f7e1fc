"""A megaproject's pipeline page: per line of its staffing plan, who is on the way to it and
the gap left; its operator (or the ministry) ties targeted-training offers to the lines.

Read by the ministry, analysts and the operator's HR (selectors.megaproject_get: anyone
else gets 404); tying is the operator's or the ministry's (403 otherwise).
"""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.http import get_or_404
from qadam.planning import policies, selectors, services
from qadam.planning.pipeline import PipelineLine, line_label, pipeline_context, plan_lines


class TieForm(forms.Form):
    line = forms.ChoiceField(label=gettext_lazy("plan line"))

    def __init__(self, *args: Any, lines: list[PipelineLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = {_line_value(line.key): line.key for line in lines}
        cast(forms.ChoiceField, self.fields["line"]).choices = [
            (_line_value(line.key), line_label(line)) for line in lines
        ]

    def line_key(self) -> tuple[Any, ...]:
        return self.lines[self.cleaned_data["line"]]


def _line_value(key: tuple[Any, ...]) -> str:
    return ":".join("" if part is None else str(part) for part in key)


@login_required
def megaproject_pipeline(request: AuthenticatedHttpRequest, megaproject_id: int) -> HttpResponse:
    megaproject = get_or_404(selectors.megaproject_get, request.user, megaproject_id=megaproject_id)
    context = pipeline_context(request.user, megaproject)
    offers = list(selectors.megaproject_targeted_offers(megaproject=megaproject))
    context["offers"] = offers
    context["tie_form"] = TieForm(lines=context["pipeline"].lines)
    return render(request, "planning/megaproject_pipeline.html", context)


@login_required
@require_POST
def megaproject_offer_tie(
    request: AuthenticatedHttpRequest, megaproject_id: int, offer_id: int
) -> HttpResponse:
    megaproject = get_or_404(selectors.megaproject_get, request.user, megaproject_id=megaproject_id)
    if not policies.may_declare_plans(request.user, megaproject):
        raise PermissionDenied
    offers = selectors.megaproject_targeted_offers(megaproject=megaproject)
    offer = offers.filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    form = TieForm(request.POST, lines=plan_lines(megaproject))
    if not form.is_valid():
        messages.error(request, _("Choose a line of the staffing plan."))
    else:
        try:
            services.megaproject_offer_tie(
                actor=request.user, megaproject=megaproject, offer=offer, line=form.line_key()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The offer now trains toward that line of the plan."))
    return redirect("planning:megaproject_pipeline", megaproject_id=megaproject.pk)
