"""A round's certificate: the anonymised inputs an outside auditor re-runs."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from qadam.accounts.http import AuthenticatedHttpRequest
from qadam.common.http import get_or_404
from qadam.placements import selectors


@login_required
def round_certificate_export(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """The stored anonymised document as it was certified (gzip JSON): no work in the request."""
    placement_round = get_or_404(selectors.round_get, request.user, round_id=round_id)
    blob = get_or_404(
        selectors.certificate_anonymised, request.user, placement_round=placement_round
    )
    response = HttpResponse(blob, content_type="application/gzip")
    name = f"round-{placement_round.pk}-anonymised-inputs.json.gz"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
